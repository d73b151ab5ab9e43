"""A source as written: every highlight shows exactly its quote with the markup and pinyin left out."""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.display import Text, display_pieces, render_source, shown_text
from claims.text import canonicalize_text

DEMO = Path(__file__).resolve().parent.parent / "claims" / "demo"


@dataclass(frozen=True)
class Offsets:
    start: int
    end: int


def marked_text(rendered: str) -> str:
    """The characters inside <mark>s, as a reader sees them."""
    return "".join(
        html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", rendered)
    )


# Generated Markdown-ish lines, built from parts known to be shown (True) or markup (False).
WORD = (
    st.text(alphabet="我認為明年代理會更好說：，。！？abcXYZ &<>'\"😀𠮷", min_size=1, max_size=6)
    .map(str.strip)
    # A `>` opening a line is a block quote's marker, not a word (CommonMark lets it interrupt a
    # paragraph), so a generated word never starts with one; inside a word it is text.
    .filter(lambda word: bool(word) and not word.startswith(">"))
)
PLAIN = st.lists(WORD, min_size=1, max_size=3).map(lambda words: [(" ".join(words), True)])
BOLD = WORD.map(lambda w: [("**", False), (w, True), ("**", False)])
LINK = WORD.map(lambda w: [("[", False), (w, True), ("](https://example.org/(a)b)", False)])
PINYIN = st.sampled_from(["認(rèn)", "發（fā）", "為(wéi)"]).map(lambda s: [(s[0], True), (s[1:], False)])
IMAGE = st.just([("![图](https://example.org/i.png)", False)])
LINKED_IMAGE = st.just([("[", False), ("图", True), ("![](https://e.org/i.png)](https://e.org/)", False)])
INLINE = st.lists(st.one_of(PLAIN, BOLD, LINK, PINYIN, IMAGE, LINKED_IMAGE), min_size=1, max_size=4)
MARKER = st.sampled_from(["", "", "# ", "### ", "- ", "* ", "1. ", "> "])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[bool]]:
    parts: list[tuple[str, bool]] = []
    for number in range(draw(st.integers(1, 5))):
        if number:
            parts.append(("\n", False))
        marker = draw(MARKER)
        if marker:
            parts.append((marker, False))
        inline = [part for group in draw(INLINE) for part in group]
        # Words meet with a space between them; the space is shown.
        for index, part in enumerate(inline):
            if index and part[1] and inline[index - 1][1] and not part[0].startswith(("(", "（")):
                parts.append((" ", True))
            parts.append(part)
    text = "".join(s for s, _ in parts)
    shown = [flag for s, flag in parts for _ in s]
    return text, shown


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_every_span_shows_its_quote_without_markup_or_pinyin(document, data) -> None:
    text, shown = document
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = "".join(char for char, flag in zip(text[start:end], shown[start:end], strict=True) if flag)
    assert shown_text(text, start, end) == expected
    assert marked_text(render_source(text, [Offsets(start, end)])) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.data())
def test_any_text_renders_runs_in_order_and_marks_what_they_show(text, data) -> None:
    text = canonicalize_text(text) if "\x00" not in text else text.replace("\x00", "")
    runs = [p for p in display_pieces(text) if isinstance(p, Text)]
    assert all(0 <= r.start < r.end <= len(text) for r in runs)
    assert all(a.end <= b.start for a, b in zip(runs, runs[1:], strict=False))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert marked_text(render_source(text, [Offsets(start, end)])) == shown_text(text, start, end)


def test_speaker_labels_close_before_cjk_text() -> None:
    assert render_source("**主持人：**你怎麼看？", []) == "<p><strong>主持人：</strong>你怎麼看？</p>\n"
    assert render_source("**Q:**so", []) == "<p><strong>Q:</strong>so</p>\n"


def test_the_stored_text_view_keeps_the_pinyin() -> None:
    assert shown_text("我認(rèn)為", 0, 8, hide_pinyin=False) == "我認(rèn)為"
    text = "我認(rèn)為 (rèn) x(rèn) 發（fā）布"
    assert shown_text(text, 0, len(text)) == "我認為 (rèn) x(rèn) 發布"  # only right after Han


def test_nothing_from_the_source_becomes_html() -> None:
    rendered = render_source('<script>alert(1)</script> [x](javascript:alert(1)) [y](https://e.org/"q)', [])
    assert "<script" not in rendered and 'href="javascript' not in rendered
    assert 'href="https://e.org/%22q"' in rendered
    assert render_source("看![图](https://e.org/i.png)这里", []) == "<p>看这里</p>\n"


def test_the_demo_spans_show_their_quotes_in_the_seeds() -> None:
    demo = tomllib.loads((DEMO / "predictions.toml").read_text("utf-8"))
    texts = {
        entry["file"]: canonicalize_text((DEMO / "seeds" / entry["file"]).read_bytes().decode("utf-8"))
        for entry in demo["source"]
    }
    pinyin = re.compile(r"(?<=[\u4e00-\u9fff])[(（][^()（）\s]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][^()（）]*?[)）]")
    checked = 0
    for prediction in demo["prediction"]:
        for span in prediction["spans"]:
            text = texts[span.get("source", prediction["source"])]
            quote = span["quote"]
            start = text.find(quote)
            assert start != -1, quote
            # Line breaks show as breaks, not characters.
            expected = pinyin.sub("", quote.replace("**", "").replace("\n", ""))
            assert shown_text(text, start, start + len(quote)) == expected
            assert shown_text(text, start, start + len(quote), hide_pinyin=False) == quote.replace(
                "**", ""
            ).replace("\n", "")
            checked += 1
    assert checked > 50
    seed_004 = texts["004_ea5b8727a9de0152.txt"]
    assert len(re.findall(r"[(（][^()（）]+[)）]", seed_004)) - len(pinyin.findall(seed_004)) < 40
    assert "(rèn)" not in shown_text(seed_004, 0, len(seed_004))
