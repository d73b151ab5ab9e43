"""Resolving a span against a canonical source text.

See docs/spans.md. ``resolve_span`` is the one domain function that decides whether a
span is valid; the admin, the API and the importers all call it, and its error messages are shown
to curators as form errors, so each one says which input to fix and how.

Offsets are Unicode code points (Python ``str`` indices), half-open ``[start, end)``. The text is
assumed to be canonical already (``claims.text.canonicalize_text``); nothing here normalizes,
trims or folds case: the quote is exact.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

__all__ = [
    "CONTEXT_CHARS",
    "MAX_LISTED_OCCURRENCES",
    "ResolvedSpan",
    "SpanError",
    "canonicalize_quote",
    "codepoint_to_utf16",
    "context_of",
    "find_occurrences",
    "resolve_span",
    "splits_grapheme",
    "utf16_to_codepoint",
]

CONTEXT_CHARS = 32
# Form errors list at most this many offsets; SpanError.occurrences always holds all of them.
MAX_LISTED_OCCURRENCES = 20
# Long quotes and found texts are shortened in messages so a form error stays readable.
_SHOW_CHARS = 60

_GRAPHEME = regex.compile(r"\X")
# Matches the character just before position p when a grapheme cluster boundary at p is certain
# whatever precedes it (UAX #29: GB4/GB5 around controls except CR LF, and GB999 between an
# "Other" character and anything that does not extend it). Regional indicators, Hangul jamo,
# prepended marks and emoji ZWJ sequences never match, so segmentation restarted here agrees with
# segmenting the whole text. \X must not be started anywhere else: it looks behind its start.
_CERTAIN_BREAK_AFTER = regex.compile(
    r"(?s)[\p{GCB=Control}\p{GCB=LF}]"
    r"|\r(?!\n)"
    r"|[^\r](?=[\p{GCB=Control}\p{GCB=CR}\p{GCB=LF}])"
    r"|\p{GCB=Other}(?![\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}])"
)


class SpanError(ValueError):
    """A span that cannot be resolved against the text.

    ``field`` is the input to fix ("start", "end" or "quote"); ``occurrences`` lists every
    ``(start, end)`` at which the quote occurs when that helps (ambiguous or misplaced quotes);
    ``str(err) == err.message``.
    """

    def __init__(self, message: str, *, field: str, occurrences: list[tuple[int, int]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.occurrences = list(occurrences or [])

    def __str__(self) -> str:
        return self.message

    # keyword-only __init__ would otherwise break pickling (Celery)
    def __reduce__(self) -> tuple[Callable[..., SpanError], tuple[object, ...]]:
        return (_rebuild_span_error, (self.message, self.field, self.occurrences))


def _rebuild_span_error(message: str, field: str, occurrences: list[tuple[int, int]]) -> SpanError:
    return SpanError(message, field=field, occurrences=occurrences)


@dataclass(frozen=True)
class ResolvedSpan:
    """A span known to be valid: ``text[start:end] == quote``, with up to CONTEXT_CHARS code
    points of context on either side."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def canonicalize_quote(q: str) -> str:
    """NFC only, like the source text. Never strips: leading and trailing spaces, NBSP and U+3000
    are part of what was selected."""
    return unicodedata.normalize("NFC", q)


def resolve_span(
    text: str,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> ResolvedSpan:
    """Resolve a span given by offsets, by a quote, or by both, or raise SpanError.

    With offsets, they must select a valid range; a quote given with them must equal the text
    there, and prefix/suffix are ignored (hints only). With a quote alone, it must occur exactly
    once, or prefix/suffix must pick exactly one of its occurrences. A span whose start or end
    falls inside a grapheme cluster is refused, never snapped.
    """
    if (start is None) != (end is None):
        missing = "end" if end is None else "start"
        given = "start" if missing == "end" else "end"
        raise SpanError(
            f"{missing} is missing: {given} was given, so give {missing} as well, or give neither "
            "and identify the span by its quote.",
            field=missing,
        )
    if start is not None and end is not None:
        return _resolve_offsets(text, start, end, quote)
    if quote is None:
        raise SpanError("Nothing identifies the span: give the quote, or start and end.", field="quote")
    return _resolve_quote(text, quote, prefix, suffix)


def find_occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping ones included."""
    if not quote:
        raise ValueError("quote must not be empty")
    found = []
    i = text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """(prefix, suffix): up to CONTEXT_CHARS code points before ``start`` and after ``end``."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"need 0 <= start <= end <= {len(text)}, got start={start}, end={end}")
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Convert a UTF-16 code-unit offset (what browsers and JavaScript count) to a code-point
    offset. Raises ValueError if it is out of range or falls between the two halves of a
    surrogate pair, i.e. inside an astral character such as 😀 or 𠮷."""
    units = text.encode("utf-16-le")
    n_units = len(units) // 2
    if not 0 <= offset <= n_units:
        raise ValueError(f"UTF-16 offset {offset} is out of range (0 to {n_units})")
    if offset and 0xD800 <= int.from_bytes(units[2 * offset - 2 : 2 * offset], "little") <= 0xDBFF:
        cp = len(units[: 2 * offset - 2].decode("utf-16-le"))
        raise ValueError(
            f"UTF-16 offset {offset} falls inside the character {text[cp]!r} at code point {cp} "
            f"(between the halves of its surrogate pair); use {offset - 1} or {offset + 1}"
        )
    # Decoding the prefix counts its code points at C speed instead of looping in Python.
    return len(units[: 2 * offset].decode("utf-16-le"))


def codepoint_to_utf16(text: str, offset: int) -> int:
    """Convert a code-point offset to a UTF-16 code-unit offset (for browsers and JavaScript)."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is out of range (0 to {len(text)})")
    return len(text[:offset].encode("utf-16-le")) // 2


def splits_grapheme(text: str, offset: int) -> bool:
    """True if ``offset`` falls inside an extended grapheme cluster (emoji with skin tone, flag,
    ZWJ sequence, base plus combining mark...), i.e. a selection ending or starting there would
    cut a user-perceived character in two. Only a small window around ``offset`` is segmented."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is out of range (0 to {len(text)})")
    return _cluster_split_at(text, offset) is not None


# --- internals -------------------------------------------------------------------------------


def _cluster_split_at(text: str, offset: int, floor: int = 0) -> tuple[int, int] | None:
    """The (start, end) of the grapheme cluster that ``offset`` falls strictly inside, or None if
    ``offset`` is a cluster boundary. ``floor`` must be a known boundary <= offset; it bounds the
    backward scan, which lets callers walk increasing offsets in linear total time."""
    if offset <= floor or offset >= len(text):
        return None
    # Walk back to a position where a boundary is certain; normally that is offset itself or a
    # character or two before it. Only runs of flags or absurd stacks of marks make it go far.
    lo = offset
    while lo > floor and not _CERTAIN_BREAK_AFTER.match(text, lo - 1):
        lo -= 1
    if lo == offset:
        return None
    pos = lo
    while True:
        m = _GRAPHEME.match(text, pos)
        if m is None or m.end() == offset:  # None cannot happen for pos < len(text)
            return None
        if m.end() > offset:
            return pos, m.end()
        pos = m.end()


def _grapheme_error(text: str, field: str, offset: int, cluster: tuple[int, int]) -> SpanError:
    cs, ce = cluster
    return SpanError(
        # Shown raw: escaping its ZWJ or variation selector would hide the character itself.
        f"{field} {offset} splits the character cluster «{text[cs:ce]}»; use {cs} or {ce}.",
        field=field,
    )


def _resolve_offsets(text: str, start: int, end: int, quote: str | None) -> ResolvedSpan:
    n = len(text)
    for field, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise SpanError(f"{field} must be a whole number, got {value!r}.", field=field)
    if n == 0:
        raise SpanError("The source text is empty, so no span can be selected.", field="start")
    if start < 0:
        raise SpanError(f"start must be >= 0 (got {start}).", field="start")
    if start >= n:
        raise SpanError(
            f"start {start} is past the last character of the text (length {n}); "
            f"start must be between 0 and {n - 1}.",
            field="start",
        )
    if end > n:
        raise SpanError(
            f"end {end} is past the end of the text (length {n}); end can be at most {n}.",
            field="end",
        )
    if end <= start:
        why = "; a span cannot be empty" if end == start else ""
        raise SpanError(f"end ({end}) must be greater than start ({start}){why}.", field="end")
    found = text[start:end]
    if quote is not None and found != quote:
        raise _misplaced_quote_error(text, start, end, quote, found)
    for field, offset in (("start", start), ("end", end)):
        cluster = _cluster_split_at(text, offset)
        if cluster is not None:
            raise _grapheme_error(text, field, offset, cluster)
    return _resolved(text, start, end)


def _misplaced_quote_error(text: str, start: int, end: int, quote: str, found: str) -> SpanError:
    msg = f"The quote {_show(quote)} does not match the text at {start}–{end}, which reads {_show(found)}."
    occurrences = []
    if quote:
        occurrences = [(s, s + len(quote)) for s in find_occurrences(text, quote)]
    if occurrences:
        where = "once" if len(occurrences) == 1 else f"{len(occurrences)} times"
        msg += f" The quote occurs {where}, at {_list_spans(occurrences)}; correct start/end, or the quote."
    else:
        msg += " The quote does not occur anywhere in the source text; correct it or start/end."
    return SpanError(msg, field="quote", occurrences=occurrences)


def _resolve_quote(text: str, quote: str, prefix: str | None, suffix: str | None) -> ResolvedSpan:
    if not quote:
        raise SpanError("The quote is empty; paste the exact words from the source text.", field="quote")
    starts = find_occurrences(text, quote)
    if not starts:
        raise SpanError(
            f"The quote {_show(quote)} was not found in the source text." + _not_found_hint(text, quote),
            field="quote",
        )
    length = len(quote)
    # An occurrence that cuts a cluster in two (👍 inside 👍🏽) is not a selectable span, so it
    # neither resolves the quote nor makes it ambiguous.
    candidates, first_split = _whole_cluster_occurrences(text, starts, length)
    if not candidates:
        assert first_split is not None  # every occurrence was dropped for splitting a cluster
        s, cluster = first_split
        raise SpanError(
            f"The quote {_show(quote)} only occurs inside a larger character: at {s}–{s + length} "
            f"it is part of «{text[cluster[0] : cluster[1]]}» ({cluster[0]}–{cluster[1]}); "
            "quote the whole character.",
            field="quote",
        )
    if len(candidates) == 1:
        return _resolved(text, candidates[0], candidates[0] + length)

    occurrences = [(s, s + length) for s in candidates]
    picked = [
        s
        for s in candidates
        if (not prefix or text.endswith(prefix, 0, s)) and (not suffix or text.startswith(suffix, s + length))
    ]
    if (prefix or suffix) and len(picked) == 1:
        return _resolved(text, picked[0], picked[0] + length)

    msg = f"{_show(quote)} occurs {len(candidates)} times, at {_list_spans(occurrences)}; "
    if not (prefix or suffix):
        msg += "give start/end, or a prefix/suffix that picks one."
    elif not picked:
        msg += (
            f"none of them has {_describe_context(prefix, suffix)}; check them against the text, "
            "or give start/end."
        )
    elif len(picked) == len(candidates):
        msg += (
            f"all of them have {_describe_context(prefix, suffix)}; give start/end, or a longer "
            "prefix/suffix that picks one."
        )
    else:
        msg += (
            f"{len(picked)} of them have {_describe_context(prefix, suffix)} "
            f"(at {_list_spans([(s, s + length) for s in picked])}); give start/end, or a longer "
            "prefix/suffix that picks one."
        )
    raise SpanError(msg, field="quote", occurrences=occurrences)


def _whole_cluster_occurrences(
    text: str, starts: list[int], length: int
) -> tuple[list[int], tuple[int, tuple[int, int]] | None]:
    """Occurrences whose both ends are cluster boundaries, and the first one that is not.

    Both the starts and the ends increase, so each is checked with a floor at the previous known
    boundary: the whole filter stays linear in the text however many occurrences there are."""
    kept: list[int] = []
    first_split: tuple[int, tuple[int, int]] | None = None
    floors = {"start": 0, "end": 0}
    for s in starts:
        split = None
        for key, offset in (("start", s), ("end", s + length)):
            cluster = _cluster_split_at(text, offset, min(floors[key], offset))
            floors[key] = offset if cluster is None else cluster[0]
            split = split or cluster
        if split is None:
            kept.append(s)
        elif first_split is None:
            first_split = (s, split)
    return kept, first_split


def _not_found_hint(text: str, quote: str) -> str:
    # Only computed on failure; each check is one more linear scan of the text.
    nfc = canonicalize_quote(quote)
    if nfc != quote and nfc in text:
        return (
            " It does occur once its accents are composed (NFC); pass the quote through "
            "canonicalize_quote first."
        )
    stripped = quote.strip()
    if stripped and stripped != quote and stripped in text:
        return (
            " Without its leading/trailing spaces it does occur: the spaces are part of the "
            "quote, so remove them if they were not in the source."
        )
    return " Quotes must match exactly, including punctuation, spaces and Traditional/Simplified."


def _describe_context(prefix: str | None, suffix: str | None) -> str:
    parts = []
    if prefix:
        parts.append(f"the prefix {_show(prefix)}")
    if suffix:
        parts.append(f"the suffix {_show(suffix)}")
    return " and ".join(parts)


def _list_spans(spans: list[tuple[int, int]]) -> str:
    shown = ", ".join(f"{s}–{e}" for s, e in spans[:MAX_LISTED_OCCURRENCES])
    if len(spans) > MAX_LISTED_OCCURRENCES:
        shown += f" and {len(spans) - MAX_LISTED_OCCURRENCES} more"
    return shown


def _show(s: str) -> str:
    """«s» for a message: invisible characters made visible, long strings shortened, so that a
    curator can see why two quotes that look alike differ."""
    if len(s) > _SHOW_CHARS:
        half = _SHOW_CHARS // 2
        s = s[:half] + "…" + s[-half:]
    return "«" + "".join(_visible(c) for c in s) + "»"


def _visible(c: str) -> str:
    if c == " ":
        return c
    if c == "\n":
        return "⏎"
    if c == "\t":
        return "⇥"
    if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"}:
        return f"⟨U+{ord(c):04X}⟩"
    return c


def _resolved(text: str, start: int, end: int) -> ResolvedSpan:
    prefix, suffix = context_of(text, start, end)
    return ResolvedSpan(start=start, end=end, quote=text[start:end], prefix=prefix, suffix=suffix)
