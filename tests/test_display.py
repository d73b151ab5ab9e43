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
# "  ": a line indented as a list item's text continues the item; less indented, it ends it.
MARKER = st.sampled_from(["", "", "# ", "### ", "- ", "* ", "1. ", "> ", "  "])
# A whole line in `**` is bold with a space inside the markers, and that space is shown.
SPACED_BOLD_LINE = WORD.map(lambda w: [("**", False), (" " + w, True), ("**", False)])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[bool]]:
    parts: list[tuple[str, bool]] = []
    for number in range(draw(st.integers(1, 5))):
        if number:
            parts.append(("\n", False))
        marker = draw(MARKER)
        if marker:
            parts.append((marker, False))
        groups = [draw(SPACED_BOLD_LINE)] if draw(st.integers(0, 5)) == 0 else draw(INLINE)
        inline = [part for group in groups for part in group]
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
    # Stored texts are canonical: no NUL (refused at import), no CR (Markdown would count it a line).
    text = canonicalize_text(text.replace("\x00", ""))
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


def test_a_line_less_indented_than_a_list_item_ends_it() -> None:
    # Seed 004's shape: one paragraph a line, a numbered point among them.
    text = "要點:\n1. 第一點。\n2.第二點。\n以下是實錄:\n主持人:你好"
    assert render_source(text, []) == (
        "<p>要點:</p>\n<ol><li>第一點。</li>\n</ol>\n<p>2.第二點。<br>\n以下是實錄:<br>\n主持人:你好</p>\n"
    )
    # Indented as the item's text, a line still continues it; a new marker still starts an item.
    assert render_source("1. one\n   more\n2. two", []) == "<ol><li>one<br>\nmore</li>\n<li>two</li>\n</ol>\n"
    # Paragraphs outside lists keep their lines, and a list after a blank line keeps its number.
    assert render_source("a\nb\n\n9. nine", []) == '<p>a<br>\nb</p>\n<ol start="9"><li>nine</li>\n</ol>\n'


def test_the_rest_of_seed_004_is_not_one_list_item() -> None:
    name = "004_ea5b8727a9de0152.txt"
    text = canonicalize_text((DEMO / "seeds" / name).read_bytes().decode("utf-8"))
    rendered = render_source(text, [])
    items = re.findall(r"<li>(.*?)</li>", rendered, re.DOTALL)
    assert items == ["DeepSeek的出現是一個「警醒」,促使OpenAI重新考慮免費層策略。"]
    assert "<p>2.暗示GPT-5即將推出" in rendered
    assert rendered.rstrip().endswith("about-building-a-consumer-tech-company/</p>")


def test_lines_holding_only_an_image_leave_no_empty_block() -> None:
    assert render_source("a\n\n![](https://e.org/i.png)\n\nb", []) == "<p>a</p>\n<p>b</p>\n"
    assert render_source("- ![](https://e.org/i.png)\n\n---\n\n![](x)\n\n---", []) == "<hr>"
    # The image's line leaves no break either, before, after or between lines.
    assert render_source("![](i)\na\n![](i)\nb\n![](i)", []) == "<p>a<br>\nb</p>\n"
    assert render_source("[![](https://e.org/i.png)](https://e.org/)", []) == ""
    for name in sorted(path.name for path in (DEMO / "seeds").glob("*.txt")):
        text = canonicalize_text((DEMO / "seeds" / name).read_bytes().decode("utf-8"))
        rendered = render_source(text, [])
        assert not re.search(r"<(p|li|h\d)>\s*(<br>\s*)*</\1>", rendered), name
        assert "<hr><hr>" not in rendered, name


def test_a_whole_line_in_double_stars_is_bold_with_spaces_inside_the_markers() -> None:
    # Seed 002's closing lines: `** _合作请联系…_**`, a stray space after the opening run.
    assert render_source("** _聯繫：Milo_**\n\nx", [Offsets(4, 11)]) == (
        '<p><strong> <em><mark class="span" title="">聯繫：Milo</mark></em></strong></p>\n<p>x</p>\n'
    )
    # Within a line, spaces inside the markers are still no emphasis.
    assert render_source("a ** b ** c", []) == "<p>a ** b ** c</p>\n"
    assert render_source("** b **c", []) == "<p>** b **c</p>\n"
