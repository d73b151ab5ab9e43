"""Resolving spans (claims.spans): what a curator selecting or pasting a quote would notice."""

from __future__ import annotations

import pickle
import time

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.spans import (
    CONTEXT_CHARS,
    MAX_LISTED_OCCURRENCES,
    ResolvedSpan,
    SpanError,
    canonicalize_quote,
    codepoint_to_utf16,
    context_of,
    find_occurrences,
    resolve_span,
    splits_grapheme,
    utf16_to_codepoint,
)
from claims.text import canonicalize_text

TRADITIONAL = "我認(rèn)為DeepSeek確實是個很棒的團(tuán)隊"
FAMILY = "👨\u200d👩\u200d👧"
THUMB = "👍🏽"
FLAG = "🇨🇳"
ASTRAL_RUN = f"😀{THUMB}{FAMILY}{FLAG}𠮷𨋢"


def error_of(text: str, **kwargs: object) -> SpanError:
    with pytest.raises(SpanError) as exc:
        resolve_span(text, **kwargs)  # type: ignore[arg-type]
    return exc.value


def at(text: str, quote: str, nth: int = 0) -> int:
    return find_occurrences(text, quote)[nth]


# --- offsets ----------------------------------------------------------------------------------


def test_it_resolves_offsets_to_quote_and_context() -> None:
    span = resolve_span(TRADITIONAL, start=8, end=12)
    assert span == ResolvedSpan(
        start=8, end=12, quote="Deep", prefix="我認(rèn)為", suffix="Seek確實是個很棒的團(tuán)隊"
    )


def test_it_accepts_offsets_with_the_matching_quote() -> None:
    start = at(TRADITIONAL, "DeepSeek")
    span = resolve_span(TRADITIONAL, start=start, end=start + 8, quote="DeepSeek")
    assert (span.start, span.end, span.quote) == (start, start + 8, "DeepSeek")


@pytest.mark.parametrize(("given", "missing"), [({"start": 3}, "end"), ({"end": 3}, "start")])
def test_it_asks_for_the_missing_offset(given: dict[str, int], missing: str) -> None:
    err = error_of(TRADITIONAL, **given)
    assert err.field == missing
    assert str(err).startswith(f"{missing} is missing")


def test_it_refuses_a_negative_start() -> None:
    err = error_of("x" * 100, start=-1, end=5)
    assert err.field == "start"
    assert "start must be >= 0" in str(err)


def test_it_refuses_an_end_past_the_text_and_gives_the_length() -> None:
    err = error_of("x" * 100, start=10, end=120)
    assert err.field == "end"
    assert str(err).startswith("end 120 is past the end of the text (length 100)")


def test_it_counts_the_length_in_characters_not_bytes_or_utf16_units() -> None:
    text = ASTRAL_RUN + "明年"
    err = error_of(text, start=0, end=len(text) + 1)
    assert f"(length {len(text)})" in str(err)


def test_it_refuses_an_end_before_start() -> None:
    err = error_of("x" * 100, start=9, end=5)
    assert err.field == "end"
    assert str(err).startswith("end (5) must be greater than start (9)")


def test_it_refuses_an_empty_span() -> None:
    err = error_of("x" * 100, start=9, end=9)
    assert err.field == "end"
    assert "cannot be empty" in str(err)


def test_it_refuses_a_start_past_the_last_character() -> None:
    err = error_of("x" * 100, start=100, end=101)
    assert err.field == "start"
    assert "between 0 and 99" in str(err)


def test_it_refuses_any_span_in_an_empty_text() -> None:
    assert "empty" in str(error_of("", start=0, end=1))


@pytest.mark.parametrize("bad", [True, 1.5, "3"])
def test_it_refuses_offsets_that_are_not_whole_numbers(bad: object) -> None:
    err = error_of("x" * 10, start=bad, end=5)
    assert err.field == "start"
    assert "whole number" in str(err)


def test_it_shows_the_text_actually_found_when_the_quote_does_not_match_offsets() -> None:
    text = "他說明年會更好，明年見。"
    err = error_of(text, start=0, end=2, quote="明年")
    assert err.field == "quote"
    assert "«他說»" in str(err)  # what the offsets really select
    assert "2–4" in str(err) and "8–10" in str(err)  # where the quote really is
    assert err.occurrences == [(2, 4), (8, 10)]


def test_it_says_when_a_mismatched_quote_occurs_nowhere() -> None:
    err = error_of("他說明年會更好", start=0, end=2, quote="後年")
    assert err.field == "quote"
    assert "«他說»" in str(err) and "does not occur anywhere" in str(err)
    assert err.occurrences == []


def test_it_treats_prefix_and_suffix_as_hints_when_offsets_are_given() -> None:
    text = "明年明年"
    span = resolve_span(text, start=2, end=4, quote="明年", prefix="nonsense", suffix="nope")
    assert (span.start, span.end, span.prefix, span.suffix) == (2, 4, "明年", "")


def test_it_converts_browser_utf16_offsets_at_the_boundary_and_lets_the_quote_decide() -> None:
    text = f"{ASTRAL_RUN} 我認為明年會更好，大家都知道了，大家都知道了。"
    # What JavaScript's selection would report: UTF-16 code units.
    u16 = len(text[: text.index("明年")].encode("utf-16-le")) // 2
    assert u16 > text.index("明年")  # astral characters count twice in UTF-16
    start = utf16_to_codepoint(text, u16)
    end = utf16_to_codepoint(text, u16 + 2)
    assert resolve_span(text, start=start, end=end, quote="明年").quote == "明年"
    # Used unconverted, the offsets select the wrong words and the quote catches it.
    err = error_of(text, start=u16, end=u16 + 2, quote="明年")
    assert err.field == "quote" and err.occurrences == [(start, end)]


# --- quote alone ------------------------------------------------------------------------------


def test_it_finds_a_quote_that_occurs_once() -> None:
    span = resolve_span(TRADITIONAL, quote="DeepSeek")
    assert TRADITIONAL[span.start : span.end] == "DeepSeek"
    assert span.prefix == "我認(rèn)為"


def test_it_refuses_an_empty_quote() -> None:
    err = error_of(TRADITIONAL, quote="")
    assert err.field == "quote" and "empty" in str(err)


def test_it_asks_for_a_quote_or_offsets_when_given_nothing() -> None:
    err = error_of(TRADITIONAL)
    assert err.field == "quote"


def test_it_says_a_missing_quote_was_not_found() -> None:
    err = error_of(TRADITIONAL, quote="後年")
    assert err.field == "quote"
    assert "«後年»" in str(err) and "not found in the source text" in str(err)


def test_it_lists_every_occurrence_of_an_ambiguous_short_quote() -> None:
    text = "x" * 10 + "明年" + "y" * 28 + "明年" + "z" * 48 + "明年"
    err = error_of(text, quote="明年")
    assert err.field == "quote"
    assert err.occurrences == [(10, 12), (40, 42), (90, 92)]
    assert str(err) == (
        "«明年» occurs 3 times, at 10–12, 40–42, 90–92; give start/end, or a prefix/suffix that picks one."
    )


SAME_TWICE = "主持人問：你覺得明年會怎樣？他說：明年會更好。後來又說：明年會更好。然後就走了。"


def test_it_refuses_the_same_sentence_twice_without_a_hint() -> None:
    err = error_of(SAME_TWICE, quote="明年會更好。")
    first, second = at(SAME_TWICE, "明年會更好。"), at(SAME_TWICE, "明年會更好。", 1)
    assert err.occurrences == [(first, first + 6), (second, second + 6)]
    assert f"{first}–{first + 6}" in str(err) and f"{second}–{second + 6}" in str(err)


def test_it_picks_the_same_sentence_by_prefix() -> None:
    span = resolve_span(SAME_TWICE, quote="明年會更好。", prefix="後來又說：")
    assert span.start == at(SAME_TWICE, "明年會更好。", 1)


def test_it_picks_the_same_sentence_by_suffix() -> None:
    span = resolve_span(SAME_TWICE, quote="明年會更好。", suffix="後來")
    assert span.start == at(SAME_TWICE, "明年會更好。", 0)
    assert span.suffix.startswith("後來又說")


def test_it_picks_by_prefix_and_suffix_together() -> None:
    text = "A 明年 B。A 明年 C。D 明年 B。"
    span = resolve_span(text, quote="明年", prefix="A ", suffix=" C")
    assert span.start == at(text, "明年", 1)


def test_it_explains_a_prefix_that_matches_no_occurrence() -> None:
    err = error_of(SAME_TWICE, quote="明年會更好。", prefix="沒有的話")
    assert "none of them" in str(err) and "«沒有的話»" in str(err)
    assert len(err.occurrences) == 2


def test_it_explains_a_hint_that_still_leaves_several() -> None:
    text = "說：明年見。說：明年見。問：明年見。"
    err = error_of(text, quote="明年", prefix="說：")
    assert "2 of them" in str(err)
    assert len(err.occurrences) == 3  # every occurrence, not only the remaining ones


def test_it_resolves_a_unique_quote_even_if_its_hint_is_stale() -> None:
    span = resolve_span(TRADITIONAL, quote="DeepSeek", prefix="他認為")
    assert span.prefix == "我認(rèn)為"


def test_it_counts_overlapping_occurrences() -> None:
    assert find_occurrences("哈哈哈", "哈哈") == [0, 1]
    assert error_of("哈哈哈", quote="哈哈").occurrences == [(0, 2), (1, 3)]


def test_it_keeps_every_occurrence_but_lists_a_readable_number_in_the_message() -> None:
    text = "的" * (MAX_LISTED_OCCURRENCES + 5)
    err = error_of(text, quote="的")
    assert len(err.occurrences) == MAX_LISTED_OCCURRENCES + 5
    assert "and 5 more" in str(err)


def test_it_stays_fast_on_a_long_transcript_with_a_very_common_quote() -> None:
    text = (f"{FLAG}{THUMB}的，" * 50_000) + "明年"
    began = time.perf_counter()
    assert resolve_span(text, quote="明年").start == len(text) - 2
    err = error_of(text, quote="的")
    assert len(err.occurrences) == 50_000
    assert time.perf_counter() - began < 10  # quadratic code would take minutes


# --- astral characters and grapheme clusters --------------------------------------------------


def test_it_counts_astral_characters_before_a_span_as_one_each() -> None:
    text = f"{ASTRAL_RUN} 明年見"
    span = resolve_span(text, quote="明年")
    assert span.start == len(ASTRAL_RUN) + 1 == 13
    assert resolve_span(text, start=13, end=15).quote == "明年"


@pytest.mark.parametrize("quote", ["😀", THUMB, FAMILY, FLAG, "𠮷", "𨋢", f"說{FAMILY}好", "𠮷𨋢"])
def test_it_resolves_spans_with_astral_characters_inside(quote: str) -> None:
    text = f"他說：{quote}！"
    by_quote = resolve_span(text, quote=quote)
    by_offsets = resolve_span(text, start=by_quote.start, end=by_quote.end)
    assert by_quote == by_offsets
    assert by_quote.quote == quote


def test_it_refuses_a_start_that_splits_a_skin_tone_emoji() -> None:
    text = f"abcd{THUMB}ef"
    err = error_of(text, start=5, end=7)
    assert err.field == "start"
    assert str(err) == f"start 5 splits the character cluster «{THUMB}»; use 4 or 6."


@pytest.mark.parametrize(
    ("cluster", "cut"),
    [
        (THUMB, 1),
        (FAMILY, 1),
        (FAMILY, 2),
        (FAMILY, 4),
        (FLAG, 1),
        ("x\u0301", 1),
        ("1\ufe0f\u20e3", 2),
    ],
    ids=[
        "skin-tone",
        "zwj-after-man",
        "zwj-before-woman",
        "zwj-before-girl",
        "flag",
        "combining-mark",
        "keycap",
    ],
)
def test_it_refuses_an_end_inside_a_cluster(cluster: str, cut: int) -> None:
    text = f"看{cluster}吧"
    err = error_of(text, start=0, end=1 + cut)
    assert err.field == "end"
    assert f"«{cluster}»" in str(err)
    assert f"use 1 or {1 + len(cluster)}" in str(err)


def test_it_refuses_a_grapheme_split_even_if_the_quote_matches() -> None:
    text = f"好{THUMB}"
    err = error_of(text, start=0, end=2, quote="好👍")
    assert err.field == "end"


def test_it_refuses_a_quote_that_only_occurs_inside_a_larger_character() -> None:
    err = error_of(f"讚{THUMB}", quote="👍")
    assert err.field == "quote"
    assert f"«{THUMB}»" in str(err) and "whole character" in str(err)


def test_it_ignores_occurrences_inside_clusters_when_resolving_a_quote() -> None:
    text = f"toned {THUMB} plain 👍 end"
    assert resolve_span(text, quote="👍").start == text.index("👍 end")


def test_it_does_not_treat_one_astral_ideograph_as_a_cluster_to_split() -> None:
    assert not splits_grapheme("𠮷𨋢", 1)
    assert resolve_span("𠮷𨋢", start=1, end=2).quote == "𨋢"


def test_it_knows_cluster_boundaries() -> None:
    text = f"a{FLAG}{FLAG}b"
    assert [splits_grapheme(text, i) for i in range(len(text) + 1)] == [
        False,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
    with pytest.raises(ValueError):
        splits_grapheme(text, len(text) + 1)


def test_it_allows_spans_next_to_line_breaks_and_invisible_controls() -> None:
    text = f"{THUMB}\n{FAMILY}\u200b{FLAG}\t"
    for start, end in [(0, 2), (2, 3), (3, 8), (8, 9), (9, 11), (11, 12)]:
        assert resolve_span(text, start=start, end=end).quote == text[start:end]


# --- combining marks, whitespace, line breaks -------------------------------------------------


def test_it_matches_decomposed_pinyin_once_both_sides_are_nfc() -> None:
    text = canonicalize_text("老師說：ni\u030c ha\u030co！")
    assert text == "老師說：nǐ hǎo！"
    assert resolve_span(text, quote=canonicalize_quote("ni\u030c")).quote == "nǐ"
    assert resolve_span(text, quote="nǐ").start == 4


def test_it_does_not_normalize_a_quote_itself_but_says_how_to_fix_it() -> None:
    err = error_of("老師說：nǐ hǎo", quote="ni\u030c")
    assert err.field == "quote"
    assert "canonicalize_quote" in str(err)


def test_it_normalizes_quotes_to_nfc_only_without_stripping() -> None:
    assert canonicalize_quote(" ni\u030c\u3000") == " nǐ\u3000"
    assert canonicalize_quote("１２，㍿") == "１２，㍿"


def test_it_counts_a_crlf_line_break_as_one_character_after_canonicalization() -> None:
    text = canonicalize_text("第一行\r\n第二行\r第三行")
    assert resolve_span(text, quote="第三行").start == 8
    assert resolve_span(text, quote="一行\n第二").start == 1


def test_it_never_splits_lines_on_u2028_so_offsets_stay_put() -> None:
    text = "上句\u2028下句\u2029再說\x85完"
    assert len("".join(text.splitlines())) < len(text)  # why splitlines() must not be used
    assert resolve_span(text, quote="下句").start == 3
    assert resolve_span(text, quote="再說").start == 6
    assert resolve_span(text, quote="完").start == 9
    assert resolve_span(text, start=1, end=4).quote == "句\u2028下"


@pytest.mark.parametrize(
    ("space", "name"),
    [("\u00a0", "NBSP"), ("\u3000", "ideographic space"), ("\u200b", "zero-width space")],
)
def test_it_matches_special_spaces_exactly(space: str, name: str) -> None:
    text = f"他說{space}明年見"
    assert resolve_span(text, quote=f"說{space}明").start == 1
    err = error_of(text, quote="說 明")
    assert err.field == "quote", name
    plain = resolve_span(text, quote="說")
    assert plain.suffix.startswith(space)


def test_it_shows_invisible_characters_in_messages() -> None:
    err = error_of("他說\u00a0明年", start=1, end=4, quote="說 明")
    assert "⟨U+00A0⟩" in str(err)


def test_it_keeps_leading_and_trailing_spaces_of_a_quote() -> None:
    text = "他說 明年 會更好\u3000真的"
    span = resolve_span(text, quote=" 明年 ")
    assert (span.start, span.end, span.quote) == (2, 6, " 明年 ")
    assert resolve_span(text, quote="好\u3000").end == 10


def test_it_hints_that_stray_spaces_in_a_quote_are_the_problem() -> None:
    err = error_of("他說明年會更好", quote="明年 ")
    assert "spaces" in str(err)


def test_it_matches_tabs_exactly() -> None:
    text = "時間\t說話人\t內容"
    assert resolve_span(text, quote="說話人\t").end == 7
    assert error_of(text, quote="說話人 ").field == "quote"


def test_it_does_not_fold_case() -> None:
    assert error_of(TRADITIONAL, quote="deepseek").field == "quote"


# --- Traditional text and annotations ---------------------------------------------------------


def test_it_keeps_traditional_quotes_with_inline_annotations() -> None:
    span = resolve_span(TRADITIONAL, quote="認(rèn)為")
    assert (span.start, span.end) == (1, 8)
    assert resolve_span(TRADITIONAL, quote="團(tuán)隊").end == len(TRADITIONAL)


def test_it_never_matches_simplified_against_traditional() -> None:
    assert error_of(TRADITIONAL, quote="团队").field == "quote"
    err = error_of("電腦的記憶體不夠", quote="内存")  # phrase-level conversion is not anchoring
    assert "Traditional/Simplified" in str(err)
    assert resolve_span("電腦的記憶體不夠", quote="記憶體").quote == "記憶體"


# --- edges of the text ------------------------------------------------------------------------


def test_it_resolves_spans_at_the_very_start_and_end_and_covering_everything() -> None:
    text = f"{FLAG}說明年見{THUMB}"
    first = resolve_span(text, start=0, end=2)
    last = resolve_span(text, start=len(text) - 2, end=len(text))
    whole = resolve_span(text, start=0, end=len(text))
    assert (first.quote, first.prefix) == (FLAG, "")
    assert (last.quote, last.suffix) == (THUMB, "")
    assert (whole.quote, whole.prefix, whole.suffix) == (text, "", "")
    assert resolve_span(text, quote=text) == whole


def test_it_resolves_single_character_spans_at_both_ends() -> None:
    assert resolve_span("明年", start=0, end=1).quote == "明"
    assert resolve_span("明年", start=1, end=2).quote == "年"


def test_it_keeps_context_to_32_characters_counting_astral_as_one() -> None:
    text = "😀" * 40 + "明年" + "𠮷" * 40
    span = resolve_span(text, quote="明年")
    assert span.prefix == "😀" * CONTEXT_CHARS and span.suffix == "𠮷" * CONTEXT_CHARS
    assert context_of(text, 0, 1) == ("", "😀" * CONTEXT_CHARS)
    with pytest.raises(ValueError):
        context_of(text, 5, 4)


# --- UTF-16 -----------------------------------------------------------------------------------


def test_it_converts_between_utf16_units_and_code_points() -> None:
    text = "a😀b𠮷c"
    assert [codepoint_to_utf16(text, i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert utf16_to_codepoint(text, 3) == 2
    assert utf16_to_codepoint(text, 7) == 5


def test_it_refuses_a_utf16_offset_inside_a_surrogate_pair() -> None:
    with pytest.raises(ValueError, match="use 1 or 3"):
        utf16_to_codepoint("a😀b", 2)


@pytest.mark.parametrize("offset", [-1, 7])
def test_it_refuses_utf16_offsets_out_of_range(offset: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        utf16_to_codepoint("a😀b𠮷", offset)
    with pytest.raises(ValueError, match="out of range"):
        codepoint_to_utf16("a😀b", 4)


def test_it_leaves_bmp_only_offsets_unchanged() -> None:
    assert utf16_to_codepoint(TRADITIONAL, 9) == codepoint_to_utf16(TRADITIONAL, 9) == 9


# --- the error object -------------------------------------------------------------------------


def test_it_raises_value_errors_that_survive_pickling() -> None:
    err = error_of("明年明年", quote="明年")
    assert isinstance(err, ValueError) and str(err) == err.message
    clone = pickle.loads(pickle.dumps(err))
    assert (clone.message, clone.field, clone.occurrences) == (
        err.message,
        "quote",
        [(0, 2), (2, 4)],
    )


def test_it_refuses_to_search_for_an_empty_string() -> None:
    with pytest.raises(ValueError):
        find_occurrences("abc", "")


# --- properties -------------------------------------------------------------------------------

MODEST = settings(max_examples=200, deadline=None)
NO_SURROGATES = st.characters(exclude_categories=("Cs",))
# Pieces that make clusters: emoji modifiers, ZWJ, flags, combining and Indic marks, Hangul jamo.
PIECES = [
    "a",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\u2028",
    "明",
    "年",
    "😀",
    "👍",
    "🏽",
    "👨",
    "👩",
    "\u200d",
    "🇨",
    "🇳",
    "🇺",
    "\u0301",
    "\u030c",
    "\ufe0f",
    "\u20e3",
    "\u1100",
    "\u1161",
    "\u11a8",
    "가",
    "\u0915",
    "\u094d",
    "\u0937",
    "\u0600",
    "\u0903",
    "𠮷",
    "𨋢",
]
TEXTS = st.one_of(
    st.text(NO_SURROGATES, min_size=1, max_size=60),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), NO_SURROGATES), min_size=1, max_size=40).map("".join),
)
_GRAPHEME = regex.compile(r"\X")


def cluster_boundaries(text: str) -> set[int]:
    # Reference: segment the whole text, which splits_grapheme must never need to do.
    return {0} | {m.end() for m in _GRAPHEME.finditer(text)}


@st.composite
def text_and_range(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@MODEST
@given(text_and_range())
def test_it_resolves_any_valid_offsets_to_exactly_that_text(case: tuple[str, int, int]) -> None:
    text, start, end = case
    bounds = cluster_boundaries(text)
    try:
        span = resolve_span(text, start=start, end=end)
    except SpanError as err:
        assert err.field in ("start", "end")
        assert start not in bounds or end not in bounds
        return
    assert start in bounds and end in bounds
    assert span.quote == text[start:end]
    assert (span.prefix, span.suffix) == context_of(text, start, end)
    assert text[start - len(span.prefix) : start] == span.prefix
    assert text[end : end + len(span.suffix)] == span.suffix


@MODEST
@given(text_and_range())
def test_it_resolves_any_quote_to_a_place_where_it_occurs(case: tuple[str, int, int]) -> None:
    text, start, end = case
    quote = text[start:end]
    try:
        span = resolve_span(text, quote=quote)
    except SpanError as err:
        assert err.field == "quote"
        assert all(text[s:e] == quote for s, e in err.occurrences)
        return
    assert text[span.start : span.end] == quote == span.quote
    # The result is also accepted when sent back as offsets plus quote, as the admin does.
    assert resolve_span(text, start=span.start, end=span.end, quote=quote) == span


@MODEST
@given(text_and_range())
def test_it_picks_an_ambiguous_quote_with_its_own_context(case: tuple[str, int, int]) -> None:
    text, start, end = case
    bounds = cluster_boundaries(text)
    assume(start in bounds and end in bounds)
    prefix, suffix = context_of(text, start, end)
    try:
        span = resolve_span(text, quote=text[start:end], prefix=prefix, suffix=suffix)
    except SpanError as err:
        # Only possible when another occurrence has the same context (e.g. "a" * 60).
        assert (start, end) in err.occurrences
        twins = [
            (s, e)
            for s, e in err.occurrences
            if (s, e) != (start, end) and text.endswith(prefix, 0, s) and text.startswith(suffix, e)
        ]
        assert twins
        return
    assert (span.start, span.end) == (start, end)


@MODEST
@given(TEXTS)
def test_it_converts_utf16_offsets_back_and_forth(text: str) -> None:
    for i in range(len(text) + 1):
        assert utf16_to_codepoint(text, codepoint_to_utf16(text, i)) == i
    units = len(text.encode("utf-16-le")) // 2
    assert codepoint_to_utf16(text, len(text)) == units


@MODEST
@given(TEXTS)
def test_it_finds_cluster_splits_like_full_segmentation(text: str) -> None:
    bounds = cluster_boundaries(text)
    assert [splits_grapheme(text, i) for i in range(len(text) + 1)] == [
        i not in bounds for i in range(len(text) + 1)
    ]
