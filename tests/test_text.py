"""Canonical source text (claims.text): what a curator importing a transcript would notice."""

from __future__ import annotations

import hashlib
import pickle
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.text import (
    SourceTextError,
    canonicalize_bytes,
    canonicalize_text,
    is_binary,
    text_sha256,
    unmarked_unicode,
)

TRADITIONAL = "我認(rèn)為DeepSeek確實是個很棒的團(tuán)隊"
ASTRAL = "😀 👍🏽 👨\u200d👩\u200d👧 🇨🇳 𠮷 𨋢"

# Pieces that exercise every canonicalization rule, mixed with arbitrary code points below.
PIECES = [
    "\ufeff",
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\x85",
    "n",
    "i",
    "\u030c",
    "ǐ",
    "e",
    "\u0301",
    "，",
    "……",
    "１２",
    "㍿",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\t",
    " ",
    "😀",
    "👍🏽",
    "\u200d",
    "🇨🇳",
    "𠮷",
    "𨋢",
    "認(rèn)為",
    "（笑）",
    "ﬁ",
    "ｶ",
    "가",
    "\u1100\u1161",
]
STORABLE = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
TEXTS = st.one_of(
    st.text(STORABLE, max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), STORABLE), max_size=30).map("".join),
)
MODEST = settings(max_examples=200, deadline=None)


# --- what is kept -----------------------------------------------------------------------------


def test_it_keeps_traditional_text_and_inline_annotations_exactly() -> None:
    text = f"{TRADITIONAL}（笑）\n記憶體不夠"
    assert canonicalize_text(text) == text


def test_it_keeps_astral_characters_and_emoji_sequences() -> None:
    assert canonicalize_text(ASTRAL) == ASTRAL
    assert len(canonicalize_text(ASTRAL)) == len(ASTRAL)


@pytest.mark.parametrize(
    "kept",
    ["，", "……", "１２３", "㍿", "ﬁ", "ｶﾀｶﾅ", "²", "Ⅻ", "：", "？！"],
    ids=[
        "fullwidth-comma",
        "ellipsis",
        "fullwidth-digits",
        "kabushiki",
        "ligature",
        "halfwidth-kana",
        "superscript",
        "roman-numeral",
        "fullwidth-colon",
        "fullwidth-qe",
    ],
)
def test_it_never_applies_nfkc_so_offsets_do_not_move(kept: str) -> None:
    text = f"他說{kept}明年"
    assert unicodedata.normalize("NFKC", text) != text  # the case is a real NFKC trap
    assert canonicalize_text(text) == text
    assert canonicalize_text(text).index("明年") == text.index("明年")


@pytest.mark.parametrize(
    "space",
    ["\u00a0", "\u3000", "\u200b", "\t", "  ", "\u2028", "\u2029", "\x85", "\ufeff"],
    ids=[
        "nbsp",
        "ideographic-space",
        "zwsp",
        "tab",
        "double-space",
        "line-sep",
        "para-sep",
        "nel",
        "zwnbsp-inside",
    ],
)
def test_it_keeps_whitespace_and_invisible_characters_exactly(space: str) -> None:
    text = f" 開頭{space}中間{space}結尾 "
    assert canonicalize_text(text) == text


def test_it_keeps_leading_and_trailing_spaces_of_the_whole_text() -> None:
    assert canonicalize_text("  \u3000明年見\u00a0\n\n") == "  \u3000明年見\u00a0\n\n"


# --- what changes -----------------------------------------------------------------------------


def test_it_strips_one_leading_bom() -> None:
    assert canonicalize_text("\ufeff明年見") == "明年見"


def test_it_refuses_a_double_bom_instead_of_leaving_one_for_the_next_import() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_text("\ufeff\ufeff明年見", name="ep12.txt")
    assert "ep12.txt" in str(exc.value)
    assert "byte order mark" in str(exc.value)
    assert exc.value.position == 1


def test_it_turns_crlf_and_lone_cr_into_lf() -> None:
    assert canonicalize_text("一\r\n二\r三\n四\r\r\n五") == "一\n二\n三\n四\n\n五"


def test_it_gives_a_crlf_file_and_an_lf_file_the_same_text_and_hash() -> None:
    windows = canonicalize_bytes("第一行\r\n第二行\r\n".encode(), name="win.txt")
    unix = canonicalize_bytes("第一行\n第二行\n".encode(), name="unix.txt")
    assert windows == unix
    assert text_sha256(windows) == text_sha256(unix)


def test_it_composes_decomposed_pinyin_to_match_precomposed() -> None:
    decomposed = "ni\u030c ha\u030co"
    assert decomposed != "nǐ hǎo"
    assert canonicalize_text(decomposed) == "nǐ hǎo"
    assert text_sha256(canonicalize_text(decomposed)) == text_sha256(canonicalize_text("nǐ hǎo"))


def test_it_keeps_combining_marks_that_have_no_precomposed_form() -> None:
    assert canonicalize_text("x\u0301y") == "x\u0301y"


def test_it_keeps_line_separator_u2028_as_one_character() -> None:
    text = "上句\u2028下句"
    assert canonicalize_text(text) == text
    assert canonicalize_text(text).index("下句") == 3


# --- what is refused --------------------------------------------------------------------------


def test_it_refuses_nul_with_its_code_point_position_and_the_file_name() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_text("😀明年\n見\x00了", name="ep12.txt")
    err = exc.value
    assert err.position == 5  # code points, not the 10th UTF-8 byte
    assert err.name == "ep12.txt"
    assert "ep12.txt" in str(err) and "code point 5" in str(err) and "line 2" in str(err)
    assert "NUL" in str(err)


def test_it_refuses_nul_in_bytes_naming_the_file() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes(b"abc\x00def", name="notes.txt")
    assert exc.value.position == 3
    assert "notes.txt" in str(exc.value)


def test_it_refuses_a_lone_surrogate_with_its_position() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_text("明年\ud83d見", name="api-payload")
    err = exc.value
    assert err.position == 2
    assert "U+D83D" in str(err) and "code point 2" in str(err) and "api-payload" in str(err)
    assert "lone surrogate" in str(err)


def test_it_refuses_a_surrogate_pair_left_as_two_code_points() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_text("a\ud83d\ude00")
    assert exc.value.position == 1
    assert "surrogate pair" in str(exc.value)
    assert str(exc.value).startswith("text:")  # default name


def test_it_refuses_invalid_utf8_with_the_file_name_and_byte_position() -> None:
    data = "明年\n見".encode() + b"\xff" + b"rest"
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes(data, name="ep12.txt")
    err = exc.value
    assert err.position == 10  # bytes: 明年 is 6, \n is 1, 見 is 3
    assert err.name == "ep12.txt"
    message = str(err)
    assert "ep12.txt" in message and "byte 10" in message and "line 2" in message
    assert "UTF-8" in message and "\ufffd" not in message


def test_it_refuses_a_truncated_character_at_the_end_of_the_file() -> None:
    data = "明年".encode() + "見".encode()[:2]
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes(data, name="cut.txt")
    assert exc.value.position == 6


def test_it_refuses_gbk_encoded_chinese_and_suggests_resaving_as_utf8() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes("我认为明年会更好".encode("gbk"), name="gbk.txt")
    assert exc.value.position == 0
    assert "GBK" in str(exc.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_it_decodes_utf16_and_utf32_with_a_bom_and_strips_the_bom(codec: str) -> None:
    data = ("\ufeff" if codec.endswith("-be") else "") + TRADITIONAL + "\r\nDeepSeek 明年"
    text = canonicalize_bytes(data.encode(codec), name="u.txt")
    assert text == TRADITIONAL + "\nDeepSeek 明年"  # the same canonical text as from UTF-8


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-16-le", "UTF-16-LE"),
        ("utf-16-be", "UTF-16-BE"),
        ("utf-32-le", "UTF-32-LE"),
        ("utf-32-be", "UTF-32-BE"),
    ],
)
def test_it_names_utf16_and_utf32_without_a_bom(codec: str, label: str) -> None:
    data = "DeepSeek 明年会发布新模型。 Version 4.".encode(codec)
    assert unmarked_unicode(data) == label
    assert not is_binary(data)
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes(data, name="u.txt")
    assert f"u.txt: looks like {label} text without a byte order mark" in str(exc.value)


def test_it_refuses_utf16_with_a_bom_that_does_not_decode() -> None:
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes("明年".encode("utf-16") + b"\x00", name="cut.txt")
    assert "cut.txt: starts with a UTF-16 byte order mark but is not valid UTF-16" in str(exc.value)


def test_it_refuses_utf8_encoded_surrogates() -> None:
    # CESU-8 style bytes for a surrogate: strict UTF-8 must not let them in.
    with pytest.raises(SourceTextError) as exc:
        canonicalize_bytes(b"ok \xed\xa0\xbd", name="cesu.txt")
    assert exc.value.position == 3


def test_it_never_replaces_bad_bytes_with_replacement_characters() -> None:
    with pytest.raises(SourceTextError):
        canonicalize_bytes(b"a\x80b", name="x.txt")
    # A real U+FFFD in valid input is content, though, and is kept.
    assert canonicalize_bytes("a\ufffdb".encode(), name="x.txt") == "a\ufffdb"


def test_it_decodes_utf8_with_bom_and_strips_the_bom() -> None:
    assert canonicalize_bytes(b"\xef\xbb\xbf" + TRADITIONAL.encode(), name="b.txt") == TRADITIONAL


def test_it_reports_errors_as_value_errors_that_survive_pickling() -> None:
    with pytest.raises(ValueError) as exc:
        canonicalize_bytes(b"\xff", name="p.txt")
    clone = pickle.loads(pickle.dumps(exc.value))
    assert isinstance(clone, SourceTextError)
    assert (str(clone), clone.name, clone.position) == (str(exc.value), "p.txt", 0)


# --- hash and binary sniffing -----------------------------------------------------------------


def test_it_hashes_the_utf8_encoding() -> None:
    assert text_sha256("") == hashlib.sha256(b"").hexdigest()
    assert text_sha256(TRADITIONAL) == hashlib.sha256(TRADITIONAL.encode("utf-8")).hexdigest()
    assert text_sha256("明年") != text_sha256("明年 ")


def test_it_detects_binary_files_by_nul_in_the_first_8_kib() -> None:
    assert is_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not is_binary(TRADITIONAL.encode() * 1000)
    assert not is_binary(b"a" * 8192 + b"\x00")  # past the sniffed prefix
    assert is_binary(b"a" * 8191 + b"\x00")
    assert not is_binary(b"")


def test_it_tells_utf16_from_binary() -> None:
    assert not is_binary("DeepSeek 明年".encode("utf-16"))
    assert unmarked_unicode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None
    assert unmarked_unicode(bytes(range(256)) * 4) is None


# --- properties -------------------------------------------------------------------------------


@MODEST
@given(TEXTS)
def test_it_is_idempotent(text: str) -> None:
    try:
        once = canonicalize_text(text)
    except SourceTextError:
        return  # only a double BOM is refused here
    assert canonicalize_text(once) == once


@MODEST
@given(TEXTS)
def test_it_always_produces_nfc_text_without_cr_or_leading_bom(text: str) -> None:
    try:
        out = canonicalize_text(text)
    except SourceTextError:
        assert text.startswith("\ufeff\ufeff")
        return
    assert "\r" not in out
    assert not out.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", out)


@MODEST
@given(TEXTS)
def test_it_changes_nothing_in_text_that_is_already_canonical(text: str) -> None:
    text = unicodedata.normalize("NFC", text.replace("\r", "").lstrip("\ufeff"))
    assert canonicalize_text(text) == text


@MODEST
@given(TEXTS)
def test_it_gives_bytes_and_text_the_same_canonical_form(text: str) -> None:
    try:
        expected = canonicalize_text(text, name="f.txt")
    except SourceTextError as err:
        with pytest.raises(SourceTextError) as again:
            canonicalize_bytes(text.encode("utf-8"), name="f.txt")
        assert str(again.value) == str(err)
        return
    assert canonicalize_bytes(text.encode("utf-8"), name="f.txt") == expected
