"""The source reader `/sources/<id>/`: the whole text, every span highlighted and linked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import SAMPLE_TEXT, PredictionFactory, SourceFactory, SpanFactory

pytestmark = pytest.mark.django_db

FIRST = "我认为2025年将是代理大规模使用的一年。"
SECOND = "明年会更好。"


def reader(source) -> str:
    return reverse("dashboard:source", args=[source.pk])


def test_it_shows_the_whole_text_with_each_span_highlighted_linked_and_anchored(client):
    source = SourceFactory(title="访谈：代理之年", language="zh-Hans")
    first = SpanFactory(source=source, quote=FIRST, prediction=PredictionFactory(statement=FIRST))
    second = SpanFactory(source=source, quote=SECOND, prediction=PredictionFactory(statement=SECOND))
    html = client.get(reader(source)).content.decode()
    assert '<h1 lang="zh-Hans">访谈：代理之年</h1>' in html
    assert "主持人：你怎么看代理？" in html  # text outside any span is there too
    for span in (first, second):
        assert f'<span class="span-anchor" id="span-{span.pk}"></span>' in html
        assert (
            f'<a href="/predictions/{span.prediction_id}/"><mark class="span" title="#{span.prediction_id} (statement): '
            in html
        )
    assert html.index(f'id="span-{first.pk}"') < html.index(f'id="span-{second.pk}"')
    assert "2 spans for 2 predictions" in html


def test_it_lists_the_predictions_of_the_text_in_text_order_with_their_standing(client):
    source = SourceFactory()
    later = PredictionFactory(statement=SECOND)
    earlier = PredictionFactory(statement=FIRST, status="due")
    SpanFactory(source=source, quote=SECOND, prediction=later)
    SpanFactory(source=source, quote=FIRST, prediction=earlier)
    html = client.get(reader(source)).content.decode()
    aside = html[html.index('<aside class="in-this-source"') : html.index("</aside>")]
    assert aside.index(FIRST) < aside.index(SECOND)
    assert "Due, awaiting a verdict" in aside


def test_it_shows_the_text_as_written_escaped_with_pinyin_hidden(client):
    source = SourceFactory(text=SAMPLE_TEXT + "認(rèn)為 <b>not bold</b> 𠮷👍🏽\n" + "长" * 3000)
    html = client.get(reader(source)).content.decode()
    assert "認為 &lt;b&gt;not bold&lt;/b&gt; 𠮷👍🏽" in html
    assert "(rèn)" not in html
    assert '<article class="source-text full as-written" lang="zh-Hans">' in html
    assert 'href="?page=0&amp;as=stored">Show it exactly as stored</a>' in html


def test_the_toggle_shows_the_text_exactly_as_stored_escaped_and_wrapping(client):
    source = SourceFactory(text="**主持人：**你好\n" + SAMPLE_TEXT + "認(rèn)為 <b>not bold</b> 𠮷👍🏽\n")
    html = client.get(reader(source) + "?as=stored").content.decode()
    assert "**主持人：**你好" in html
    assert "認(rèn)為 &lt;b&gt;not bold&lt;/b&gt; 𠮷👍🏽" in html
    assert '<article class="source-text full" lang="zh-Hans">' in html
    assert "Showing the text exactly as stored." in html


def test_it_renders_speaker_labels_headings_lists_and_only_web_links(client):
    text = (
        "# 訪談\n**主持人：**你怎麼看代理？\n**嘉賓：**我認(rèn)為明年會更好。\n- 第一\n- 第二\n"
        "[來源](https://example.org/a) [壞](javascript:alert(1))"
    )
    source = SourceFactory(text=text, language="zh-Hant")
    SpanFactory(source=source, quote="我認(rèn)為明年", prediction=PredictionFactory(statement="明年"))
    html = client.get(reader(source)).content.decode()
    assert "<h1>訪談</h1>" in html
    assert "<strong>主持人：</strong>你怎麼看代理？" in html
    assert "<ul>\n<li>第一</li>" in html or "<ul><li>第一</li>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">來源</a>' in html
    assert 'href="javascript' not in html  # shown as the text it is, never a link
    # The highlight holds the words shown: the pinyin inside the span is hidden, not marked.
    assert '<mark class="span" title="#' in html
    assert "我認</mark>" in html and ">為明年</mark>" in html


def test_it_leaves_out_spans_of_drafts(client):
    source = SourceFactory()
    SpanFactory(source=source, quote=FIRST, prediction=PredictionFactory(status="draft"))
    html = client.get(reader(source)).content.decode()
    assert "<mark" not in html
    assert FIRST in html
    assert "0 spans for 0 predictions" in html


def test_it_says_404_for_a_missing_source(client):
    assert client.get(reverse("dashboard:source", args=[999999])).status_code == 404


def long_text(lines: int) -> str:
    """Lines of 50 code points, numbered, so a page cut at a line shows whole lines."""
    return "".join(f"第{number:04d}行" + "长" * 43 + "\n" for number in range(lines))


def test_a_long_source_is_read_in_pages_cut_at_lines(client, settings):
    settings.SOURCE_PAGE_CHARS = 1000
    source = SourceFactory(text=long_text(50))  # 2,500 code points: three pages
    first = client.get(reader(source)).content.decode()
    assert "第0000行" in first and "第0019行" in first and "第0020行" not in first
    assert 'rel="next" href="?page=1"' in first and 'rel="prev"' not in first
    second = client.get(reader(source) + "?page=1").content.decode()
    assert "第0019行" not in second and "第0020行" in second and "第0039行" in second
    assert 'rel="prev" href="?page=0"' in second and 'rel="next" href="?page=2"' in second
    last = client.get(reader(source) + "?page=2").content.decode()
    assert "第0049行" in last and 'rel="next"' not in last


def test_a_highlight_across_a_page_cut_is_marked_on_both_pages(client, settings):
    settings.SOURCE_PAGE_CHARS = 1000
    text = long_text(50)
    quote = text[980:1030]  # the end of line 19 and the start of line 20
    source = SourceFactory(text=text)
    span = SpanFactory(source=source, quote=quote, prediction=PredictionFactory(statement="跨页"))
    first = client.get(reader(source)).content.decode()
    second = client.get(reader(source) + "?page=1").content.decode()
    assert f'id="span-{span.pk}"' in first and f'id="span-{span.pk}"' not in second
    marked = [
        "".join(re.findall(r"<mark[^>]*>([^<]*)</mark>", page.split('<article class="source-text', 1)[1]))
        for page in (first, second)
    ]
    assert marked == [quote[:19], quote[20:]]  # the line break between them is the cut
    # The list of predictions and the prediction page open the page holding the span.
    assert f'href="?at=980#span-{span.pk}"' in second
    assert (
        f"{reader(source)}?at=980#span-{span.pk}"
        in client.get(f"/predictions/{span.prediction_id}/").content.decode()
    )
    assert f'id="span-{span.pk}"' in client.get(reader(source) + "?at=980").content.decode()


def test_a_short_source_has_no_pages(client):
    html = client.get(reader(SourceFactory())).content.decode()
    assert 'class="text-pages"' not in html


def test_a_page_cut_without_lines_never_splits_a_character(client, settings):
    settings.SOURCE_PAGE_CHARS = 1000
    text = "长" * 999 + "👍🏽" + "长" * 1200  # the thumb's skin tone would start page 2
    html = client.get(reader(SourceFactory(text=text)) + "?page=1").content.decode()
    assert "👍🏽" in html
    assert "characters 1000–" in html
