"""Propose the predictions in a text: `extract_candidates(text, said_on=...)`.

Pure and offline: no Django, no database, no model. The pipeline, each step in its own module:
1. speakers    transcript labels over the whole text; they are cut out of the sentences and say
               who speaks (initials and roles resolved to the names the transcript introduced).
2. blocks      the text is read in blocks of about 64k code points cut at blank lines, so time and
               memory grow with the text, not faster: nothing below holds more than a block.
3. fold        Traditional to Simplified and full-width to ASCII, one character for one, so
               every offset found in the folded text is an offset into `text`.
4. markup      a matching view without inline pinyin notes ("認(rèn)為"), HTML entities and tags
               or Markdown emphasis, mapped back to the canonical offsets.
5. segment     sentences as offsets, closing quotes kept.
6. cues        one scan of the block for every cue family, filed by sentence.
6a. clauses    which clauses make which candidates: a run-on sentence of several forecasts, the
               forecasts before a closing question, the clause whose horizon governs, the items
               of a list introduced as projections.
7. horizons    claims.horizons.compute_window on the sentences that can hold a horizon, for the
               horizon words and the due window by the conventions of HORIZONS.md.
8. scoring     one score per sentence; those at PROPOSE_AT or above are proposed.
9. duplicates  restatements point at the candidate they restate.
Questions are skipped unless they carry a horizon (the host asks "三年后…?", the guest answers
without one): then the question itself is proposed, as the span that holds the horizon.
Headings and title lines ("专访：某科技公司CEO谈未来三年") are proposed only when they forecast
something besides naming a time; a heading that restates a later candidate is marked as its
duplicate.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from claims.extraction.clauses import (
    HAN_CHAR,
    MAY_HOLD_HORIZON,
    forecast_parts,
    forecasts_before_the_question,
    items_under_headings,
    projected_items,
)
from claims.extraction.cues import (
    CONDITION_ZH,
    FORECAST_AS_A_THING_ZH,
    OTHERS_SAY,
    PEOPLE_AS_THEY_DO,
    STILL_TO_COME_EN,
    SURE_TO_COME_ZH,
    Cue,
    count_topics,
    mask_non_modal,
    scan,
)
from claims.extraction.duplicates import Restatements
from claims.extraction.markup import View, matching_view
from claims.extraction.scoring import PROPOSE_AT, Features, score
from claims.extraction.segment import Sentence, bold_line_ends, split_clauses, split_sentences
from claims.extraction.speakers import Label, find_labels, is_paragraph, paragraph_heading_marks, speaker_at
from claims.fold import fold
from claims.horizons import YEAR_OF_A_THING_ZH, Window, compute_window, runs_past_the_year, title_spans
from claims.regexes import guarded

__all__ = ["BLOCK", "MAX_HORIZON_QUESTION", "Candidate", "extract_candidates"]

# A question proposed for the horizon it carries is short ("三年后，会有许多…还是很少？"); a long
# one is a statement that ends in a question ("我们即将进入选举期，…你如何验证…？").
MAX_HORIZON_QUESTION = 40
# Code points read at a time (see "blocks" above); a block ends at the first blank line after.
BLOCK = 1 << 14


@dataclass(frozen=True)
class Candidate:
    start: int  # code points into the text given, half-open
    end: int
    quote: str  # == text[start:end]
    horizon_text: str | None  # the horizon words exactly as in the text, None if none
    due_earliest: dt.date
    due_latest: dt.date | None  # None = undated
    score: float  # 0..1, higher = more likely a checkable prediction
    speaker: str | None  # who speaks, as the transcript names them; None when it has no labels
    duplicate_of: int | None = None  # index (in the returned list) of the candidate it restates


@dataclass(frozen=True)
class _Horizon:
    window: Window
    start: int  # offsets of the horizon words in the view
    end: int


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # canonical offsets
    end: int
    horizon: tuple[int, int, Window] | None  # canonical offsets of the horizon words
    score: float
    speaker: str | None
    compare: str  # the sentence as the view reads it, for the duplicate check
    heading: bool
    answered: bool = False  # a question the next candidate answers: its probable duplicate


# Closing marks stripped when deciding whether a sentence ends with a question mark.
_YOU = re.compile(r"\s*(?:你|you\b)", re.IGNORECASE)
_WISH = re.compile(
    r"\s*(?:(?:但是|不过|所以|而且|and|but|so)[,，]?\s*)?(?:我们?|I|we)\s*(?:真的|really\s+)?(?:希望|hope)",
    re.IGNORECASE,
)
_ABLE = re.compile(r"可以|能够|\b(?:can|be\s+able\s+to)\b", re.IGNORECASE)
# 会 before a change says something will differ from now ("评分标准会变得更灵活", "会越来越像…"),
# the mark of a forecast rather than of what happens whenever something does.
_CHANGE_AFTER_HUI = re.compile(
    r"会(?:变得|变成|越来越|更|逐渐|慢慢|开始|有所"
    # ...a change that goes on ("会随着时间推移不断改进") or a difference in size ("会小一个量级").
    r"|[^。，,；;！？]{0,8}?(?:不断|持续)[^。，,；;！？]{0,2}?(?:改进|改善|提升|提高|增长|增加|扩大|下降|减少)"
    r"|[大小多少高低][一两几]个?(?:量级|数量级))"
)
# A line the authors number as one of their forecasts: "2 预测二：…" (预测 alone is a verb). The
# English headings, "Prediction #3: …" and "2025 Predictions: …", are future cues of their own (cues.py).
_NUMBERED_FORECAST = re.compile(
    r"[\s*#]*(?:\d{1,2}[\s.、*]*)?(?:预测|預測)[一二三四五六七八九十\d]{1,3}[:：]"
)
# A sentence that opens as an example illustrates a point by a typical case ("比如在网络安全领域，
# 你可能觉得…它们会产生幻觉"): what it says happens is the case's, not a forecast of its own.
_EXAMPLE = re.compile(
    r"[\s*]*(?:比如说?|例如|举例来说|举个例子|以[^，,。]{1,30}?为例|for\s+(?:example|instance)\b)",
    re.IGNORECASE,
)
# Forecasts as a thing talked about: "Not all of the predictions around AI in 2026 are bullish",
# "节点大小对应于该技术对2030年企业价值的估计". With nothing else looking forward, the horizon is
# the forecasts' subject, not a time something will happen by.
_FORECASTS_AS_A_THING = re.compile(
    rf"\b(?:predictions|projections|forecasts|prognoses|outlooks)\b|的估计(?=[。，,；;]|$)|{FORECAST_AS_A_THING_ZH}",
    re.IGNORECASE,
)
# The future of a forecast rather than of an ability or a habit: 将 is "will", 会 also "can".
_STRONG = re.compile(
    rf"(?<!我)(?:将|将会|将要)|终将|必将|势必|注定|{SURE_TO_COME_ZH}|"
    r"(?:(?<=一定)|(?<=肯定)|(?<=必然)|(?<=必定)|(?<=终究)|(?<=迟早))会|will|won't|shall|'ll|(?:there'?s\s+)?going\s+to|gonna"
    # ...and the near future asserted: "is close to building…", "is well within grasp", "there's a lot
    # more to come".
    r"|(?:is|are)\s+(?:very\s+|so\s+)?close\s+to\s+\w+|(?:well\s+)?within\s+(?:our\s+)?(?:grasp|reach)"
    rf"|{STILL_TO_COME_EN}",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"(?:could|may|might)\s", re.IGNORECASE)
# English past words that frame a time, rather than a verb that tells what happened.
_TIME_FRAME_EN = re.compile(
    r"ago|last\s+\w+|used\s+to|(?:was|were)\s+going\s+to|think\s+back|back\s+in|remember\s+when|looking\s+back"
    r"|predicted|expected|thought|believed",
    re.IGNORECASE,
)
_REPORTED_FORECAST = re.compile(r"predicted|expected|thought|believed", re.IGNORECASE)
_BACKSHIFTED = re.compile(r"could|would|might", re.IGNORECASE)
# A clause that reports what someone said, after the clause of what they did: "…, noting that…".
_REPORTING_PARTICIPLE = re.compile(
    r"[\s,]*(?:noting|saying|writing|adding|arguing|warning|predicting|estimating|forecasting)\b",
    re.IGNORECASE,
)
# A future that is still the speaker's (will, 'll, going to, may, might, could), not "would".
_LIVE_FUTURE = re.compile(r"will|won't|'ll|(?:is|are|'s|'re)?\s*going\s+to|may|might|could", re.IGNORECASE)
_PEOPLE_ACT = re.compile(PEOPLE_AS_THEY_DO)
_RECOLLECTION = re.compile(
    r"think\s+back|remember\s+when|looking\s+back|back\s+in", re.IGNORECASE
)  # see cues._PAST
_QUOTE_CLOSERS = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"', "'": "'"}
_OTHER_CLOSERS = ")]）】*》〉 "
_FORWARD = frozenset({"future", "when", "plan", "belief", "horizon", "modal"})


# A lower bound said as such ("至少还要 8—10 年", "at least five more years"): a forecast without a
# deadline. "Over forty years" is as often a past duration, so only these words count.
_AT_LEAST = re.compile(r"至少|起码|最少|起碼|\bat\s+least\b", re.IGNORECASE)
_FOR_AT_LEAST = re.compile(r"\bfor\s+at\s+least\b", re.IGNORECASE)  # "working on it for at least…"


def extract_candidates(text: str, *, said_on: dt.date, min_score: float = PROPOSE_AT) -> list[Candidate]:
    """Forward-looking statements of `text` (canonical source text), in text order.

    Offsets are code points into `text` exactly as given; `said_on` is the day the words were
    said, from which every due window is counted.
    """
    labels = find_labels(text)
    label_starts = [label.start for label in labels]
    marks = paragraph_heading_marks(text, labels)

    def founds() -> Iterator[_Found]:
        for lo, hi in _blocks(text):
            first = bisect.bisect_left(label_starts, lo)
            last = bisect.bisect_left(label_starts, hi)
            yield from _extract_block(
                text, lo, hi, labels, label_starts, first, last, said_on, min_score, marks
            )

    candidates: list[Candidate] = []
    restatements = Restatements()
    answered: list[int] = []
    for found in _answers_for_questions(text, founds(), labels, label_starts):
        found = _restating_the_one_who_answers(found, labels, label_starts)
        restatements.add(found.start, found.compare, found.speaker, heading=found.heading)
        if found.answered:
            answered.append(len(candidates))
        candidates.append(_candidate(text, found, said_on))
    for index, duplicate_of in enumerate(restatements.result()):
        if duplicate_of is not None:
            candidates[index] = replace(candidates[index], duplicate_of=duplicate_of)
    for index in answered:
        candidates[index] = replace(candidates[index], duplicate_of=index + 1)
    return candidates


# The asker putting the other's view in words: "So I don't think that you believe that we're very
# likely to have … in 2026", "OK, so by the end of the year, you're saying, someone's going to…",
# "你刚才说…会…".
_YOUR_VIEW = re.compile(
    r"\byou(?:'re|\s+are)?\s+(?:believe|think|expect|predict|said|say|saying|argue|arguing|suggest|suggesting)\b"
    r"|你(?:刚才|之前|也)?(?:认为|觉得|相信|预计|预测|说过|刚才说|提到)",
    re.IGNORECASE,
)


def _restating_the_one_who_answers(
    found: _Found, labels: Sequence[Label], label_starts: Sequence[int]
) -> _Found:
    """A forecast the asker attributes to the one they talk to is that one's, said back to them:
    credited to the speaker of the next turn."""
    if found.speaker is None or not _YOUR_VIEW.search(found.compare):
        return found
    following = bisect.bisect_left(label_starts, found.end)
    while following < len(labels) and labels[following].name is None:
        following += 1
    if following >= len(labels) or labels[following].name == found.speaker:
        return found
    return replace(found, speaker=labels[following].name)


def _answers_for_questions(
    text: str, founds: Iterable[_Found], labels: Sequence[Label], label_starts: Sequence[int]
) -> Iterator[_Found]:
    """Questions that carry a horizon and end the asker's turn, answered by another speaker in
    words that propose nothing by themselves ("《晚点》：今年给团队什么目标？" / "闫俊杰：技术上如何达到
    GPT-4…"): the prediction is the answer's first sentence, dated by the question and credited to
    the one who answers. An answer that proposes anything itself is the prediction the question
    asked for ("AGI会在五年内实现吗？" / "我觉得会。"): dated by the question when it names no time of
    its own, and the question, the words that carry its horizon, is credited to the one who answers
    (whose prediction it is: the host only asks) and marked as the answer's probable duplicate.

    In text order, as they come: a question waits only until a later candidate shows whether its
    answer proposes anything."""
    waiting: deque[tuple[_Found, tuple[int, int, str] | None]] = deque()
    for found in founds:
        while waiting:
            question, answer = waiting[0]
            if answer is not None and found.start < answer[0]:
                break  # not yet at the answer
            waiting.popleft()
            if answer is None:
                yield question
            elif found.start >= answer[1]:
                yield _as_answer(text, question, answer)
            else:
                # The prediction asked about is the one who answers: the question is its span
                # that carries the horizon, credited to the answer's speaker, a duplicate of it.
                yield replace(question, answered=True, speaker=answer[2])
                if found.horizon is None:
                    found = replace(found, horizon=question.horizon)
        waiting.append((found, _answer_after(text, found, labels, label_starts)))
    for question, answer in waiting:
        yield question if answer is None else _as_answer(text, question, answer)


def _as_answer(text: str, question: _Found, answer: tuple[int, int, str]) -> _Found:
    start, paragraph_end, speaker = answer
    end = _first_sentence_end(text, start, paragraph_end)
    return replace(question, start=start, end=end, speaker=speaker, compare=text[start:end])


def _answer_after(
    text: str, found: _Found, labels: Sequence[Label], label_starts: Sequence[int]
) -> tuple[int, int, str] | None:
    """(where the answer starts, where its first paragraph ends, who answers) for a dated question
    that ends its speaker's turn; None for anything else."""
    if (
        found.horizon is None
        or found.speaker is None
        or not _ENDS_WITH_QUESTION.search(text, found.start, found.end)
    ):
        return None
    following = bisect.bisect_left(label_starts, found.end)
    if following >= len(labels):
        return None
    label = labels[following]
    rest = text[found.end : label.start].strip(" \t\n*_")
    # Only more questions may follow it in the turn ("2025年是整合之年吗？你认为这个行业还会继续表现
    # 良好吗？"): the asker still hands the time to the one who answers.
    if label.name is None or label.name == found.speaker or (rest and not _ONLY_QUESTIONS.fullmatch(rest)):
        return None
    start = label.end
    while start < len(text) and text[start] in " \t\n*":
        start += 1
    after = labels[following + 1].start if following + 1 < len(labels) else len(text)
    blank = text.find("\n\n", start, after)
    return start, (blank if blank >= 0 else after), label.name


def _first_sentence_end(text: str, start: int, end: int) -> int:
    m = _SENTENCE_STOP.search(text, start, end)
    stop = m.end() if m else end
    while stop > start and text[stop - 1] in " \t\n*":
        stop -= 1
    return stop


_ONLY_QUESTIONS = re.compile(r"(?:[^。！!.;；\n]*[?？][\s*_)]*)+")
# A question put to the next speaker: not one inside quotation marks ("…为什么不能在一分钟内完成呢？”").
_ENDS_WITH_QUESTION = re.compile(r"[?？][\s*)]*$")
_SENTENCE_STOP = re.compile(r"[。！？!?]+[”」』\"')]*|\.(?=\s)|\n")


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Ranges of `text` of about BLOCK code points, each ending at a blank line (else a line
    break, else anywhere) so that no sentence is cut in two."""
    lo, size = 0, len(text)
    while lo < size:
        hi = lo + BLOCK
        if hi >= size:
            yield lo, size
            return
        cut = text.find("\n\n", hi, hi + BLOCK)
        if cut >= 0:
            hi = cut + 2
        else:
            cut = text.find("\n", hi, hi + BLOCK)
            hi = cut + 1 if cut >= 0 else hi
        yield lo, hi
        lo = hi


def _extract_block(
    text: str,
    lo: int,
    hi: int,
    labels: Sequence[Label],
    label_starts: Sequence[int],
    first: int,
    last: int,
    said_on: dt.date,
    min_score: float,
    marks: frozenset[str] = frozenset(),
) -> list[_Found]:
    view = matching_view(fold(text[lo:hi]))
    seen = view.text
    separators = [
        (view.view(label.start - lo), view.view(min(label.end, hi) - lo))
        for label in labels[first:last]
        if label.name
    ]
    separators += [(view.view(end - lo), view.view(end - lo)) for end in bold_line_ends(text, lo, hi)]
    sentences = split_sentences(seen, separators=separators)
    starts = [s.start for s in sentences]
    masked = mask_non_modal(seen)
    cues_by_sentence: dict[int, list[Cue]] = {}
    # A title's words are the title's: "a talk titled “The World by 2030”" forecasts nothing.
    titles = title_spans(seen)
    title_starts = [t[0] for t in titles]
    for cue in scan(masked):
        if titles:
            t = bisect.bisect_right(title_starts, cue.start) - 1
            if t >= 0 and cue.start < titles[t][1]:
                continue
        index = bisect.bisect_right(starts, cue.start) - 1
        if index >= 0 and cue.start < sentences[index].end:
            cues_by_sentence.setdefault(index, []).append(cue)
    for infinitive in _HEADLINE_INFINITIVE.finditer(seen):
        # Headlinese says "will" with "to": "Petchems to remain key driver of oil demand to 2050",
        # "Automation and AI To Drive Strategic Decision-Making", "MOBILITY TO REMAIN PIVOTAL".
        index = bisect.bisect_right(starts, infinitive.start()) - 1
        if (
            index >= 0
            and infinitive.start() < sentences[index].end
            and _is_heading(seen, sentences[index], lo, marks)
        ):
            cues_by_sentence.setdefault(index, []).append(Cue(infinitive.start(), infinitive.end(), "future"))
    for item_start, item_end in projected_items(seen, said_on):
        # The lead-in says what the items are: each projects, whatever its tense ("Inflation
        # continues to ease…" under "In CBO’s economic projections for 2025–2035:"). The item's
        # first sentence is the projection; what follows in a long item argues for it.
        index = bisect.bisect_left(starts, item_start)
        if index < len(sentences) and sentences[index].start < item_end:
            cues_by_sentence.setdefault(index, []).insert(
                0, Cue(sentences[index].start, sentences[index].start, "future")
            )

    # The time a heading names for the items under it ("### By 2027 (5 years from now)"), by the
    # index of each item's first sentence: the window of an item that names no time of its own.
    headed: dict[int, tuple[int, int, Window]] = {}
    for item_start, item_end, horizon in items_under_headings(seen, said_on):
        index = bisect.bisect_left(starts, item_start)
        if horizon is not None and index < len(sentences) and sentences[index].start < item_end:
            headed[index] = horizon
    found: list[_Found] = []
    for index in sorted(cues_by_sentence):
        cues = cues_by_sentence[index]
        if not _FORWARD.intersection(c.family for c in cues):
            continue
        sentence = sentences[index]
        if sentence.end - sentence.start > MAX_HORIZON_QUESTION and _is_question(seen, sentence, cues):
            # A preamble to the question ("我们即将进入选举期，…你如何验证…？"), skipped below,
            # unless it makes forecasts of its own: then it is proposed without the question.
            # One clause is enough when it is a dated plan or forecast of its own ("我们将在未来几年
            # 做到这一点，所以记住，…，但这如何…来表达？").
            body = forecasts_before_the_question(
                seen, sentence, cues, clauses_at_least=1 if _states_its_premise(seen, cues) else 2
            )
            if body is not None:
                sentence, cues = body, [c for c in cues if c.start < body.end]
        elif (
            _ENDS_WITH_QUESTION.search(seen, sentence.start, sentence.end)
            and _states_its_premise(seen, cues)
            and _is_question(seen, sentence, cues)
        ):
            # A short question after the asker's own forecast ("今年Nreal将在中国市场发力，对公司来说
            # 现阶段需要完成的重要目标是什么？"): the forecast is the asker's, the question asks about
            # something else.
            body = forecasts_before_the_question(seen, sentence, cues, clauses_at_least=1)
            if body is not None:
                sentence, cues = body, [c for c in cues if c.start < body.end]
        for part, part_cues in forecast_parts(seen, sentence, cues, said_on):
            one = _proposal(
                seen, masked, lo, view, part, part_cues, labels, label_starts, said_on, min_score, marks
            )
            if one is not None and one.horizon is None and index in headed:
                start, end, window = headed[index]
                one = replace(one, horizon=(lo + view.original(start), lo + view.original_end(end), window))
            if one is not None:
                found.append(one)
    return found


def _states_its_premise(seen: str, cues: list[Cue]) -> bool:
    """Whether a question says "will" (将, will) with a time (今年, 2030年) before it asks."""
    strong = [
        c
        for c in cues
        if (c.family == "future" and _STRONG.fullmatch(seen, c.start, c.end))
        or (c.family == "plan" and _STRONG.search(seen, c.start, c.end))
    ]
    timed = [c for c in cues if c.family in MAY_HOLD_HORIZON]
    return bool(strong) and bool(timed) and not any(c.family == "question" for c in cues)


_NOW_EN = re.compile(
    r"\b(?:right\s+now|today|currently|at\s+the\s+moment|these\s+days|nowadays)\b", re.IGNORECASE
)
_PUT_TO_SOMEONE = re.compile(r"你|您|\byou\b", re.IGNORECASE)
# Horizon rules whose words a story of the past uses as well (see _proposal).
_TOLD_OF_THE_PAST_TOO = frozenset({"soon", "month"})


def _proposal(
    seen: str,
    masked: str,
    lo: int,
    view: View,
    sentence: Sentence,
    cues: list[Cue],
    labels: Sequence[Label],
    label_starts: Sequence[int],
    said_on: dt.date,
    min_score: float,
    marks: frozenset[str] = frozenset(),
) -> _Found | None:
    """The candidate one sentence (or one forecast of a run-on sentence) makes, if any."""
    if any(c.family == "future" and seen[c.start : c.end] == "会" for c in cues):
        habits = [
            Cue(m.start(), m.end(), "habitual")
            for m in _PEOPLE_ACT.finditer(masked, sentence.start, sentence.end)
        ]
        if habits:
            cues = sorted([*cues, *habits], key=lambda c: c.start)
    families = {c.family for c in cues}
    features = _features(seen, sentence, cues)
    features.topic = count_topics(masked, sentence.start, sentence.end)
    start = lo + view.original(sentence.start)
    who = speaker_at(labels, start, starts=label_starts)
    if who is None:
        # Outside a speaker's turn a quotation is what an article reports someone said (a
        # forecast from others, as news stories quote them); inside one it is the speaker
        # quoting a line, often of the past or imagined ("大家会说：「…」").
        features.quoted = False
    heading = _is_heading(seen, sentence, lo, marks)
    if heading and who is not None:
        who = None  # a heading between turns ("****GPT-6将成为通用工具****") is the editor's
    horizon = None
    # compute_window is most of the cost: skip it when even a due date would not be enough.
    if families & MAY_HOLD_HORIZON and score(replace(features, dated=True)) >= min_score:
        horizon = _horizon(seen, sentence, cues, features, said_on, heading=heading)
        if horizon is not None:
            features.has_horizon = True
            features.dated = horizon.window.due_latest is not None
            if (
                features.dated
                and horizon.window.rule in _TOLD_OF_THE_PAST_TOO
                and not (features.future or features.plan)
                and any(c.family == "past" for c in cues)
            ):
                # "很快我们放弃了 3D 形象，…之前…", "很快就做出裁定…后来…": quickly, as a story of the past
                # tells it, with nothing that looks forward: no "soon" to come; so is a month named
                # without its year ("In May, exports to the US were off 20%", said in July).
                features.dated = False
                features.past = max(features.past, 1)
            if features.dated and _in_the_condition(seen, sentence, cues, horizon.start):
                features.scenario += 1  # "如果未来十年，…那么…": the time is the scenario's
                features.hypothetical += 1
            features.bounded = (
                not features.dated
                and not features.past
                and _AT_LEAST.search(horizon.window.matched or "") is not None
                and _FOR_AT_LEAST.search(seen, sentence.start, sentence.end) is None
            )
    if features.is_question and features.length > MAX_HORIZON_QUESTION:
        return None  # a long "question" is a statement with a question tacked on
    if (
        features.is_question
        and who is None
        and not _PUT_TO_SOMEONE.search(seen, sentence.start, sentence.end)
        and not any(label.name for label in labels)
    ):
        # In a text without turns a question put to nobody is the writer's or the speaker's own,
        # asked to be answered in their next words ("聚焦到今年，增长目标怎么来确定？", "券商眼中A股下半年
        # 将如何演绎？"), not a host's question whose answer it dates ("在未来12个月内，你认为…？"), nor
        # a panel write-up's question to its guests ("**Q3.芯片封锁会是未来发展的潜在瓶颈吗？**").
        return None
    if heading and not _forecasts(seen, sentence, features, cues, horizon):
        return None  # "专访：某科技公司CEO谈未来三年" names a time; it forecasts nothing
    value = score(features)
    if value < min_score:
        return None
    end = lo + view.original_end(sentence.end)
    words = None
    if horizon is not None:
        words = (lo + view.original(horizon.start), lo + view.original_end(horizon.end), horizon.window)
    return _Found(start, end, words, value, who, seen[sentence.start : sentence.end], heading)


# The words that pose a condition, and those that only frame the time a speaker looks at ("如果我们以
# 十年的时间来看", "如果你想象一下未来几年内…"): no scenario.
# Chinese only: no English text of the dev half has a time inside its "if" clause, and the floor
# check on the test half caught an English one whose forecast it wrongly dropped.
_CONDITION = re.compile(CONDITION_ZH)
_FRAMING = re.compile(r"(?:来看|来说|而言|看的话|的尺度)\s*$|想象|设想|展望|回顾")
_CONDITION_ENDS = "，,;；。:："


def _in_the_condition(seen: str, sentence: Sentence, cues: list[Cue], at: int) -> bool:
    """Whether the horizon at `at` is inside a 如果 clause: the window then belongs to the scenario
    posed ("如果十年以后中国的GDP是…"), not to a forecast."""
    for cue in cues:
        if (
            cue.family != "hypothetical"
            or cue.start >= at
            or not _CONDITION.fullmatch(seen, cue.start, cue.end)
        ):
            continue
        if any(mark in seen[cue.end : at] for mark in _CONDITION_ENDS):
            continue
        ends = [e for e in (seen.find(mark, at, sentence.end) for mark in _CONDITION_ENDS) if e >= 0]
        clause = seen[cue.start : min(ends) if ends else sentence.end]
        if not _FRAMING.search(clause):
            return True
    return False


_HEADING_LINE = re.compile(r"[ \t]*#")
# A headline's "to" before an outcome verb, not after a word that takes "to" in running text.
_HEADLINE_INFINITIVE = re.compile(
    guarded(
        r"\b[tT][oO]\b(?<![Hh]ow\s[tT][oO])(?<![Ww]hat\s[tT][oO])(?<![Ww]ays\s[tT][oO])(?<!want\s[tT][oO])"
        r"(?<!need\s[tT][oO])(?<!have\s[tT][oO])(?<!able\s[tT][oO])(?<!used\s[tT][oO])(?<!due\s[tT][oO])"
        r"(?<!close\s[tT][oO])(?<!ready\s[tT][oO])\s+(?i:remain|drive|become|rise|fall|grow|hit|reach|double|surge"
        r"|slow|top|exceed|overtake|stay|continue|increase|decline|drop|replace|eliminate|lose|gain|transform|reshape"
        r"|dominate|lead|power|boost|shape|face)\b"
    )
)


def _is_heading(seen: str, sentence: Sentence, block_start: int, marks: frozenset[str] = frozenset()) -> bool:
    """A Markdown heading (not a paragraph in the mark of the labelled turns, see
    speakers.is_paragraph), or an unterminated title line: the text's first line, or a short line
    standing alone between blank lines."""
    line_start = seen.rfind("\n", 0, sentence.start) + 1
    if _HEADING_LINE.match(seen, line_start):
        return not is_paragraph(seen, line_start, marks)
    if not sentence.unterminated or seen[line_start : sentence.start].strip(" \t*_"):
        return False
    if block_start == 0 and not seen[:line_start].strip():
        return True
    line_end = seen.find("\n", sentence.end)
    alone = seen.startswith("\n\n", line_start - 2) if line_start >= 2 else True
    return (
        alone and (line_end < 0 or seen.startswith("\n\n", line_end)) and sentence.end - sentence.start <= 60
    )


# What a heading names as the piece's subject ("CEO谈未来三年", "未来五年，中国经济的10大趋势", "未来3-6个月
# 维度把握两条主线", "Here's what experts expect from AI in 2026", "How to remain productive in 2026").
_TALKS_ABOUT = re.compile(
    r"谈|聊|展望|预测|对话|专访|访谈|解读|回顾|报告|盘点|指南|目标|计划|规划|策略|趋势|维度|主线|观察"
    # (Forecasts named as a thing, "predictions", "forecasts", are features.about_forecasts already.)
    r"|\b(?:outlook|review|report|guide|talks?|trends?|what|how|why|years\s+of)\b",
    re.IGNORECASE,
)


def _forecasts(
    seen: str, sentence: Sentence, features: Features, cues: list[Cue], horizon: _Horizon | None
) -> bool:
    """Whether a heading says something will happen, beyond the time its words name."""
    outside = [
        c
        for c in cues
        if c.family in ("future", "modal", "plan", "when")
        and (horizon is None or not horizon.start <= c.start < horizon.end)
        and seen[c.start : c.end] != "未来"  # "未来智库的宏观视角": in a title 未来 is a name or a topic
    ]
    # "期待2025年成为…的一年", "Look forward to 2025 as…", "预测二：…".
    if outside or features.belief > 0 or features.numbered:
        return True
    # A dated claim set as a heading ("2032年AI系统达到90%各行业顶级专家能力", "下半年行情向好"), unless
    # it names what the piece talks about ("某科技公司CEO谈未来三年", "2024年展望").
    # A window that closes within the month is a dateline's ("Brussels, 8 May 2014").
    return bool(
        features.dated
        and not features.about_forecasts
        and horizon is not None
        and horizon.window.due_latest is not None
        and horizon.window.due_latest > horizon.window.due_earliest + dt.timedelta(days=31)
        and not _TALKS_ABOUT.search(seen, sentence.start, sentence.end)
    )


def _features(seen: str, sentence: Sentence, cues: list[Cue]) -> Features:
    f = Features(length=sentence.end - sentence.start)
    for cue in cues:
        setattr(f, cue.family, getattr(f, cue.family) + 1)
        if not f.future and _forecasting_belief(seen, cue):
            f.future += 1  # "we forecast a rate of 4%", "我们预计…": the verb looks forward by itself
        if cue.family == "future" and (cue.start == cue.end or _STRONG.fullmatch(seen, cue.start, cue.end)):
            f.strong += 1  # "will", or a list item's lead-in that calls it a projection (no words)
        elif cue.family == "future" and _HEDGE.match(seen, cue.start, cue.end):
            f.modal += 1  # "could spike to 20%": a hedge and an outcome, one cue
        elif cue.family == "plan" and _STRONG.search(seen, cue.start, cue.end):
            f.strong += 1  # "we will build…"
        elif cue.family == "hypothetical" and _YOU.match(seen, cue.end):
            f.generic_you += 1  # "如果你…就会…", "if you…, you will…": a truism about anyone
    f.hypothetical += f.scenario  # a scenario is a hypothetical too
    if f.hearsay and f.strong:
        # What people say is often a question or the past ("有人问…", "大家说这个公司…"); others
        # saying what will happen ("有人说手机厂都将演变成…") is a forecast the text reports.
        hearsay = [c for c in cues if c.family == "hearsay"]
        if all(OTHERS_SAY.match(seen, c.start, c.end) for c in hearsay):
            f.hearsay = 0
    f.example = _EXAMPLE.match(seen, sentence.start) is not None
    if _NUMBERED_FORECAST.match(seen, sentence.start):
        # "预测二：土地财政向…转型": the label says what the line is.
        f.numbered = True
        f.future += not f.future
        f.strong += 1
    f.change = _CHANGE_AFTER_HUI.search(seen, sentence.start, sentence.end) is not None
    if not (f.future or f.when or f.modal or f.plan or f.belief):
        f.about_forecasts = _FORECASTS_AS_A_THING.search(seen, sentence.start, sentence.end) is not None
    if f.when and not f.future and not f.hypothetical and _ABLE.search(seen, sentence.start, sentence.end):
        f.modal += 1  # "In the future, all of this can be automated", "在未来，…都可以…"
    if f.past:
        f.past = _past_tense(seen, sentence, cues)
    if f.advice:
        f.advice = _advice_on_the_forecast(seen, sentence, cues)
    if f.habitual:
        f.habitual = _habitual_before_the_end_of_the_forecast(seen, sentence, cues)
    if f.hope and _WISH.match(seen, sentence.start):
        f.hope = 2  # "I hope we will…", "我希望…会…": the whole sentence is the wish
    if f.modal and not (f.future or f.when or f.plan) and _NOW_EN.search(seen, sentence.start, sentence.end):
        # Only hedged, and about now: "The AI 2027 report is probably the best one right now",
        # "Corporations are probably the most scaled human agents today": a view of the present.
        f.habitual += 1
    f.is_question = _is_question(seen, sentence, cues)
    futures = [c for c in cues if c.family in ("future", "when", "modal")]
    f.quoted = bool(futures) and all(_inside_quotes(seen, sentence, c.start) for c in futures)
    return f


def _habitual_before_the_end_of_the_forecast(seen: str, sentence: Sentence, cues: list[Cue]) -> int:
    """How many habitual words ("always", 一直, 每年) stand in or before the sentence's last clause
    with a future word: after it they tell how the speaker holds the forecast ("…也终将演变成为…，
    在这方面，我一直抱有坚定的信心"), not that the forecast is a habit."""
    futures = [c.start for c in cues if c.family in ("future", "when", "modal", "plan")]
    habits = [c.start for c in cues if c.family == "habitual"]
    if any(c.family == "future" and _STRONG.fullmatch(seen, c.start, c.end) for c in cues):
        # 将 says what will happen once the time comes ("当…时，整个商业形态都将发生改变"); 会 after
        # 当…时 says what happens whenever it does.
        habits = [at for at in habits if seen[at] != "当"]
    if any(c.family == "when" for c in cues):
        # "未来人们会…": what people do in the future the sentence names is no habit of theirs.
        habits = [at for at in habits if not _PEOPLE_ACT.match(seen, at)]
    if not futures:
        return len(habits)
    ends = [end for _, end in split_clauses(seen, sentence)]

    def clause_of(position: int) -> int:
        return min(bisect.bisect_right(ends, position), len(ends) - 1)

    last = max(clause_of(at) for at in futures)
    # A clause that sets the forecast's own frame ends what the habits before it describe: "这方面
    # 我们一直做得比较成功，…，这种趋势会持续向前发展" forecasts the trend, not a habit.
    frames = [clause_of(m.start()) for m in _FRAME_OF_ITS_OWN.finditer(seen, sentence.start, sentence.end)]
    return sum(
        1 for at in habits if clause_of(at) <= last and not any(clause_of(at) < k <= last for k in frames)
    )


def _past_tense(seen: str, sentence: Sentence, cues: list[Cue]) -> int:
    """How many past words set the tense of the sentence's forecast.

    A past word counts in its own clause before a future word ("当时我们认为明年会…", "we used to
    think it would…") and after one when it marks a completed act ("很快就成为了"); in a clause of
    its own it frames the clauses after it ("我当时没想到，这家公司会变得很重要") unless they name
    their own time ("去年我们发布了X，明年会…"). It does not count as the object of the future
    verb ("将记住之前的对话", "will remember what we did") or after the forecast ("我们会…，就像
    之前那样")."""
    futures = [c.start for c in cues if c.family in ("future", "when", "modal", "plan")]
    if not futures:
        return sum(1 for c in cues if c.family == "past")
    clauses = split_clauses(seen, sentence)
    ends = [end for _, end in clauses]

    def clause_of(position: int) -> int:
        return min(bisect.bisect_right(ends, position), len(ends) - 1)

    timed = {clause_of(c.start) for c in cues if c.family in ("when", "horizon")}

    timed |= {clause_of(m.start()) for m in _NOW.finditer(seen, sentence.start, sentence.end)}
    frames = {clause_of(m.start()) for m in _FRAME_OF_ITS_OWN.finditer(seen, sentence.start, sentence.end)}
    future_clauses = {clause_of(at) for at in futures}
    reported_from = min(
        (k for k in future_clauses if _REPORTING_PARTICIPLE.match(seen, clauses[k][0])), default=0
    )  # past words before it frame the report (no clause is before clause 0)
    tensed_clauses = {
        clause_of(c.start)
        for c in cues
        if c.family in ("future", "when", "modal", "plan")
        and not _TENSELESS_HEDGE.fullmatch(seen, c.start, c.end)
    }
    count = 0
    for cue in cues:
        if cue.family != "past":
            continue
        here = clause_of(cue.start)
        words = seen[cue.start : cue.end]
        if _RECOLLECTION.fullmatch(words):
            count += 1  # "think back to 2020, when…": all that follows is remembered
            continue
        if words.isascii() and _TIME_FRAME_EN.fullmatch(words) and here in future_clauses:
            if _REPORTED_FORECAST.fullmatch(words) and any(
                clause_of(c.start) == here and c.start > cue.start and _LIVE_FUTURE.match(seen, c.start)
                for c in cues
                if c.family in ("future", "modal")
            ):
                continue  # "he predicted that AI will…", "…could eliminate": the forecast reported, still open
            count += 1  # "one could say that two years ago…", "experts predicted … would…": its whole clause
            continue
        if words.isascii() and not _TIME_FRAME_EN.fullmatch(words) and here < reported_from:
            continue  # "Analysts raised their target, noting that the cuts would…": the report's frame
        if words.isascii() and not _TIME_FRAME_EN.fullmatch(words):
            # An English verb in the past ("the tools we have built will…"): the tense of its own
            # clause only, and not of a clause that has a future word. A hedge such as "probably"
            # has no tense of its own: "2000 was probably the heyday" is the past. Nor has a modal
            # that the past verb before it shifted back: "the paper showed how AI could learn…".
            shifted = [
                c
                for c in cues
                if c.family in ("future", "modal") and clause_of(c.start) == here and c.start > cue.start
            ]
            backshifted = bool(shifted) and all(_BACKSHIFTED.fullmatch(seen, c.start, c.end) for c in shifted)
            count += here not in tensed_clauses or backshifted
            continue
        if words == "之前" and _BEFORE_AN_EVENT.match(seen, clauses[here][0]):
            continue  # "在电池能量密度提高之前，…将受到限制": before something still to come
        if any(cue.start < at and clause_of(at) == here for at in futures):
            count += 1
        elif here in future_clauses:
            attributive = seen.startswith("的", cue.end)
            count += bool(HAN_CHAR.match(seen, cue.start)) and not attributive
        elif any(k > here for k in future_clauses) and not any(
            k > here and (k in timed or any(here < f <= k for f in frames)) for k in future_clauses
        ):
            count += 1
    return count


# A clause that sets the forecast's own frame, so a past word before it no longer sets the tense:
# a trend the forecast follows ("过去的系统主要是…，随着 AI 的发展，系统的角色会…", "…，这种趋势会持续") or the view of
# the one who holds it ("去年年底，比尔·盖茨发表了一篇文章…，在他看来，AI Agent 会…").
_FRAME_OF_ITS_OWN = re.compile(r"随着|在[^，,。；;]{1,12}看来|(?:这种|这一|这个|此)趋势")
# 在…之前 as "before …", of an event: its clause is a time still to come.
_BEFORE_AN_EVENT = re.compile(
    r"[\s*]*(?:(?:同样|而且|但是?|不过|所以|因此)[，,]?\s*)?在[^，,。；;]{1,30}之前"
)
_TENSELESS_HEDGE = re.compile(r"probably|perhaps|maybe|possibly|presumably", re.IGNORECASE)
_FORECASTING_BELIEF = re.compile(
    r"expect|forecast|predict|project|anticipate|surprised|预计|预测|预期|预见|估计|测算|预估", re.IGNORECASE
)


def _forecasting_belief(seen: str, cue: Cue) -> bool:
    return cue.family == "belief" and _FORECASTING_BELIEF.search(seen, cue.start, cue.end) is not None


def _advice_on_the_forecast(seen: str, sentence: Sentence, cues: list[Cue]) -> int:
    """Advice counts in full in the clause of the forecast ("you should…", "我们应该会…"); in a
    clause of its own it follows a forecast ("…will be used for inference, so they should be
    built with…") and counts for half (scoring.py reads the half as `advice == 1` in a pair)."""
    futures = [c.start for c in cues if c.family in ("future", "when", "modal", "plan")]
    clauses = split_clauses(seen, sentence)
    ends = [end for _, end in clauses]

    def clause_of(position: int) -> int:
        return min(bisect.bisect_right(ends, position), len(ends) - 1)

    future_clauses = {clause_of(at) for at in futures}
    vouched = {clause_of(c.start) for c in cues if c.family == "belief"}
    advice = [clause_of(c.start) for c in cues if c.family == "advice"]
    # In the forecast's clause, before it ("They should…, because that will…": the forecast is
    # the reason), or vouched for in its own ("…，我认为我们也不应该…"): the point.
    first_future = min(future_clauses, default=0)
    before = first_future not in vouched  # "…不应该…，我相信…终究…": a forecast vouched anew stands alone
    if not futures or any(
        k in future_clauses or k in vouched or (before and k < first_future) for k in advice
    ):
        return 2
    return 1


# The present, after a story of the past: the clause it starts tells the forecast ("最初是…，现在
# 我认为我们将…").
_NOW = re.compile(r"现在|如今|今天|而今|眼下|\b(?:now|today|these\s+days)\b", re.IGNORECASE)


def _inside_quotes(folded: str, sentence: Sentence, position: int) -> bool:
    """Whether `position` is inside a quotation: after an unclosed opening mark, or before a
    closing mark that the sentence never opened (the tail of a quotation begun earlier)."""
    before = folded[sentence.start : position]
    after = folded[position : sentence.end]
    for opening, closing in (("“", "”"), ("「", "」"), ("『", "』")):
        if before.count(opening) > before.count(closing):
            return True
        if after.count(closing) > after.count(opening) and opening not in before:
            return True
    return False


def _is_question(folded: str, sentence: Sentence, cues: list[Cue]) -> bool:
    """Ends with a question mark that is the speaker's own: not inside a quotation ("他问：
    “…吗？”") and not a rhetorical tail after the speaker vouched for a forecast ("我认为这项技术
    会扩散到各个领域,…这又有什么区别呢?")."""
    end = sentence.end
    quoted = False
    while end > sentence.start and (folded[end - 1] in _QUOTE_CLOSERS or folded[end - 1] in _OTHER_CLOSERS):
        closer = folded[end - 1]
        if closer in _QUOTE_CLOSERS and _QUOTE_CLOSERS[closer] in folded[sentence.start : end - 1]:
            quoted = True
        end -= 1
    if end <= sentence.start or quoted:
        return False
    # A title or a line that asks without the mark ("02 参数和数据会成为模型能力瓶颈吗"): a line that
    # ends, unterminated, on a question particle.
    if folded[end - 1] != "?" and not (sentence.unterminated and folded[end - 1] in "吗呢"):
        return False
    if folded[end - 1] == "?" and _URL_TAIL.search(folded, sentence.start, end - 1):
        return False  # the "?" of an address's query ("…](https://mp.weixin.qq.com/s?"), no question
    clauses = split_clauses(folded, sentence)
    if len(clauses) > 1 and _TAG_QUESTION.fullmatch(folded, clauses[-1][0], end):
        # "…会发生一次大的清理事件，对吧？", "…, right?": a statement the speaker seeks assent to.
        return False
    if len(clauses) > 1:
        first_end, last_start = clauses[0][1], clauses[-1][0]
        vouched = any(c.family == "belief" and c.start < first_end for c in cues)
        forecast = any(c.family in ("future", "when") and c.start < last_start for c in cues)
        if vouched and forecast:
            return False
    return True


_URL_TAIL = re.compile(r"https?://[^\s()]*$")
# A tag after a comma that asks for assent, not for an answer.
_TAG_QUESTION = re.compile(
    r"\s*(?:对吧|是吧|对不对|是不是|对吗|不是吗|right|isn't\s+it|don't\s+you\s+think)\s*[?？]", re.IGNORECASE
)


# Words that put a count or a span in the past ("在过去的几年里", "做了 12 年", "第二个十年") or
# make a date a dateline ("2024年5月13日"): claims.horizons reads them as horizons.
_PAST_BEFORE = re.compile(
    r"(?:过去|以来|去年|曾|已经)[^,，。;；:：]{0,4}$|第[一二三四五六七八九十\d]+个?\s*$"
    r"|(?i:\b(?:last|past|previous|prior)\s+$)"  # "over the last five or ten years": already passed
)
# ...and, before a count only, words that make it a span already passed ("做了 12 年", "这三年").
_PAST_BEFORE_COUNT = re.compile(r"(?:这|近|了)\s?$")
_COUNT = re.compile(r"[0-9零〇一二两三四五六七八九十百几数]")
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*日")
# ...or, after a span, words that put it behind us: "百年以来", "三年来", "上百年历史", "十年前".
_PAST_AFTER = re.compile(r"\s*(?:以来|来(?![看说讲])|前(?!景|沿)|的?历史)")
_CALENDAR_UNITS = frozenset({"month", "either", "quarter", "half", "day"})
_NAMES_ITS_YEAR = re.compile(r"\d{4}|今年|明年|来年|本|下|\b(?:this|next)\b", re.IGNORECASE)


def _horizon(
    seen: str,
    sentence: Sentence,
    cues: list[Cue],
    features: Features,
    said_on: dt.date,
    *,
    heading: bool = False,
) -> _Horizon | None:
    """The sentence's horizon (offsets in the view), or None when it has none or the words point
    at the past."""
    lo, hi = _horizon_clauses(seen, sentence, cues)
    text = seen[lo:hi]
    window = compute_window(text, said_on, folded=True)
    if window.matched is None or window.span is None:
        return None
    at, after = window.span
    if _PAST_BEFORE.search(text, 0, at) or _DATE_AFTER.match(text, after) or _PAST_AFTER.match(text, after):
        return None
    if _COUNT.match(text, at) and _PAST_BEFORE_COUNT.search(text, 0, at):
        return None
    if window.due_latest is not None and window.due_latest < said_on:
        # A time already over ("直到 2013 年才开始"; "预估至2023年…将达1300万" said in 2024): what
        # is said of it is a report or an estimate of the past, not a forecast to check later.
        features.past += 1
        return None
    start, end = lo + at, lo + after
    # Only future words outside the horizon itself say the sentence looks forward: in
    # "这些工具很快就成为了工作流的一部分" 很快 is all there is, and the sentence is about the past.
    # ...and so does the speaker's forecasting verb: "我们预计9月份…", "we expect a hike in July".
    forward = features.plan > 0 or any(
        (c.family in ("future", "when", "modal") or _forecasting_belief(seen, c))
        and not start <= c.start < end
        for c in cues
    )
    if window.due_latest == said_on and not forward:
        return None  # "…at GLMC 2025 on January 30, 2025": the day it was said, a dateline
    if not forward and YEAR_OF_A_THING_ZH.match(text, after):
        return None  # "今年的报告长达153页": the report's year, and nothing said to come
    if not forward and features.past:
        return None
    if (
        window.rule == "calendar_year"
        and not (forward or features.belief)
        and window.due_earliest.year == said_on.year
        and not runs_past_the_year(window.matched, window.due_latest, said_on)
    ):
        # "今天（2024年5月13日）": a dateline, not a forecast ("我期待2025年…" is one); a span of
        # years that runs on ("2023-2100年", said in 2023) is none.
        return None
    if window.rule in _CALENDAR_UNITS and not forward and not _NAMES_ITS_YEAR.search(window.matched):
        return None  # "我们也许在11月份看到": a month named without a year or a future word is a date told
    return _Horizon(window, start, end)


def _horizon_clauses(seen: str, sentence: Sentence, cues: list[Cue]) -> tuple[int, int]:
    """The part of the sentence from the first clause holding a horizon trigger to the last one:
    compute_window tries every rule over all it is given, and horizon words never span a comma
    ("接下来的一年甚至两年", "2025年到2030年")."""
    lo, hi = sentence.start, sentence.end
    triggers = [c.start for c in cues if c.family in MAY_HOLD_HORIZON]
    if not triggers:
        return lo, hi
    first, last = min(triggers), max(triggers)
    start = max(seen.rfind(mark, lo, first) for mark in _CLAUSE_MARKS) + 1
    while start > lo and _COUNT_BEFORE_COMMA.search(seen, lo, start):
        # "the last two, three years": a count before the comma is part of the words after it.
        start = max(seen.rfind(mark, lo, start - 1) for mark in _CLAUSE_MARKS) + 1
    end = _clause_end(seen, last, hi)
    while end < hi and _YEAR_AFTER_COMMA.match(seen, end - 1):
        end = _clause_end(seen, end, hi)  # "predicting 2027, 28 AGI": the second year is the same words
    return max(lo, start), end


def _clause_end(seen: str, at: int, hi: int) -> int:
    ends = [e for e in (seen.find(mark, at, hi) for mark in _CLAUSE_MARKS) if e >= 0]
    return min(ends) + 1 if ends else hi


_CLAUSE_MARKS = ",;:，；：。"
_YEAR_AFTER_COMMA = re.compile(r"[,，][ \t]*(?:(?:19|20|21)[0-9]{2}|[0-9]{2})(?![0-9])")
_COUNT_BEFORE_COMMA = re.compile(
    r"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)|[一二两三四五六七八九十\d])\s*[,，]\s*$",
    re.IGNORECASE,
)


def _candidate(text: str, found: _Found, said_on: dt.date) -> Candidate:
    if found.horizon is None:
        horizon_text, due_earliest, due_latest = None, said_on, None
    else:
        start, end, window = found.horizon
        horizon_text = text[start:end]
        due_earliest, due_latest = window.due_earliest, window.due_latest
    return Candidate(
        start=found.start,
        end=found.end,
        quote=text[found.start : found.end],
        horizon_text=horizon_text,
        due_earliest=due_earliest,
        due_latest=due_latest,
        score=found.score,
        speaker=found.speaker,
    )
