"""Propose the predictions in a text: `extract_candidates(text, said_on=...)`.

Pure and offline: no Django, no database, no model. The pipeline, each step in its own module:
1. fold        Traditional to Simplified and full-width to ASCII, one character for one, so
               every offset found in the folded text is an offset into `text`.
2. annotations a matching view without inline pinyin notes ("認(rèn)為"), mapped back.
3. speakers    transcript labels; they are cut out of the sentences and name who speaks.
4. segment     sentences as offsets, closing quotes kept.
5. cues        one scan of the whole view for every cue family, filed by sentence.
6. horizons    claims.horizons.compute_window on the sentences that can hold a horizon, for the
               horizon words and the due window by the conventions of HORIZONS.md.
7. scoring     one score per sentence; those at PROPOSE_AT or above are proposed.
8. duplicates  restatements point at the candidate they restate.
Questions are skipped unless they carry a horizon (the host asks "三年后…?", the guest answers
without one): then the question itself is proposed, as the span that holds the horizon.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace

from claims.extraction.annotations import Stripped, strip_annotations
from claims.extraction.cues import Cue, count_topics, mask_non_modal, scan
from claims.extraction.duplicates import find_duplicates
from claims.extraction.fold import fold
from claims.extraction.scoring import PROPOSE_AT, Features, score
from claims.extraction.segment import Sentence, split_clauses, split_sentences
from claims.extraction.speakers import find_labels, speaker_at
from claims.horizons import Window, compute_window

__all__ = ["MAX_HORIZON_QUESTION", "Candidate", "extract_candidates"]

# A question proposed for the horizon it carries is short ("三年后，会有许多…还是很少？"); a long
# one is a statement that ends in a question ("我们即将进入选举期，…你如何验证…？").
MAX_HORIZON_QUESTION = 40


@dataclass(frozen=True)
class Candidate:
    start: int  # code points into the text given, half-open
    end: int
    quote: str  # == text[start:end]
    horizon_text: str | None  # the horizon words exactly as in the text, None if none
    due_earliest: dt.date
    due_latest: dt.date | None  # None = undated
    score: float  # 0..1, higher = more likely a checkable prediction
    speaker: str | None  # from the transcript's label, None when it has none
    duplicate_of: int | None = None  # index (in the returned list) of the candidate it restates


@dataclass(frozen=True)
class _Horizon:
    window: Window
    start: int  # offsets of the horizon words in the text
    end: int


# Closing marks stripped when deciding whether a sentence ends with a question mark.
_QUOTE_CLOSERS = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"', "'": "'"}
_OTHER_CLOSERS = ")]）】*》〉 "
_FORWARD = frozenset({"future", "when", "plan", "belief", "horizon"})
_MAY_HOLD_HORIZON = frozenset({"when", "horizon"})


def extract_candidates(text: str, *, said_on: dt.date, min_score: float = PROPOSE_AT) -> list[Candidate]:
    """Forward-looking statements of `text` (canonical source text), in text order.

    Offsets are code points into `text` exactly as given; `said_on` is the day the words were
    said, from which every due window is counted.
    """
    folded = fold(text)
    view = strip_annotations(folded)
    labels = find_labels(text)
    sentences = split_sentences(
        folded, separators=[(label.start, label.end) for label in labels if label.name]
    )
    starts = [s.start for s in sentences]
    label_starts = [label.start for label in labels]

    masked = mask_non_modal(view.text)
    cues_by_sentence: dict[int, list[Cue]] = {}
    for cue in scan(masked):
        start, end = view.original(cue.start), view.original(cue.end - 1) + 1
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and start < sentences[index].end:
            cues_by_sentence.setdefault(index, []).append(Cue(start, end, cue.family))

    found: list[tuple[Sentence, _Horizon | None, float, str | None]] = []
    for index, cues in cues_by_sentence.items():
        families = {c.family for c in cues}
        if not _FORWARD.intersection(families):
            continue
        sentence = sentences[index]
        features = _features(folded, sentence, cues)
        features.topic = count_topics(masked, view.view(sentence.start), view.view(sentence.end))
        horizon = None
        # compute_window is most of the cost: skip it when even a due date would not be enough.
        if families & _MAY_HOLD_HORIZON and score(replace(features, dated=True)) >= min_score:
            horizon = _horizon(view, sentence, cues, features, said_on)
            if horizon is not None:
                features.has_horizon = True
                features.dated = horizon.window.due_latest is not None
        if features.is_question and features.length > MAX_HORIZON_QUESTION:
            continue  # a long "question" is a statement with a question tacked on
        value = score(features)
        if value < min_score:
            continue
        found.append((sentence, horizon, value, speaker_at(labels, sentence.start, starts=label_starts)))

    found.sort(key=lambda item: item[0].start)
    restated = find_duplicates(
        [view.text[view.view(s.start) : view.view(s.end)] for s, *_ in found], [who for *_, who in found]
    )
    return [
        _candidate(text, sentence, horizon, value, who, said_on, duplicate_of)
        for (sentence, horizon, value, who), duplicate_of in zip(found, restated, strict=True)
    ]


def _features(folded: str, sentence: Sentence, cues: list[Cue]) -> Features:
    f = Features(length=sentence.end - sentence.start)
    for cue in cues:
        setattr(f, cue.family, getattr(f, cue.family) + 1)
    f.is_question = _is_question(folded, sentence, cues)
    futures = [c for c in cues if c.family in ("future", "when")]
    f.quoted = bool(futures) and all(_inside_quotes(folded, sentence, c.start) for c in futures)
    return f


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
    if end <= sentence.start or folded[end - 1] != "?" or quoted:
        return False
    clauses = split_clauses(folded, sentence)
    if len(clauses) > 1:
        first_end, last_start = clauses[0][1], clauses[-1][0]
        vouched = any(c.family == "belief" and c.start < first_end for c in cues)
        forecast = any(c.family in ("future", "when") and c.start < last_start for c in cues)
        if vouched and forecast:
            return False
    return True


# Words that put a count or a span in the past ("在过去的几年里", "做了 12 年", "第二个十年") or
# make a date a dateline ("2024年5月13日"): claims.horizons reads them as horizons.
_PAST_BEFORE = re.compile(
    r"(?:过去|以来|去年|曾|已经)[^,，。;；:：]{0,4}$|(?:这|近|了)\s?$|第[一二三四五六七八九十\d]+个?\s*$"
)
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*日")
_CALENDAR_UNITS = frozenset({"month", "either", "quarter", "half", "day"})
_NAMES_ITS_YEAR = re.compile(r"\d{4}|今年|明年|来年|本|下|\b(?:this|next)\b", re.IGNORECASE)


def _horizon(
    view: Stripped, sentence: Sentence, cues: list[Cue], features: Features, said_on: dt.date
) -> _Horizon | None:
    """The sentence's horizon, or None when it has none or the words point at the past."""
    lo, hi = _horizon_clauses(view, sentence, cues)
    text = view.text[lo:hi]
    window = compute_window(text, said_on)
    if window.matched is None:
        return None
    at, after = window.span or (text.find(window.matched), text.find(window.matched) + len(window.matched))
    if _PAST_BEFORE.search(text, 0, at) or _DATE_AFTER.match(text, after):
        return None
    if window.due_latest is not None and window.due_latest < said_on:
        return None  # a year already over ("直到 2013 年才开始")
    start, end = view.original(lo + at), view.original(lo + after - 1) + 1
    # Only future words outside the horizon itself say the sentence looks forward: in
    # "这些工具很快就成为了工作流的一部分" 很快 is all there is, and the sentence is about the past.
    forward = features.plan > 0 or any(
        c.family in ("future", "when") and not start <= c.start < end for c in cues
    )
    if not forward and features.past:
        return None
    if window.rule == "calendar_year" and not forward and window.due_earliest.year == said_on.year:
        return None  # "今天（2024年5月13日）": a dateline, not a forecast
    if window.rule in _CALENDAR_UNITS and not forward and not _NAMES_ITS_YEAR.search(window.matched):
        return None  # "我们也许在11月份看到": a month named without a year or a future word is a date told
    return _Horizon(window, start, end)


def _horizon_clauses(view: Stripped, sentence: Sentence, cues: list[Cue]) -> tuple[int, int]:
    """The part of the sentence (in the view) from the first clause holding a horizon trigger to
    the last one: compute_window tries every rule over all it is given, and horizon words never
    span a comma ("接下来的一年甚至两年", "2025年到2030年")."""
    lo, hi = view.view(sentence.start), view.view(sentence.end)
    triggers = [view.view(c.start) for c in cues if c.family in _MAY_HOLD_HORIZON]
    if not triggers:
        return lo, hi
    first, last = min(triggers), max(triggers)
    start = max(view.text.rfind(mark, lo, first) for mark in _CLAUSE_MARKS) + 1
    ends = [e for e in (view.text.find(mark, last, hi) for mark in _CLAUSE_MARKS) if e >= 0]
    return max(lo, start), (min(ends) + 1 if ends else hi)


_CLAUSE_MARKS = ",;:，；：。"


def _candidate(
    text: str,
    sentence: Sentence,
    horizon: _Horizon | None,
    value: float,
    speaker: str | None,
    said_on: dt.date,
    duplicate_of: int | None,
) -> Candidate:
    if horizon is None:
        horizon_text, due_earliest, due_latest = None, said_on, None
    else:
        horizon_text = text[horizon.start : horizon.end]
        due_earliest, due_latest = horizon.window.due_earliest, horizon.window.due_latest
    return Candidate(
        start=sentence.start,
        end=sentence.end,
        quote=text[sentence.start : sentence.end],
        horizon_text=horizon_text,
        due_earliest=due_earliest,
        due_latest=due_latest,
        score=value,
        speaker=speaker,
        duplicate_of=duplicate_of,
    )
