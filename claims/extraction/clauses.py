"""Which clauses of a sentence make which candidates.

A list under a lead-in that calls its items projections; the forecasts before a closing question;
the clause whose horizon governs; and a Chinese run-on sentence of several forecasts, one
candidate per forecast. Offsets are into the matching view (claims.extraction.markup), as in
claims.extraction.extract, which calls these.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterator

from claims.extraction.cues import Cue
from claims.extraction.segment import Sentence
from claims.horizons import Window, compute_window, runs_past_the_year

__all__ = [
    "HAN_CHAR",
    "MAY_HOLD_HORIZON",
    "forecast_parts",
    "forecasts_before_the_question",
    "items_under_headings",
    "projected_items",
]

# Cue families that may hold a horizon: the sentences claims.horizons reads.
MAY_HOLD_HORIZON = frozenset({"when", "horizon"})
HAN_CHAR = re.compile(r"[\u3400-\u9fff]")

# A line that introduces a list of forecasts ("In CBO’s economic projections for the 2025–2035
# period:", "我们的预测如下："), and the items of the list under it.
_LINE_END_COLON = re.compile(r"[:：][ \t]*\n")
_PROJECTING = re.compile(
    r"\b(?:projections?|projected|forecasts?|predictions?|outlook|expect(?:s|ed|ations?)?)\b|预测|预计|预期|展望",
    re.IGNORECASE,
)
# The words that forecast a whole run of clauses after them.
_LEADS_A_RUN = re.compile(
    r"预计|预测|预期|估计|预估|测算|\b(?:expects?|forecasts?|projects?|predicts?|estimates?|(?:(?:is|are)\s+)?set\s+to"
    r"|(?:is|are)\s+(?:expected|forecast|projected|predicted)\s+to)\b",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")


def _past_blank_lines(text: str, position: int) -> int:
    match = _BLANK_LINES.match(text, position)
    assert match is not None  # the pattern matches the empty string too
    return match.end()


_LIST_ITEM = re.compile(r"[ \t]*(?:(?:[-*•·▪●]|\d{1,2}[.)])[ \t]+|\d{1,2}、[ \t]*)[^\n]*(?:\n|$)")
# Items without a list mark: short lines of one enumeration, each ending in a comma or semicolon
# but the last; at least two of them ("印度出生人口占全球比例从17%下降到12%，").
_AS_FOLLOWS = re.compile(r"如下\s*$|\b(?:as\s+follows|the\s+following)\s*$", re.IGNORECASE)
_PLAIN_ITEM = re.compile(r"[ \t]*[^\s#>|*\-][^\n]{0,78}[,，;；。.][ \t]*(?:\n|$)")
_ENUMERATION_GOES_ON = re.compile(r"[,，;；][ \t]*\n?$")


def projected_items(seen: str, said_on: dt.date) -> Iterator[tuple[int, int]]:
    """The list items under a lead-in that calls them projections or forecasts, or that tells a
    change over years still to come ("从2023-2100年，中国出生人口降幅最大，…具体如下："), and under a
    Markdown heading that does ("### By 2027 (5 years from now)", "## Predictions")."""
    for item_start, item_end, _ in items_under_headings(seen, said_on):
        yield item_start, item_end
    for colon in _LINE_END_COLON.finditer(seen):
        position = _past_blank_lines(seen, colon.end())
        line_start = seen.rfind("\n", 0, colon.start()) + 1
        item_pattern = _LIST_ITEM
        if not _LIST_ITEM.match(seen, position):
            # Unmarked items are read only after a lead-in that announces them ("具体如下："),
            # as lines of one enumeration: each ends in a comma but the last.
            if not _AS_FOLLOWS.search(seen, line_start, colon.start()) or not _enumeration_at(seen, position):
                continue  # most colons end no lead-in: skip them before reading their line
            item_pattern = _PLAIN_ITEM
        if not _projects(seen[line_start : colon.start()], said_on):
            continue
        # A WeChat article sets each item as a paragraph of its own: blank lines between them.
        while (item := item_pattern.match(seen, position)) is not None:
            yield item.start(), item.end()
            position = _past_blank_lines(seen, item.end())
            if item_pattern is _PLAIN_ITEM and not _goes_on(seen, item):
                break  # the item that closes the enumeration


# A heading line, and a list item wrapped over the indented lines below its mark.
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>[^\n]{1,80}?)[ \t#]*\n", re.MULTILINE)
_WRAPPED_ITEM = re.compile(
    r"[ \t]*(?:[-*•·▪●]|\d{1,2}[.)])[ \t]+[^\n]*(?:\n|$)"
    r"(?:[ \t]+(?![-*•·▪●][ \t]|\d{1,2}[.)][ \t])\S[^\n]*(?:\n|$))*"
)


def items_under_headings(
    seen: str, said_on: dt.date
) -> Iterator[tuple[int, int, tuple[int, int, Window] | None]]:
    """(start, end, the heading's horizon words and window, or None) of each list item under a
    heading that makes its items projections ("### By 2027 (5 years from now)": the time the items
    are forecast for)."""
    if "#" not in seen:
        return
    for heading in _HEADING_LINE.finditer(seen):
        position = _past_blank_lines(seen, heading.end())
        if not _WRAPPED_ITEM.match(seen, position):
            continue
        projects, window = _heading_time(heading.group("title"), said_on)
        if not projects:
            continue
        horizon = None
        if window is not None and window.span is not None:
            start = heading.start("title")
            horizon = (start + window.span[0], start + window.span[1], window)
        while (item := _WRAPPED_ITEM.match(seen, position)) is not None:
            yield item.start(), item.end(), horizon
            position = _past_blank_lines(seen, item.end())


_LOOKS_BACK = re.compile(
    r"\b(?:past|review(?:ing|ed)?|recap|last\s+year'?s?|scorecard)\b|回顾|复盘|去年", re.IGNORECASE
)


def _heading_time(title: str, said_on: dt.date) -> tuple[bool, Window | None]:
    """Whether a heading makes the items under it projections (it calls them so, or it is short and
    names a time still to come: "By 2027 (5 years from now)", "2030年", not a question), and the
    window it gives them, if any."""
    if _LOOKS_BACK.search(title):
        return False, None  # "Reviewing past predictions", "回顾去年的预测": what was forecast before
    window = compute_window(title, said_on, folded=True)
    ahead = window.due_latest is not None and window.due_latest > said_on
    short = len(title) <= 40 and not title.rstrip().endswith(("?", "？"))
    projects = _PROJECTING.search(title) is not None or (short and ahead)
    return projects, window if window.due_latest is not None else None


def _goes_on(seen: str, item: re.Match[str]) -> bool:
    return _ENUMERATION_GOES_ON.search(seen, item.start(), item.end()) is not None


def _enumeration_at(seen: str, position: int) -> bool:
    """Whether two unmarked items start at `position`: the first one ending in a comma."""
    first = _PLAIN_ITEM.match(seen, position)
    return (
        first is not None
        and _goes_on(seen, first)
        and _PLAIN_ITEM.match(seen, _past_blank_lines(seen, first.end())) is not None
    )


def _projects(lead_in: str, said_on: dt.date) -> bool:
    if _PROJECTING.search(lead_in):
        return True
    window = compute_window(lead_in, said_on, folded=True)
    return runs_past_the_year(window.matched or "", window.due_latest, said_on)


_CLAUSE_TAIL = ",，;；:：、—- \t"
# Where comma-spliced clauses meet: not split_clauses' 、 or colon, which enumerate or introduce
# within one forecast ("今年到未来的3年、5年、10年").
_SPLICE = re.compile(r"[,，;；]")
# English joins its forecasts with words as well: "cools in 2025 and 2026 and then averages … from
# 2027 to 2035", "… by the beginning of 2024 but … this time next year". The next clause starts at
# the word.
# ...and "and" before a second figure of the same forecast ("a 2% rate in 2027 and to 2.3% by 2034").
# ...and before the next year's figure or turn ("decline by 0.5% in 2025 and 2.1% in 2026 before
# rising by 3.3% in 2027").
_SPLICE_EN = re.compile(
    r"[,;]|(?<=\s)(?=(?:and\s+then|but)\b)|(?<=\s)(?=and\s+(?:(?:to|at|by)\s+)?[$€£]?(?!(?:19|20|21)[0-9]{2}\b)[0-9])"
    r"|(?<=\s)(?=before\s+[a-z]+ing\b)",
    re.IGNORECASE,
)
# A horizon that counts from another one in the sentence, not from the day it was said ("by 2035;
# … colonization the next year"): its clause is no forecast of its own.
_ANAPHORIC_EN = re.compile(
    r"\bthe\s+(?:next|following)\s+(?:year|decade|month|quarter)\b(?!s)|\bthe\s+year\s+after\b|"
    r"\b(?:a|one|two|a\s+few)\s+(?:years?|decades?|months?)\s+later\b",
    re.IGNORECASE,
)
_QUOTATION = re.compile(r"[“”「」『』]")
# ...or a question announced as one: "拋出一個尖銳問題:未來三至七年,人類將…,還是…?", "he asked:".
_ASKS = re.compile(r"[你您]|\byou\b|问题[:：]|问道|(?:提|追|发|反)问[:：]?|\basked\b", re.IGNORECASE)
# What a clause that is only a time ("2014年到2017年这3年,", "到2030年，", "In a year,") holds
# besides the horizon's words: no verb of its own.
_BARE_TIME = re.compile(
    r"\s*(?:[\d\s零〇一二两三四五六七八九十百千几数年月日号天周季度个内前后到至这那在从于以的之间初底末期半而且并]"
    r"|未来|今年|明年|今后|将来)*[,，;；]?\s*"
)
_BARE_TIME_EN = re.compile(
    r"[\s,;]*(?:(?:and|or|so|but|then|maybe|perhaps|even|by|in|within)\b[\s,;]*)*", re.IGNORECASE
)


def forecast_parts(
    seen: str, sentence: Sentence, cues: list[Cue], said_on: dt.date
) -> list[tuple[Sentence, list[Cue]]]:
    """The sentence as candidates, each with the cues that count for it.

    A time in a clause with a predicate of its own and no future word ("2014年进入执行年", "the
    rate hikes the Fed has done this year") is not the horizon when another clause has one: the
    horizon that governs is the forecast's own ("…即将启动", "in a year, it might be below 3%").

    A Chinese run-on sentence of several forecasts, each in a clause with its own horizon and its
    own future word ("…改革即将启动,可以预期2014年将是…的新起点,2014到2017年…将浮上表层"), is one part
    per forecast, so that each is a candidate with its own window. So is an English one, joined by
    commas, semicolons, "and then" or "but" ("Growth cools in 2025 and 2026 and then averages 1.8
    percent from 2027 to 2035"), except where the later time counts from the earlier one
    ("discovered by 2035; … colonization the next year"): then the first governs."""
    whole = [(sentence, cues)]
    triggers = [c.start for c in cues if c.family in MAY_HOLD_HORIZON]
    if len(triggers) < 2:
        return whole  # one time at most: nothing to choose or split
    han = len(HAN_CHAR.findall(seen, sentence.start, sentence.end)) * 2 >= sentence.end - sentence.start
    splice = _SPLICE if han else _SPLICE_EN
    if splice.search(seen, min(triggers), max(triggers)) is None:
        return whole  # one clause at most holds a time: nothing to choose or split
    if _QUOTATION.search(seen, sentence.start, sentence.end):
        return whole  # a line quoted is the quoted speaker's sentence, whole ("说：“…，因为…即将推出。”")
    clauses = _spliced_clauses(seen, sentence, splice)
    if len(clauses) < 2:
        return whole
    ends = [end for _, end in clauses]

    def clause_of(position: int) -> int:
        return min(bisect.bisect_right(ends, position), len(ends) - 1)

    # A clause has a horizon when its words make a window, not just a trigger (快 in 快速发展).
    timed, bare, horizons, ahead, gone = set(), set(), {}, set(), set()
    for k in sorted({clause_of(c.start) for c in cues if c.family in MAY_HOLD_HORIZON}):
        lo, hi = clauses[k]
        window = compute_window(seen[lo:hi], said_on, folded=True)
        if window.due_latest is None or window.span is None:
            continue
        timed.add(k)
        if window.due_latest < said_on:
            gone.add(k)  # "from nearly 8 million barrels/day in 2024": where the change starts
        if (
            window.due_latest >= said_on
            and not (window.rule == "calendar_year" and window.due_latest.year == said_on.year)
            and len(seen[lo : lo + window.span[0]].strip(" \t*")) <= 4
        ):
            # A time still to come at the head of its clause ("年底两者都能达到3%", "2028年回升到1.1"),
            # not the year it is said in ("2014年进入执行年", said in 2014: what the year is).
            ahead.add(k)
        # ...with the word after it: "a few years" of "a few years later"
        horizons[k] = seen[lo + window.span[0] : min(hi, lo + window.span[1] + 8)]
        rest = seen[lo : lo + window.span[0]] + seen[lo + window.span[1] : hi]
        if _BARE_TIME.fullmatch(rest) or _BARE_TIME_EN.fullmatch(rest):
            bare.add(k)  # nothing but the time: "2014年到2017年这3年,", "In a year,"
    # 即将 and the like look forward by themselves; every clause of a list item under a lead-in that
    # calls it a projection projects (claims.extraction.extract marks it with an empty cue at its start).
    forward = {clause_of(c.start) for c in cues if c.family in ("future", "modal", "plan", "when")}
    if any(c.start == c.end == sentence.start and c.family == "future" for c in cues):
        forward = set(range(len(clauses)))
    # A run of forecasts under one forecasting verb ("爱立信预计2018年下半年会出现…，2019年出现…",
    # "AI is set to add 0.1 points in 2027, accelerating to 0.4 in 2034"): each later clause with its
    # own time and predicate, and no past word, forecasts too.
    leads = [
        c.start
        for c in cues
        if c.family in ("future", "belief") and _LEADS_A_RUN.search(seen, c.start, c.end)
    ]
    led: set[int] = set()
    past = {clause_of(c.start) for c in cues if c.family == "past"}
    if leads:
        first = clause_of(min(leads))
        led = {k for k in timed - bare - past - gone if k > first} - forward
        forward |= led
    # A run of forecasts one after another, each clause led by its own time still to come and with no
    # future word of its own, as research notes write them ("三季度整体和核心CPI就能分别到3%和3.5%，年底
    # 都可以达到3%左右"): once the sentence looks forward, each such clause forecasts too.
    if han and (forward or len(ahead - bare - past) >= 2):
        # ...and so does a run of two or more such clauses by itself ("2035年市场空间为300亿美元，
        # 2050年达到1.4万亿美元"): each year still to come says what will be then.
        run = (ahead - bare - past) - forward
        led |= run
        forward |= run
    with_a_predicate = timed - forward - bare
    governing = timed - with_a_predicate
    # Trigger words outside the governing clauses would stretch the span the horizon is read from.
    drop = set(range(len(clauses))) - governing if governing and with_a_predicate else set()

    def counted(lo: int, hi: int) -> list[Cue]:
        return [
            c
            for c in cues
            if lo <= c.start < hi and not (c.family == "horizon" and clause_of(c.start) in drop)
        ]

    starts = sorted({k - 1 if k - 1 in bare else k for k in forward if k in timed or k - 1 in bare})
    if not han:
        starts = [k for k in starts if k == starts[0] or not _ANAPHORIC_EN.search(horizons.get(k, ""))]
    if len(starts) < 2:
        return [(sentence, counted(sentence.start, sentence.end))] if drop else whole
    bounds = [sentence.start, *(clauses[k][0] for k in starts[1:]), sentence.end]
    parts = []
    for lo, hi in itertools.pairwise(bounds):
        while lo < hi and seen[lo].isspace():
            lo += 1
        end = hi
        while end > lo and seen[end - 1] in _CLAUSE_TAIL:
            end -= 1
        own = counted(lo, end)
        if clause_of(lo) in led:
            # The forecasting verb of the run looks forward for this part too ("Block expects…, with
            # the bulk of the cuts done by the middle of the year"), as for a projection's items.
            own.insert(0, Cue(lo, lo, "future"))
        parts.append((Sentence(lo, end, sentence.unterminated and hi == sentence.end), own))
    return parts


def forecasts_before_the_question(
    seen: str, sentence: Sentence, cues: list[Cue], *, clauses_at_least: int = 2
) -> Sentence | None:
    """The part of a sentence before its closing question, when that part forecasts in two
    clauses or more (a narrator's run of forecasts, then "改革的路线图、时间表如何设定?"); None when
    it is the question's preamble. `clauses_at_least=1` takes a single clause: the host's own
    forecast set before the question ("今年Nreal将在中国市场发力，…重要目标是什么？")."""
    clauses = _spliced_clauses(seen, sentence, _SPLICE)
    if len(clauses) < clauses_at_least + 1:
        return None
    question_start = clauses[-1][0]  # what follows the last comma or semicolon
    ends = [end for _, end in clauses]
    forecasting = {
        bisect.bisect_right(ends, c.start)
        for c in cues
        if c.family in ("future", "modal", "when") and c.start < question_start
    }
    if len(forecasting) < clauses_at_least:
        return None
    if _ASKS.search(seen, sentence.start, question_start) or any(
        c.family == "question" and c.start < question_start for c in cues
    ):
        return None  # the host's question set up over several clauses ("我想…会有公告,但你认为…是否会…")
    end = question_start
    while end > sentence.start and seen[end - 1] in _CLAUSE_TAIL:
        end -= 1
    return Sentence(sentence.start, end)


def _spliced_clauses(seen: str, sentence: Sentence, splice: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentence's spliced clauses, each with the comma or semicolon that ends it."""
    clauses, position = [], sentence.start
    for m in splice.finditer(seen, sentence.start, sentence.end):
        if m.end() > position and not seen[position : m.end()].isspace():
            clauses.append((position, m.end()))
            position = m.end()
        elif clauses:  # ", and then": the space between the comma and the word is the comma's clause's
            clauses[-1] = (clauses[-1][0], m.end())
            position = m.end()
    if position < sentence.end:
        clauses.append((position, sentence.end))
    return clauses
