"""Extraction sees through transcript markup without moving an offset."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from claims.extraction import extract_candidates
from claims.extraction.markup import matching_view

SAID_ON = dt.date(2025, 3, 20)


def test_html_entities_no_longer_hide_ll_and_wont():
    text = "I think we&#39;ll ship agents by 2026. It won&#39;t be cheap at first &amp; it will get cheaper."
    candidates = extract_candidates(text, said_on=SAID_ON)
    assert [c.quote for c in candidates] == [
        "I think we&#39;ll ship agents by 2026.",
        "It won&#39;t be cheap at first &amp; it will get cheaper.",
    ]
    assert candidates[0].due_latest == dt.date(2026, 12, 31)
    for c in candidates:
        assert c.quote == text[c.start : c.end]


def test_an_entity_at_the_end_of_a_quote_is_quoted_whole():
    text = "He said: &quot;Prices will fall by 2027.&quot; Then he left."
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote.endswith("&quot;") and candidate.quote == text[candidate.start : candidate.end]


def test_a_link_inside_a_sentence_reads_as_its_words():
    text = (
        '"By the end of the decade, we will have machines in data centers," Zulfi Alam, '
        "[Microsoft](https://www.cnbc.com/quotes/MSFT/)'s vice president of Quantum, told CNBC."
    )
    assert "Alam, Microsoft's vice president" in matching_view(text).text
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == text  # the address stays in the quote: offsets are the text's
    assert candidate.horizon_text == "By the end of the decade"


def test_a_line_of_links_stays_a_link_list():
    text = "[3、[演讲总结：凯文·凯利预言AI时代三大趋势，未来所有工作都会使用人工智能](http://mp.weixin.qq.com/s?x=1)\n"
    assert matching_view(text).text == text
    assert extract_candidates(text, said_on=SAID_ON) == []


def test_markdown_bold_inside_a_horizon_is_read_through():
    text = "我认为我们将在**2026年**发布新模型。"
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.horizon_text == "在**2026年"  # the horizon words exactly as in the text
    assert candidate.due_latest == dt.date(2026, 12, 31)
    assert candidate.quote == text[candidate.start : candidate.end]


def test_a_markdown_escape_reads_as_the_character_it_escapes():
    text = "重回紧缩（2023年2月\\~3月初）：2月数据好于预期。"
    view = matching_view(text)
    assert view.text == "重回紧缩（2023年2月~3月初）：2月数据好于预期。"
    assert text[view.original(view.text.index("3月")) :].startswith("3月初")


def test_inline_tags_are_read_through():
    text = "Agents <i>will</i> be everywhere by 2030.<br>We shipped one last year."
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == "Agents <i>will</i> be everywhere by 2030."
    assert candidate.due_latest == dt.date(2030, 12, 31)


def test_pinyin_notes_and_astral_characters_keep_every_offset():
    text = "🌟𠮷\nSA: 我認(rèn)為,明年我們將會擁有數(shù)十億用戶。😀"
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == "我認(rèn)為,明年我們將會擁有數(shù)十億用戶。"
    assert candidate.quote == text[candidate.start : candidate.end]
    assert candidate.horizon_text == "明年"


@given(
    st.lists(
        st.sampled_from(
            [
                "我",
                "会",
                "将",
                "明年",
                "&#39;",
                "&amp;",
                "**",
                "<i>",
                "</i>",
                "認(rèn)",
                "😀",
                "𠮷",
                "will",
                " ",
                "。",
            ]
        ),
        max_size=30,
    )
)
def test_the_view_maps_every_character_back_into_the_text(pieces):
    text = "".join(pieces)
    view = matching_view(text)
    for at in range(len(view.text)):
        start, end = view.original(at), view.original_end(at + 1)
        assert 0 <= start < end <= len(text)
    if view.text:
        assert view.original_end(len(view.text)) <= len(text)


WEBVTT = (
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "00:00:01.000 --> 00:00:04.000 align:start position:0%\n<v Jane Doe>I think inflation will fall\n\n"
    "00:00:04.000 --> 00:00:07.000 align:start position:0%\nto 2% by the end of next year.</v>\n\n"
    "00:00:07.000 --> 00:00:09.000\n<v John Smith>We will<00:00:07.500><c> open</c> plants in 2026.\n"
)
SRT = "1\n00:00:01,000 --> 00:00:04,000\n我认为明年通胀\n\n2\n00:00:04,000 --> 00:00:07,000\n会降到2%。\n"


def test_a_sentence_spoken_across_caption_cues_is_one_candidate_with_its_speaker():
    candidates = extract_candidates(WEBVTT, said_on=dt.date(2025, 3, 1))
    assert [(c.speaker, c.due_latest) for c in candidates] == [
        ("Jane Doe", dt.date(2026, 12, 31)),
        ("John Smith", dt.date(2026, 12, 31)),
    ]
    first, second = candidates
    assert first.quote == WEBVTT[first.start : first.end]  # the cue lines stay in the exact quote
    assert first.quote.startswith("I think inflation") and first.quote.endswith("end of next year.")
    assert second.quote == "We will<00:00:07.500><c> open</c> plants in 2026."


def test_an_srt_caption_file_reads_the_same_way():
    [candidate] = extract_candidates(SRT, said_on=dt.date(2025, 3, 1))
    assert candidate.quote.startswith("我认为明年通胀") and candidate.quote.endswith("会降到2%。")
    assert candidate.due_latest == dt.date(2026, 12, 31)


def test_a_time_code_linked_to_the_recording_is_markup():
    text = (
        "[13:48](https://www.youtube.com/watch?v=yEb2DX0TzKM&t=828s) I'm gonna say that the boom is going "
        "to be the biggest political winner of 2026.\n\n"
        "[36:21](https://www.youtube.com/watch?v=yEb2DX0TzKM&t=2181s) My prediction for 2026 is that Amazon "
        "is going to have a massive year."
    )
    candidates = extract_candidates(text, said_on=dt.date(2026, 1, 10))
    assert [c.quote[:12] for c in candidates] == ["I'm gonna sa", "My predictio"]
    assert all(c.quote == text[c.start : c.end] for c in candidates)
    assert candidates[1].due_latest == dt.date(2026, 12, 31)
