"""The extractor's text handling: sentences as offsets, folding, cue words, speakers, duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extraction import extract_candidates
from claims.extraction.cues import mask_non_modal, scan
from claims.extraction.duplicates import find_duplicates
from claims.extraction.markup import matching_view
from claims.extraction.segment import split_clauses, split_sentences
from claims.extraction.speakers import find_labels, speaker_at
from claims.fold import fold
from claims.text import canonicalize_text

SAID_ON = dt.date(2024, 10, 1)


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


# --- segmentation ---------------------------------------------------------------------------


def test_it_splits_at_terminators_and_keeps_offsets():
    text = "我认为2025年会很好。明年呢？Yes! It will."
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["我认为2025年会很好。", "明年呢？", "Yes!", "It will."]
    assert spans[1].start == text.index("明年")


def test_a_title_case_line_is_not_glued_to_the_paragraph_under_it():
    text = "The Next Five Years of Artificial Intelligence\nMy Answers to a Survey\nEarlier this month, we\nasked them."
    assert sentences_of(text) == [
        "The Next Five Years of Artificial Intelligence",
        "My Answers to a Survey",
        "Earlier this month, we\nasked them.",  # a soft wrap mid-sentence stays one sentence
    ]


def test_a_headline_in_sentence_case_is_not_glued_to_the_paragraph_under_it():
    text = (
        "What analysts expect in 2026\nThe year was big. Sales will grow in 2026 as the\n"
        "Market matures.\nThe bubble won’t pop\nWhile the bears talk, the trade will grow."
    )
    assert sentences_of(text) == [
        "What analysts expect in 2026",
        "The year was big.",
        "Sales will grow in 2026 as the\nMarket matures.",  # ends on "the": a soft wrap
        "The bubble won’t pop",
        "While the bears talk, the trade will grow.",
    ]


def test_a_stage_marker_line_belongs_to_no_sentence_around_it():
    text = "And the robots will come\n(CROSSTALK)\nfaster than anyone thinks.\n(BEGIN VIDEOTAPE)\nIt will be soon."
    assert sentences_of(text) == [
        "And the robots will come",
        "(CROSSTALK)",
        "faster than anyone thinks.",
        "(BEGIN VIDEOTAPE)",
        "It will be soon.",
    ]


def test_a_blank_line_in_mid_sentence_does_not_cut_it():
    # Scraped transcripts break paragraphs in mid-sentence; a paragraph never starts lower-case.
    text = "And we're\n\ngoing to talk about it. Done\n\nNext paragraph."
    assert sentences_of(text) == ["And we're\n\ngoing to talk about it.", "Done", "Next paragraph."]


def test_a_title_or_a_dateline_is_not_proposed():
    text = (
        "Read the transcript of the talk titled “The World by 2030” at the summit on January 30, 2025.\n"
        "AI will change the jobs of most people by 2030."
    )
    quotes = [c.quote for c in extract_candidates(text, said_on=dt.date(2025, 1, 30))]
    assert quotes == ["AI will change the jobs of most people by 2030."]


def test_it_keeps_closing_quotes_with_their_sentence():
    text = "他说：“无论你公司里有多少聪明人，公司外总有更多聪明人。”所以我们会迭代。"
    assert sentences_of(text) == [
        "他说：“无论你公司里有多少聪明人，公司外总有更多聪明人。”",
        "所以我们会迭代。",
    ]


def test_it_keeps_ascii_closing_quotes_and_brackets():
    text = 'He said "it will ship soon." Then he left. (我们会做到。)下一句。'
    assert sentences_of(text) == [
        'He said "it will ship soon."',
        "Then he left.",
        "(我们会做到。)",
        "下一句。",
    ]


def test_it_counts_astral_characters_as_one_code_point():
    text = "😀𠮷 我们将在2025年发布。👍🏽 明年会更好。"
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["😀𠮷 我们将在2025年发布。", "👍🏽 明年会更好。"]
    assert spans[0].start == 0 and spans[1].start == text.index("👍🏽")


def test_it_segments_crlf_text_after_canonicalization():
    raw = "第一句会来。\r\n\r\n第二句将到。\r孤立的回车。"
    text = canonicalize_text(raw)
    assert sentences_of(text) == ["第一句会来。", "第二句将到。", "孤立的回车。"]
    for s in split_sentences(text):
        assert "\r" not in text[s.start : s.end]


def test_a_soft_line_break_does_not_end_a_sentence():
    text = "GPT-4 模型中已经有所展现，但 O1\n真的是第一个能进行高级推理的系统。\n\n新段落。"
    assert sentences_of(text) == [
        "GPT-4 模型中已经有所展现，但 O1\n真的是第一个能进行高级推理的系统。",
        "新段落。",
    ]


# A machine subtitle transcript of an earnings call, as the ASUS one of the dev half is written:
# a time stamp opens every line and there is no punctuation.
SUBTITLES = (
    "(35:39) 我們看到第一個問題是來自於某投顧\n"
    "(36:13) 好的這個問題由我來說明一下\n"
    "(36:16) 我想26年全球PC市場的展望\n"
    "(36:19) 目前有一些調研機構的數字\n"
    "(36:26) 大概會跌個10% 10到15%之間\n"
    "(36:30) 那不過假如把它細分成\n"
)


def test_a_subtitle_line_goes_on_into_the_next_until_one_opens_a_sentence():
    assert sentences_of(SUBTITLES) == [
        "我們看到第一個問題是來自於某投顧",
        "好的這個問題由我來說明一下",
        "我想26年全球PC市場的展望\n(36:19) 目前有一些調研機構的數字\n(36:26) 大概會跌個10% 10到15%之間",
        "那不過假如把它細分成",
    ]


def test_subtitle_time_stamps_to_the_millisecond_are_the_same_form():
    text = (
        "(08:58.415) 那今年的話\n(09:00.059) 所以營業費用應該會\n(09:02.747) 持平\n(09:04.996) 那明年的話\n"
    )
    assert sentences_of(text) == ["那今年的話", "所以營業費用應該會\n(09:02.747) 持平", "那明年的話"]


def test_punctuated_subtitles_end_their_sentences_at_the_terminators():
    text = "(00:10) I think we will\n(00:12) see it by next year.\n(00:14) That's all.\n"
    assert sentences_of(text) == ["I think we will\n(00:12) see it by next year.", "That's all."]


def test_a_forecast_over_subtitle_lines_is_proposed_with_the_year_it_names_lines_up():
    # The time stamps are the transcript's form, not a video caption's boilerplate, and the
    # quote keeps the inner ones as the stored text has them.
    [candidate] = extract_candidates(SUBTITLES, said_on=dt.date(2026, 3, 10))
    assert candidate.quote == sentences_of(SUBTITLES)[2]
    assert candidate.due_latest == dt.date(2026, 12, 31)


def test_a_line_that_starts_something_new_ends_the_sentence():
    text = "5.OpenAI未来的定位,三足鼎立:\n·构建大型互联网公司。\n## 标题\n主持人:你好"
    assert sentences_of(text) == ["OpenAI未来的定位,三足鼎立:", "构建大型互联网公司。", "标题", "主持人:你好"]


def test_a_title_that_asks_without_a_question_mark_is_a_question():
    text = "**02 参数和数据会成为模型能力瓶颈吗**\n\n我认为明年参数会继续增加。"
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == ["我认为明年参数会继续增加。"]


def test_a_markdown_heading_ends_at_its_line_break():
    # Without a terminator the heading would run into the paragraph under it.
    text = "### 未来展望\n我认为明年会更好。\n## Outlook\nwe will see more of it."
    assert sentences_of(text) == ["未来展望", "我认为明年会更好。", "Outlook", "we will see more of it."]


def test_a_header_line_and_a_bold_line_end_at_their_line_break():
    text = "来源：云头条\n摘要：外媒发布了此文\n明年两股力量必将推动变化。\n**不同机构的定义**\n明年这可能会造成混淆。"
    assert sentences_of(text)[:3] == ["来源：云头条", "摘要：外媒发布了此文", "明年两股力量必将推动变化。"]
    quotes = [c.quote for c in extract_candidates(text, said_on=dt.date(2018, 10, 3))]
    assert quotes == ["明年两股力量必将推动变化。", "明年这可能会造成混淆。"]


def test_mojibake_question_marks_inside_a_word_do_not_end_a_sentence():
    text = "這是一個非??斓臅r間表。你好?再见"
    assert sentences_of(text) == ["這是一個非??斓臅r間表。", "你好?", "再见"]


def test_clauses_tile_the_sentence():
    text = "首先，我相信我们会成功；其次：明年。"
    sentence = split_sentences(text)[0]
    clauses = split_clauses(text, sentence)
    assert "".join(text[a:b] for a, b in clauses) == text[sentence.start : sentence.end]
    assert [text[a:b] for a, b in clauses][:2] == ["首先，", "我相信我们会成功；"]


@given(st.text(alphabet=st.sampled_from(list("我会将。！？!?.”“」「\n \t😀𠮷ab年")), max_size=60))
def test_sentences_are_ordered_nonempty_ranges_of_the_text(text):
    previous_end = 0
    for s in split_sentences(text):
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()
        previous_end = s.end


# --- folding and annotations ------------------------------------------------------------------


def test_folding_keeps_the_length_and_simplifies_traditional_characters():
    traditional = "我認為未來會有很多AGI，將會很便宜。記憶體？２０３０年"
    folded = fold(traditional)
    assert len(folded) == len(traditional)
    assert folded == "我认为未来会有很多AGI,将会很便宜。记忆体?2030年"


@given(st.text(max_size=80))
def test_folding_never_changes_the_length(text):
    assert len(fold(text)) == len(text)


def test_pinyin_annotations_are_read_through_and_mapped_back():
    text = "我認(rèn)為當(dāng)時"
    stripped = matching_view(fold(text))
    assert stripped.text == "我认为当时"
    assert text[stripped.original(2)] == "為"
    assert stripped.view(text.index("當")) == 3


def test_traditional_text_gets_candidates_that_quote_it_unchanged():
    text = "SA: 我認(rèn)為,五年后,我們將會擁有一系列數(shù)十億用戶的產(chǎn)品。"
    [candidate] = extract_candidates(text, said_on=dt.date(2025, 3, 20))
    assert candidate.quote == text[candidate.start : candidate.end]
    assert candidate.quote.startswith("我認(rèn)為")
    assert candidate.horizon_text == "五年后"
    assert candidate.due_latest == dt.date(2030, 3, 20)
    assert candidate.speaker == "SA"


# --- cue words ------------------------------------------------------------------------------


def families(text: str) -> list[tuple[str, str]]:
    masked = mask_non_modal(fold(text))
    return [(c.family, masked[c.start : c.end]) for c in scan(masked)]


@pytest.mark.parametrize("word", ["社会", "机会", "会议", "学会", "大会", "董事会", "機會"])
def test_hui_inside_a_word_is_not_a_cue(word):
    assert ("future", "会") not in families(f"这是一个{word}。")
    assert extract_candidates(f"我认为这是一个很好的{word}，大家都在谈。", said_on=SAID_ON) == []


@pytest.mark.parametrize(
    "text",
    [
        "中國還會面臨人口老齡化問題。",  # 会面 is a meeting, 会面临 "will face"
        "他们会见到成效。",
        "这种状况会长期存在。",
        "双方会合作开发。",
        "他们会考虑这个方案。",
        "这是可以预期的。",  # "to be expected": a forecast, not expectation as a noun
        "AGI在现有框架下难以实现。",  # whether what is not yet done will be
        "完全无人驾驶实现不了。",
    ],
)
def test_the_modal_before_a_verb_that_begins_like_a_noun_is_a_cue(text):
    assert [f for f, _ in families(text) if f == "future"] == ["future"]


@pytest.mark.parametrize(
    "text",
    [
        "律師、會計師、程序員等職業的本質是處理信息。",  # 會計 is accounting
        "中國為什么會成為數字經濟大國,原因是手機。",  # why it did: an explanation
        "比我预期的好。",  # expectation as a noun
        "我们要预测未来。",  # to talk of forecasting is not to forecast
        "Our ability to predict the future is an inexact science.",
        "What to expect from AI in 2026",  # asking what to expect
        "Here’s what experts expect from AI in 2026",
    ],
)
def test_words_of_accounting_explanation_and_forecasting_as_such_are_no_cue(text):
    assert [f for f, _ in families(text) if f == "future"] == []


@pytest.mark.parametrize(
    "text",
    [
        "由于联合国的人口预测报告数据比较全面，所以被世界各国媒体广泛引用。",
        "下图是2023-2100年的全球出生人口预测：",  # a figure's caption
        "2030、2050、2070和2100年总人口预测如表2所示：",
        "现在，看看对2027年的预测差异。",
    ],
)
def test_a_forecast_named_as_a_thing_is_no_forecast(text: str) -> None:
    assert extract_candidates(text, said_on=dt.date(2023, 7, 11)) == []


def test_a_sentence_under_a_forecast_named_so_forecasts_by_its_horizons() -> None:
    text = "在中预测的情形下，中国总人口到2050年下降至12.3亿，到2100年下降至6.25亿。"
    candidates = extract_candidates(text, said_on=dt.date(2023, 7, 11))
    assert [c.due_latest for c in candidates] == [dt.date(2050, 12, 31), dt.date(2100, 12, 31)]
    # ...and the speaker's own forecast is still vouched for
    [mine] = extract_candidates("我的预测是，明年房价会继续下降。", said_on=dt.date(2023, 7, 11))
    assert mine.due_latest == dt.date(2024, 12, 31)


def test_hui_made_certain_says_it_alone():
    [candidate] = extract_candidates("不过，华为肯定会做这件事的。", said_on=SAID_ON)
    assert candidate.quote == "不过，华为肯定会做这件事的。"
    assert extract_candidates("不过，华为会做这件事的。", said_on=SAID_ON) == []  # 会 alone: can, or will


def test_destined_says_it_alone():
    [candidate] = extract_candidates("馬斯克直言,這段過渡期注定充滿坎坷。", said_on=SAID_ON)
    assert candidate.quote == "馬斯克直言,這段過渡期注定充滿坎坷。"


def test_hui_as_a_modal_is_a_cue():
    assert ("future", "会") in families("模型会变得更强大。")
    [candidate] = extract_candidates("我认为模型会变得越来越强大。", said_on=SAID_ON)
    assert candidate.due_latest is None


def test_jiang_as_the_object_marker_is_not_a_cue():
    assert ("future", "将") not in families("我们必须才能将它们推向世界。")
    assert ("future", "将") not in families("他将AI上升到战略高度。")
    assert ("future", "将") not in families("开发者可以将精力集中在构建APP上。")
    assert ("future", "将") in families("AI将大幅提升到新的高度。")  # 将 before an adverb: the modal
    assert ("future", "将") not in families("这份报告将人形机器人产业链分为三大类。")
    assert ("future", "将") in families("产业链将分为三大类。")  # 将 straight before the verb
    assert ("future", "将") in families("这将彻底改变我们使用模型的方式。")
    # 将 straight before a verb that contains the marker's verb (演变成为 holds 变成): the modal
    assert ("future", "终将") in families("人工智能带来的便利也终将演变成为一种下意识。")
    assert ("future", "将") not in families("我们将工厂变成实验室。")
    # after a verb of means, ability or need, and before the verbs a moved object takes
    assert ("future", "将") not in families("通过将电池容量增加4.6倍，系统可以满足需求。")
    assert ("future", "将") not in families("这使它们能够将复杂的动作编码为离散的任务。")
    assert ("future", "将") not in families("测序技术将基因组切成小块。")
    assert ("future", "将") in families(
        "我相信人工智能将创造许多新工作。"
    )  # 智能 ends in 能: still the modal


def test_a_habit_after_the_forecast_tells_how_it_is_held_not_that_it_is_a_habit():
    text = "人工智能带来的便利，也终将演变成为人与社会的一种下意识，在这方面，我一直抱有坚定的信心。"
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]
    assert extract_candidates("每年都会有新的模型出来。", said_on=SAID_ON) == []  # in the forecast: a habit


def test_a_habit_before_the_trend_the_forecast_follows_is_the_trends_past():
    # The habit describes the trend so far; the forecast is that the trend goes on.
    text = "这方面我们一直做得比较成功，大家也能从公司的损益表中看到这一点，这种趋势会持续向前发展。"
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]
    # Without the trend as the forecast's subject the habit is still the sentence's.
    assert extract_candidates("我们一直做得比较成功，以后会持续向前发展。", said_on=SAID_ON) == []


def test_having_time_is_no_sometimes():
    assert ("habitual", "有时") not in families("如果大家有时间仔细观察，未来这些模型会更便宜。")
    assert ("habitual", "有时") in families("模型有时会出错。")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("But there's a good chance the Fed is done raising rates.", ("modal", "there's a good chance")),
        ("There is a high chance of a recession.", ("modal", "There is a high chance")),
        ("A strong chance that rates fall.", ("modal", "strong chance that")),
        ("Relief can be on the way.", ("future", "be on the way")),
        ("It is only a matter of time before robots drive.", ("future", "only a matter of time")),
        ("无人驾驶的实现只是时间问题。", ("future", "只是时间问题")),
        ("More rate cuts are on their way.", ("future", "are on their way")),
        ("对于今年的具体目标,他表示注册量达到1000万台。", ("plan", "目标")),  # a target set for a time
        ("这并不是今年的目标。", ("plan", "目标")),  # 今年 stays the horizon's
        ("我们的目标用户是年轻人。", None),  # the target users: no plan
        ("这些老将依然活跃。", None),  # 老将 is a veteran, not the future 将
        ("衰老将被治愈。", ("future", "将")),
    ],
)
def test_odds_arrivals_targets_and_a_matter_of_time_are_forecasting_words(
    text: str, cue: tuple[str, str] | None
) -> None:
    found = [c for c in families(text) if c[0] in ("future", "modal", "plan")]
    assert found == ([cue] if cue else [])


@pytest.mark.parametrize(
    "text",
    ["We forecast a federal funds rate of 4% and a 10-year yield of 4.5%.", "我们预计全年销量超过一百万辆。"],
)
def test_a_forecasting_verb_with_a_plain_object_is_a_forecast(text: str) -> None:
    # No "will": the verb itself looks forward. Before, the sentence scored 0.
    assert [c.quote for c in extract_candidates(text, said_on=dt.date(2024, 12, 10))] == [text]


def test_a_forecasting_verb_dates_a_month_even_beside_a_past_figure():
    # 我们预计 is what looks forward; "（之前为5.5%）" is the earlier forecast, not the tense.
    [candidate] = extract_candidates(
        "我们预计9月份最后一次加息25个基点，最终利率为5.75%（之前为5.5%）。", said_on=dt.date(2023, 7, 16)
    )
    assert (candidate.horizon_text, candidate.due_latest) == ("9月份", dt.date(2023, 9, 30))


@pytest.mark.parametrize(
    "text",
    [
        "今年上半年，公司营收已经增长了三成，利润也会随之改善。",  # said in July: that half is over
        "2020年最大模型的参数是千亿级别，今年年初就已经到了万亿级别。",
    ],
)
def test_a_part_of_this_year_that_is_over_dates_nothing(text: str) -> None:
    candidates = extract_candidates(text, said_on=dt.date(2021, 7, 10))
    assert all(c.due_latest is None for c in candidates)


@pytest.mark.parametrize(
    "text",
    [
        "在我们看来，工资-价格螺旋分化是不太可能的。",  # unlikely: a forecast that it will not happen
        "生成式人工智能技术可能推动美国股市显著上涨。",  # a hedge before a measurable outcome
        "比较确定的是，我们认为端侧推理一定能萌发巨头。",  # what surely can be
    ],
)
def test_unlikely_and_a_hedged_outcome_are_forecasts(text: str) -> None:
    assert [c.quote for c in extract_candidates(text, said_on=dt.date(2023, 7, 16))] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "自动驾驶应该有助于大幅降低出租车和送货的成本。",  # a thing's "should": what it will bring
        "在人工智能的催化下，机器人应该可以与人类密切合作。",
    ],
)
def test_should_of_a_thing_before_what_it_brings_is_a_forecast(text: str) -> None:
    assert [c.quote for c in extract_candidates(text, said_on=dt.date(2023, 2, 1))] == [text]
    # ...and a person's "should" advises
    assert extract_candidates("我们应该推动汽车行业降低成本。", said_on=dt.date(2023, 2, 1)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Not all of the predictions around AI in 2026 are quite so bullish.",
        "The most accurate predictions generally come from insiders about events in the near term.",
        "节点大小对应于该技术对2030年企业价值的估计。",
    ],
)
def test_forecasts_talked_about_as_a_thing_are_no_forecast(text: str) -> None:
    assert extract_candidates(text, said_on=dt.date(2025, 12, 10)) == []
    # ...while a horizon with words that look forward still is one
    assert extract_candidates(
        "Predictions say robots will be everywhere by 2030.", said_on=dt.date(2025, 12, 10)
    )


@pytest.mark.parametrize(
    "text",
    [
        "当模型表现得很好时，你会有一种自豪感。",  # whenever it does: a habit, not a forecast
        "所以当模型真正落地时，会出现各种问题。",
        "比如在网络安全领域，你可能觉得模型不适合因为它们会产生幻觉。",  # an example's case
        "现在我们会直接跟用户说这个功能该怎么用。",  # what is done now
        "我们提出了面壁定理，大模型每8个月它的知识密度会提升一倍。",  # every eight months: a regularity
    ],
)
def test_what_happens_whenever_in_an_example_or_now_is_no_forecast(text: str) -> None:
    assert extract_candidates(text, said_on=SAID_ON) == []


@pytest.mark.parametrize(
    "text",
    [
        "所以评分标准会变得更灵活。",
        "是的，评估可能会更像绩效考核。",
        "它们一开始可能不完美，但会随着时间推移不断改进。",  # a change that goes on
        "订阅模式会小一个量级。",  # a difference in size from what is compared
    ],
)
def test_hui_before_a_change_forecasts_it(text: str) -> None:
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]
    assert extract_candidates("如果没有数据，效果会越来越差。", said_on=SAID_ON) == []  # a condition's
    assert extract_candidates("医生会问诊并梳理出问题所在。", said_on=SAID_ON) == []  # what happens each time


@pytest.mark.parametrize(
    "text",
    [
        "And there's been a lot of money that's gone into those companies in the last two, three years.",
        "OK, we're going to come to this.",  # the talk itself
        "A lot of questions about what he'll do with the markets and with interest rates.",  # asked
        # a modal the past verb before it shifted back
        "In 2012, the ImageNet paper showed how AI systems could learn to recognize objects in pictures.",
        "As you reported this week, we won't know from the experts until it is over.",
    ],
)
def test_a_count_split_by_a_comma_a_turn_of_the_talk_and_not_knowing_are_no_forecast(text: str) -> None:
    assert extract_candidates(text, said_on=SAID_ON) == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("As those companies mature, I imagine there'll be a lot of companies raising money.", "I imagine"),
        ("I'm actually fairly confident it will be able to do that route.", "I'm actually fairly confident"),
    ],
)
def test_imagining_and_being_confident_vouch_for_a_forecast(text: str, cue: str) -> None:
    assert ("belief", cue) in families(text)
    assert ("hypothetical", "imagine") not in families(text)
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]


def test_as_far_as_one_can_imagine_is_an_extent_not_a_hypothetical() -> None:
    text = "I intend to stay with the company as far into the future as I can imagine."
    assert ("hypothetical", "imagine") not in families(text)
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]
    # ...while imagining a world is posing one
    assert ("hypothetical", "Imagine") in families("Imagine a world where robots will do the chores.")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("房地产销售和投资筑底在即。", "在即"),
        ("放松限购等限制性措施是大势所趋。", "大势所趋"),
        ("AGI已经为期不远了。", "为期不远"),
    ],
)
def test_what_is_at_hand_or_where_things_trend_looks_forward(text: str, word: str) -> None:
    assert ("future", word) in families(text)


def test_what_is_still_to_come_looks_forward():
    assert ("future", "more to come") in families("And there's a lot more to come.")


@pytest.mark.parametrize(
    "text",
    [
        "Morgan Stanley analysts upgraded Block to overweight, writing that AI-driven efficiencies should deliver increased profitability.",
        "Analysts at Goldman Sachs raised their price target, noting that the cuts would vault Block to the top of its peers.",
    ],
)
def test_a_forecast_reported_after_what_the_reporter_did_is_a_forecast(text: str) -> None:
    # The past verb frames the report; "should deliver" and "would vault" are what is forecast.
    assert [c.quote for c in extract_candidates(text, said_on=dt.date(2026, 2, 27))] == [text]


def test_each_time_of_a_run_under_one_forecasting_verb_dates_its_own_part():
    text = (
        "Block expects to take a $450 million hit for restructuring costs, largely front-loaded in the first "
        "quarter, with the bulk of the cuts done by the middle of the year."
    )
    found = [(c.horizon_text, c.due_latest) for c in extract_candidates(text, said_on=dt.date(2026, 2, 27))]
    assert found == [
        ("in the first quarter", dt.date(2026, 3, 31)),
        ("by the middle of the year", dt.date(2026, 6, 30)),
    ]


def test_an_estimate_of_a_time_already_over_is_no_forecast():
    text = "2004-2018年我国房地产业从业人数由396万增至1264万，预估至2023年我国房地产从业人数将达1300万。"
    assert extract_candidates(text, said_on=dt.date(2024, 3, 29)) == []
    # ...said while that time was ahead, it is one
    [candidate] = extract_candidates(text, said_on=dt.date(2022, 3, 29))
    assert candidate.due_latest == dt.date(2023, 12, 31)


def test_what_was_not_done_is_the_past():
    text = "我们最近将最终利率预期上调至4%（9月加息25个基点），原因是欧洲央行更新了通胀预测，且在6月会议上未提及暂停。"
    found = [(c.quote[:2], c.due_latest) for c in extract_candidates(text, said_on=dt.date(2023, 7, 16))]
    assert found == [
        ("我们", dt.date(2023, 9, 30))
    ]  # the June meeting that did not mention it is no forecast


def test_could_of_the_speakers_own_is_still_a_hedged_forecast():
    text = "AI systems could learn to recognize every object in pictures by 2027."
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]


def test_women_yao_is_what_we_must_do_unless_a_time_makes_it_a_plan():
    assert extract_candidates("我们要花时间和这些模型打交道，学习写评估标准。", said_on=SAID_ON) == []
    [plan] = extract_candidates("明年我们要推出新一代模型。", said_on=SAID_ON)
    assert plan.due_latest == dt.date(2025, 12, 31)


def test_jiang_after_when_says_what_will_happen_once_the_time_comes():
    text = "当模型的智慧能力表现出更高的问题解决能力时，整个商业形态都将发生改变。"
    assert [c.quote for c in extract_candidates(text, said_on=SAID_ON)] == [text]


def test_i_think_with_a_plain_object_is_no_forecast():
    assert extract_candidates("I think a rate of 4% is fine.", said_on=dt.date(2024, 12, 10)) == []


def test_on_the_way_somewhere_is_no_forecast():
    assert [c for c in families("I was on the way home.") if c[0] == "future"] == []


def test_the_horizon_of_the_forecasts_own_clause_governs():
    # "this year" belongs to a clause about the past; "in a year" to the forecast.
    text = "The rate hikes the Fed has done this year have not flown through, so who knows, in a year, it might be below 3%."
    [candidate] = extract_candidates(text, said_on=dt.date(2023, 5, 15))
    assert (candidate.horizon_text, candidate.due_latest) == ("in a year", dt.date(2024, 5, 15))


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        (
            "In the agency’s projections for the 2025–2035 period:\n"
            "- Inflation continues to ease over the next two years;\n"
            "- The central bank lowers the policy rate in 2025 and 2026.\n"
            "Notes about this report\n"
            "- Numbers may not add up because of rounding.\n",
            [
                "Inflation continues to ease over the next two years;",
                "The central bank lowers the policy rate in 2025 and 2026.",
            ],
        ),
        (
            # A WeChat article: blank lines between the items, "1、" with no space, an argument
            # after the item's first sentence, and a later paragraph numbered on its own.
            "我们做出了**中国房地产的十大预测：**\n\n"
            "1、房地产市场面临调整分化，行业进入存量时代。过去十年土地出让收入占地方财力三成。\n\n"
            "2、人口往都市圈城市群迁移，低能级城市的经济面临持续流出压力。\n\n"
            "**正文**\n\n3、这一段不在列表里，房地产市场面临调整分化。\n",
            [
                "房地产市场面临调整分化，行业进入存量时代。",
                "人口往都市圈城市群迁移，低能级城市的经济面临持续流出压力。",
            ],
        ),
    ],
)
def test_the_items_of_a_list_of_projections_are_forecasts_whatever_their_tense(
    text: str, quotes: list[str]
) -> None:
    assert [c.quote for c in extract_candidates(text, said_on=dt.date(2025, 1, 30))] == quotes


@pytest.mark.parametrize(
    ("span_of_years", "items_proposed"),
    [("从2023-2100年", True), ("从2000-2020年", False)],  # years to come; years gone by
)
def test_unmarked_lines_under_a_lead_in_that_projects_are_its_items(
    span_of_years: str, items_proposed: bool
) -> None:
    # A population report sets its figures as lines of one enumeration after 具体如下：, no list marks.
    items = ["印度出生人口占全球比例从17%下降到12%，", "美国出生人口占全球比例从2.8%上升到3.3%。"]
    text = (
        f"{span_of_years}，中国出生人口降幅最大，占全球比例从7.2%下降到2.2%，具体如下：\n\n"
        + "\n\n".join(items)
        + "\n\n俄罗斯的情况则比较复杂，详见下表，"
        + "\n\n正文。\n"
    )
    quotes = [c.quote for c in extract_candidates(text, said_on=dt.date(2025, 1, 30))]
    assert [q for q in quotes if q in items] == (items if items_proposed else [])


@pytest.mark.parametrize(
    "heading",
    [
        "**2** **预测二：土地财政向税收财政、股权财政转型**",
        "## Prediction 3: agentic commerce goes mainstream",
    ],
)
def test_a_heading_the_authors_number_as_a_forecast_is_one(heading: str) -> None:
    text = f"{heading}\n\n这一节的正文。\n"
    [candidate] = extract_candidates(text, said_on=dt.date(2024, 3, 29))
    assert candidate.quote.strip("*# ") == heading.strip("*# ")
    # ...while a title that only names forecasts is the article's, not one of them
    assert extract_candidates("中国房地产十大预测\n\n正文。\n", said_on=dt.date(2024, 3, 29)) == []


def test_a_heading_of_a_year_s_forecasts_and_a_year_that_promises_are_dated() -> None:
    # A year's predictions named inside a sentence ("Of the 2024 predictions: …") head nothing.
    text = (
        "# 2025 Predictions: CIOs Drive AI Strategy\n\n"
        "Manual operations are already outdated, and 2025 promises to accelerate the trend toward "
        "increased automation and AI use.\n\nOf the 2024 predictions: none came true.\n"
    )
    dated = [(c.quote, c.due_latest) for c in extract_candidates(text, said_on=dt.date(2025, 1, 8))]
    assert dated == [
        ("2025 Predictions: CIOs Drive AI Strategy", dt.date(2025, 12, 31)),
        (
            "Manual operations are already outdated, and 2025 promises to accelerate the trend toward "
            "increased automation and AI use.",
            dt.date(2025, 12, 31),
        ),
    ]


def test_a_list_under_a_lead_in_that_projects_nothing_is_not_framed():
    text = "Our offices:\n- The bank lowers fees in 2025 and 2026.\n"
    assert extract_candidates(text, said_on=dt.date(2025, 1, 30)) == []


def test_a_question_that_carries_a_horizon_is_proposed():
    text = "在未来12个月内,你认为哪些领域最有前景?我认为编程是一个非常重要的领域。"
    [candidate] = extract_candidates(text, said_on=dt.date(2024, 5, 13))
    assert candidate.quote == "在未来12个月内,你认为哪些领域最有前景?"
    assert candidate.horizon_text == "在未来12个月内"
    assert candidate.due_latest == dt.date(2025, 5, 13)


def test_questions_without_a_horizon_are_skipped():
    assert extract_candidates("你认为模型会变得更强大吗？你们会开源吗?", said_on=SAID_ON) == []


def test_a_run_of_forecasts_with_a_question_tacked_on_is_proposed_without_the_question():
    # A narrator's run-on sentence of forecasts ending in the question it raises. Before, the
    # whole sentence counted as a question and every forecast in it was lost.
    text = "人们认为,2014年将是加速改革的新起点,深层矛盾将浮上表层,改革的时间表如何设定?"
    [candidate] = extract_candidates(text, said_on=dt.date(2014, 1, 5))
    assert candidate.quote == "人们认为,2014年将是加速改革的新起点,深层矛盾将浮上表层"
    assert candidate.due_latest == dt.date(2014, 12, 31)


def test_a_run_on_sentence_of_forecasts_each_with_its_own_horizon_is_one_candidate_each():
    # Comma-spliced Chinese: each forecast gets its own window. Before, the sentence was one
    # candidate and all but one forecast got another's window.
    text = (
        "决定在2014年进入执行年,全方位的改革即将启动,可以预期2014年将是加速改革的新起点,"
        "2014年到2017年这3年,势必成为改革的闯关之年,然而改革之路仍充满挑战。"
    )
    candidates = extract_candidates(text, said_on=dt.date(2014, 1, 5))
    assert [(c.quote, c.horizon_text, c.due_latest) for c in candidates] == [
        # 2014年 stands in a clause with no future word of its own: not this forecast's horizon
        ("决定在2014年进入执行年,全方位的改革即将启动", "即将", dt.date(2015, 1, 5)),
        ("可以预期2014年将是加速改革的新起点", "2014年", dt.date(2014, 12, 31)),
        # a time in a clause of its own before the forecast is its horizon
        (
            "2014年到2017年这3年,势必成为改革的闯关之年,然而改革之路仍充满挑战。",
            "2014年到2017年",
            dt.date(2017, 12, 31),
        ),
    ]


def test_a_research_note_s_run_of_forecasts_led_by_their_times_is_one_candidate_each():
    # Each clause opens with its own time still to come and says what will be then, with no future
    # word of its own: once the sentence looks forward (就能), each is a forecast with its window.
    text = "根据推演，三季度整体和核心CPI就能分别到3%和3.5%，年底都可以达到3%左右，美联储可以停止加息。"
    candidates = extract_candidates(text, said_on=dt.date(2023, 6, 12))
    assert [(c.horizon_text, c.due_latest) for c in candidates] == [
        ("三季度", dt.date(2023, 9, 30)),
        ("年底", dt.date(2023, 12, 31)),
    ]
    # ...and so does a run of two such clauses by itself
    text = "2035年全球潜在市场空间为300亿美元，2050年达到1.4万亿美元。"
    candidates = extract_candidates(text, said_on=dt.date(2025, 7, 7))
    assert [c.due_latest for c in candidates] == [dt.date(2035, 12, 31), dt.date(2050, 12, 31)]
    # ...but a time inside a clause, behind what it dates, leads no forecast of its own
    text = "到2025年，80%的企业将关闭传统数据中心，相比之下这个比例在2018年只有10%。"
    assert len(extract_candidates(text, said_on=dt.date(2018, 6, 1))) == 1


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (  # joined by "but": each forecast counts from the day it was said
            "Maybe by the end of the year we will be in a recession, but we will not be in one this time next year.",
            [
                ("Maybe by the end of the year we will be in a recession", dt.date(2023, 12, 31)),
                ("but we will not be in one this time next year.", dt.date(2024, 12, 31)),
            ],
        ),
        (  # a semicolon, each clause with a year of its own
            "Inflation will fall below 3% in 2024; unemployment will rise by 2026.",
            [
                ("Inflation will fall below 3% in 2024", dt.date(2024, 12, 31)),
                ("unemployment will rise by 2026.", dt.date(2026, 12, 31)),
            ],
        ),
    ],
)
def test_an_english_sentence_of_two_forecasts_each_with_its_own_time_is_two_candidates(
    text: str, parts: list[tuple[str, dt.date]]
) -> None:
    # Before, the sentence was one candidate and the second forecast had the first one's window.
    candidates = extract_candidates(text, said_on=dt.date(2023, 5, 15))
    assert [(c.quote, c.due_latest) for c in candidates] == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "爱立信预计2018年下半年会出现首批纯数据设备，2019年出现首批5G智能手机。",
            [
                ("爱立信预计2018年下半年会出现首批纯数据设备", dt.date(2018, 12, 31)),
                ("2019年出现首批5G智能手机。", dt.date(2019, 12, 31)),
            ],
        ),
        (
            # ...the verb said as the speaker's own belief: 我们预计
            "我们预计中性情景下，2024年供需整体仍将双向略微收窄，并在2年左右完成筑底。",
            [
                ("我们预计中性情景下，2024年供需整体仍将双向略微收窄", dt.date(2024, 12, 31)),
                ("并在2年左右完成筑底。", dt.date(2020, 10, 3)),  # two years from said_on
            ],
        ),
        (
            "The AI impact raises Goldman’s GDP forecast to a 2% expansion rate in 2027 and to 2.3% by 2034.",
            [
                (
                    "The AI impact raises Goldman’s GDP forecast to a 2% expansion rate in 2027",
                    dt.date(2027, 12, 31),
                ),
                ("and to 2.3% by 2034.", dt.date(2034, 12, 31)),
            ],
        ),
        (
            "AI is set to add a 0.1 percentage point bump to GDP in 2027, accelerating to a 0.4 point boost in 2034.",
            [
                ("AI is set to add a 0.1 percentage point bump to GDP in 2027", dt.date(2027, 12, 31)),
                ("accelerating to a 0.4 point boost in 2034.", dt.date(2034, 12, 31)),
            ],
        ),
        (
            # ...the passive "is expected to", the next year's figure after "and", a turn after "before".
            "Output is expected to decline by 0.5% in 2019 and 2.1% in 2020 before rising by 3.3% in 2021.",
            [
                ("Output is expected to decline by 0.5% in 2019", dt.date(2019, 12, 31)),
                ("and 2.1% in 2020", dt.date(2020, 12, 31)),
                ("before rising by 3.3% in 2021.", dt.date(2021, 12, 31)),
            ],
        ),
        (
            # ...but not where the change starts, a time gone by ("from 14% in 2017").
            "The sector is expected to account for 16% of total oil demand in 2050, from 14% in 2017.",
            [
                (
                    "The sector is expected to account for 16% of total oil demand in 2050, from 14% in 2017.",
                    dt.date(2050, 12, 31),
                )
            ],
        ),
    ],
)
def test_a_run_of_forecasts_under_one_forecasting_verb_is_one_candidate_each(
    text: str, parts: list[tuple[str, dt.date]]
) -> None:
    candidates = extract_candidates(text, said_on=dt.date(2018, 10, 3))
    assert [(c.quote, c.due_latest) for c in candidates] == parts
    # ...but a time told of the past after it is no forecast of its own.
    [one] = extract_candidates("我们预计明年营收会增长，2017年曾经下降过。", said_on=dt.date(2018, 10, 3))
    assert one.due_latest == dt.date(2019, 12, 31)


def test_the_clauses_of_a_projection_item_are_forecasts_each_with_its_own_time():
    text = (
        "In the agency’s projections for the 2025–2035 period:\n"
        "- Growth cools in 2025 and 2026 and then averages 1.8 percent a year from 2027 to 2035;\n"
        "- Inflation eases over the next two years, reaching 2 percent by 2027 and stabilizing thereafter.\n"
    )
    candidates = extract_candidates(text, said_on=dt.date(2025, 1, 30))
    assert [(c.quote, c.due_latest) for c in candidates] == [
        ("Growth cools in 2025 and 2026", dt.date(2026, 12, 31)),
        ("and then averages 1.8 percent a year from 2027 to 2035", dt.date(2035, 12, 31)),
        ("Inflation eases over the next two years", dt.date(2027, 1, 30)),
        # "thereafter" counts from 2027: part of the clause whose time is "by 2027"
        ("reaching 2 percent by 2027 and stabilizing thereafter.", dt.date(2027, 12, 31)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "在未来十年内，人类社会将因AI的快速发展而发生翻天覆地的变化。",  # 快 in 快速 is no second horizon
        # the later time counts from the earlier one
        "It will be discovered by 2035; maybe we will begin space colonization the next year.",
        "Cases will peak by 2030, and a few years later the disease will be gone.",
    ],
)
def test_a_sentence_with_one_forecast_stays_whole(text: str) -> None:
    assert len(extract_candidates(text, said_on=SAID_ON)) == 1


def test_a_question_announced_as_one_is_not_cut_into_a_forecast_and_a_question():
    text = "訪談伊始,戴曼迪斯拋出一個尖銳問題:未來三至七年,人類將走向繁榮,還是陷入危機?"
    assert all(c.quote.endswith("?") for c in extract_candidates(text, said_on=SAID_ON))


def test_a_dated_plan_before_a_long_question_is_proposed_without_the_question():
    text = "我们将在未来几年做到这一点，所以记住，我们有情感和激情，当然我们有同情心，但这如何通过我们与技术共舞的方式来表达？"
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == "我们将在未来几年做到这一点，所以记住，我们有情感和激情，当然我们有同情心"
    assert candidate.due_latest == dt.date(2029, 10, 1)


@pytest.mark.parametrize(
    "text",
    [
        "那么就会发生一次大的清理事件，它们实际上在明年会更快地改进，对吧？",
        "So prices will fall next year, right?",
    ],
)
def test_a_tag_that_asks_for_assent_leaves_a_statement(text: str) -> None:
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.due_latest == dt.date(2025, 12, 31)


def test_the_question_mark_of_an_address_asks_nothing():
    text = "[2、[对话马斯克：他预言AI很快将带来空前社会繁荣，每个人都能获得一切]](https://mp.weixin.qq.com/s?__biz=Mzg5"
    assert extract_candidates(text, said_on=SAID_ON) == []


def test_a_preamble_to_a_question_is_still_skipped():
    text = "我们即将进入选举期，大家都在关注深度伪造和误导信息的问题，你如何验证哪些是真实的？"
    assert extract_candidates(text, said_on=SAID_ON) == []


def test_a_quoted_question_inside_a_statement_is_not_a_question():
    text = "到2030年左右，我们回头看时，可能会觉得：“为什么不能在一分钟内完成呢？”"
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.due_latest == dt.date(2030, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "在过去的几年里，我们做了很多工作。",  # past
        "今天（2024年5月13日）早些时候宣布了一项新的进展。",  # a dateline
        "我认为你应该现在就开始，不应该等到AGI出现。",  # advice
        "我个人来说，我认为那将会非常有趣。",  # an evaluation
        "我们会留些时间让大家亲自提问，等下会有工作人员拿着麦克风。",  # logistics
        "[3、未来所有工作都会使用人工智能](https://mp.weixin.qq.com/s?x=1)",  # a link
        "In the segments below, I’ll make a series of 33 provocative predictions about 2030.",  # the post
        "I will also explain why predictions are important.",
        "Only time will tell.",  # no forecast, however the words run
        "It remains to be seen whether agents will deliver.",
        "呂本富在展望數字經濟的未來十年圓桌上發表以下觀點。",  # a meeting's name
        "2020年11月11-12日,由全球化智庫主辦的論壇在京舉行。",  # a dateline of two days
        # a broadcast's own flow
        "We are going to have much more on this story tonight.",
        "He will join us live in a few minutes.",
        "I will ask him about that when we come back.",
        "That will do it for us tonight.",
        "Thanks for joining us, I will see you next week.",
        "Our next guest will tell us why.",
    ],
)
def test_it_skips_past_reports_advice_evaluations_logistics_and_links(text):
    assert extract_candidates(text, said_on=SAID_ON) == []


def test_it_finds_english_forecasts():
    text = "Kevin Wheel: I think agents will be everywhere by 2030. We shipped it last year."
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == "I think agents will be everywhere by 2030."
    assert candidate.horizon_text == "by 2030"
    assert candidate.due_latest == dt.date(2030, 12, 31)
    assert candidate.speaker == "Kevin Wheel"


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment could spike to 10% to 20%.",  # a hedge before a measurable outcome
        "Prices might double.",
        "I don't think it will take more than five years.",  # "don't" that advises nobody
        "He predicted that AI could eliminate half of entry-level jobs.",  # a forecast reported, still open
        "Analysts predicted that prices will rise.",
        "I wouldn't be surprised if unemployment hits 20 percent.",
        "The economy is heading toward a recession.",
        "We're headed for a world where machines do most jobs.",
        "Humanity is close to building digital superintelligence, and it seems less weird than it should be.",
        "Intelligence too cheap to meter is well within grasp.",
    ],
)
def test_hedged_outcomes_and_a_negated_belief_are_forecasts(text):
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.quote == text


def test_a_prediction_recalled_with_would_is_the_past():
    assert (
        extract_candidates("In 2015 experts predicted that cars would drive themselves.", said_on=SAID_ON)
        == []
    )


def test_dont_that_advises_is_still_advice():
    assert ("advice", "Don't") in families("Don't expect prices to fall.")
    assert ("advice", "don't") not in families("I don't think prices will fall.")


# --- speakers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("**Sam Altman：** 我认为", "Sam Altman"),
        ("****Sam Altman：**** 这也是", "Sam Altman"),
        ("**主持人Kevin Wheel：**\n我个人", "Kevin Wheel"),
        ("SA: 我希望不是。", "SA"),
        ("主持人：好的。", "主持人"),
        ("主持人:從我的角度", "主持人"),
        ("Kevin Wheel： 确实", "Kevin Wheel"),
        ("Sam Altman: I think", "Sam Altman"),
        ("Sam\nAltman：对，我相信", "Sam Altman"),
        ("**观众1：** 你们", "观众1"),
    ],
)
def test_it_reads_speaker_labels(line, name):
    [label] = [label for label in find_labels(line) if label.name]
    assert label.name == name
    assert label.start == 0


@pytest.mark.parametrize(
    "line",
    [
        "文章作者: AI深度研究员",
        "原文链接: http://mp.weixin.qq.com/s",
        "  * 第一阶段：聊天机器人。",
        "发布时间: 2024-10-07",
    ],
)
def test_header_lines_and_list_items_are_not_speakers(line):
    assert [label for label in find_labels(line) if label.name] == []


def test_a_speaker_holds_the_floor_until_the_next_label_or_heading():
    text = "开场白会很长。\n\n**Sam Altman：**\n我认为会好。\n\n还是我。\n\n## 下一节\n\n没有人。"
    labels = find_labels(text)
    assert speaker_at(labels, 0) is None
    assert speaker_at(labels, text.index("还是我")) == "Sam Altman"
    assert speaker_at(labels, text.index("没有人")) is None


def test_candidates_carry_the_speaker_and_leave_out_the_label():
    text = "**Sam Altman：** 我相信2025年将是代理大规模应用的一年。"
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.speaker == "Sam Altman"
    assert candidate.quote == "我相信2025年将是代理大规模应用的一年。"


def test_text_without_labels_has_no_speaker():
    [candidate] = extract_candidates("我相信2025年将是代理大规模应用的一年。", said_on=SAID_ON)
    assert candidate.speaker is None


# --- duplicates -----------------------------------------------------------------------------


def test_a_summary_is_marked_as_restating_the_speakers_words():
    text = (
        "他预测，在未来十年内，人类社会将因AI的快速发展而发生翻天覆地的变化。\n\n"
        "**Sam Altman：** 我认为在未来十年内，人类社会将因为AI的快速发展而发生翻天覆地的变化。"
        "另外，芯片会便宜很多。"
    )
    candidates = extract_candidates(text, said_on=SAID_ON)
    assert [c.speaker for c in candidates] == [None, "Sam Altman", "Sam Altman"]
    assert candidates[0].duplicate_of == 1  # the summary restates the speaker's own words
    assert candidates[1].duplicate_of is None
    assert candidates[2].duplicate_of is None


def test_short_or_different_sentences_are_not_duplicates():
    assert find_duplicates(["明年会好。", "明年会好。"], [None, None]) == [None, None]
    assert find_duplicates(
        ["模型会变得越来越强大而且速度非常快", "芯片的价格会在明年大幅下降到现在的一半"], ["A", "A"]
    ) == [None, None]


def test_an_event_named_for_its_year_or_the_future_is_no_forecast():
    text = (
        "未来论坛2017年会暨首届未来科学大奖颁奖典礼1月14-15日在北京举行。"
        "嘉宾围绕“畅想十年后的生活”等话题进行了讨论。"
        "他认为十年后一半的工作将被人工智能代替。"
    )
    found = extract_candidates(text, said_on=dt.date(2017, 1, 15))
    assert [(c.quote, c.due_latest) for c in found] == [
        ("他认为十年后一半的工作将被人工智能代替。", dt.date(2027, 1, 15))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "如果未来十年，世界前五大AI公司中有中国公司，那么这家公司一定是万亿美金级别的。",
        "如果十年以后中国的GDP是200万亿人民币，1/4的市值公司是多大的体量。",
    ],
)
def test_a_time_inside_the_condition_is_the_scenario_s_not_a_forecast_s(text: str) -> None:
    assert extract_candidates(text, said_on=SAID_ON) == []


@pytest.mark.parametrize(
    "text",
    [
        "如果我们以十年、十五年的时间来看，中国也一定会有6家万亿美金市值的公司。",  # the time looked at
        "如果你想象一下未来几年内可能发生的事情，背后会有强大的推理模型。",  # the time imagined
    ],
)
def test_a_condition_that_only_frames_the_time_keeps_the_forecast_dated(text: str) -> None:
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert candidate.due_latest is not None


def test_a_projection_over_years_that_run_past_the_year_it_was_said_is_dated() -> None:
    # Said in 2023: the span starts this year, so it is no dateline; it runs to 2100, so the
    # change over it is projected, not reported.
    said_on = dt.date(2023, 7, 11)
    text = "从2023-2100年，印度出生人口从2306万逐年下降至1355万。\n\n从2023年至2100年，美国总人口从3.4亿缓慢增长到近4亿。"
    assert [c.due_latest for c in extract_candidates(text, said_on=said_on)] == [dt.date(2100, 12, 31)] * 2
    assert extract_candidates("2023年，印度出生人口为2306万。", said_on=said_on) == []  # this year's figure


def test_what_people_often_say_is_hearsay() -> None:
    assert ("hearsay", "people often say") in families(
        "The mirror bacterium is, people often say, ten years away."
    )


def test_the_items_under_a_heading_that_names_a_time_to_come_are_projections():
    # A post of yearly predictions: present-tense bullets, the time only in the heading above them.
    text = (
        "# Predicting the future from 2022\n\n### By 2027 (5 years from now)\n\n"
        " * Inflation around 2%.\n * S&P 500 closes above 7,000, as\n   the trend goes on.\n\n"
        "### Reviewing past predictions\n\n * Covid was not over in 2021.\n\n"
        "### What did we learn?\n\n * Inflation was high.\n"
    )
    found = {c.quote: c for c in extract_candidates(text, said_on=dt.date(2022, 1, 1))}
    quotes = list(found)
    assert "Inflation around 2%." in quotes
    # ...each dated by the time its heading names, unless it names its own.
    inflation = found["Inflation around 2%."]
    assert (inflation.horizon_text, inflation.due_latest) == ("By 2027", dt.date(2027, 12, 31))
    assert "S&P 500 closes above 7,000, as\n   the trend goes on." in quotes
    assert "Inflation was high." not in quotes  # under a question, not a time to come
    assert "Covid was not over in 2021." not in quotes  # under a look back at forecasts


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("That will be really interesting.", True),
        ("It's going to be fun for everyone.", True),
        ("It will be interesting to see what happens.", True),
        ("There will be great ships made around the world.", False),  # great describes the ships
    ],
)
def test_a_judgement_is_the_predicate_not_an_adjective_before_a_noun(text: str, judged: bool) -> None:
    assert any(family == "evaluative" for family, _ in families(text)) is judged
    assert bool(extract_candidates(text, said_on=SAID_ON)) is not judged


@pytest.mark.parametrize("proviso", ["if required", "if needed", "if necessary"])
def test_a_plans_proviso_is_no_scenario(proviso: str) -> None:
    text = f"We will maintain a high degree of monetary accommodation and act swiftly, {proviso}, with further easing."
    assert ("hypothetical", "if") not in families(text)
    assert extract_candidates(text, said_on=SAID_ON)
    assert ("hypothetical", "if") in families("We will act if inflation rises.")


def test_unless_says_what_is_expected_when_nothing_changes() -> None:
    text = "Economists warned that Europe could face years of sluggish growth unless governments take steps."
    assert not any(family == "hypothetical" for family, _ in families(text))
    assert extract_candidates(text, said_on=SAID_ON)


@pytest.mark.parametrize(
    "text",
    [
        "GAAP and non-GAAP operating expenses are expected to be approximately $3.5 billion.",
        "Margins are expected to be 17%, plus or minus 1%.",
        "Many economists expect a recession to hit the U.S.",
        "我想我们的毛利率应该会往这个产业的平均来靠近。",
    ],
)
def test_a_forecast_of_a_figure_or_of_the_economy_is_about_the_world(text: str) -> None:
    # A figure is what the forecast will be checked against; a bare "will" about nothing named is
    # too weak to propose.
    assert extract_candidates(text, said_on=SAID_ON)
    assert not extract_candidates("That one is expected to be approximately right.", said_on=SAID_ON)


@pytest.mark.parametrize("doubt", ["现在还说不好", "现在还说不准", "这个不好说", "现在很难说"])
def test_a_speaker_who_says_it_cannot_be_told_is_uncertain(doubt: str) -> None:
    assert any(family == "uncertain" for family, _ in families(f"未来会是什么样，{doubt}。"))
    assert extract_candidates(f"未来会是什么样，{doubt}。", said_on=SAID_ON) == []


def test_what_you_might_say_is_a_turn_of_speech() -> None:
    text = "你可能会说，「哦，我得适应一下，可能会有点担心。」"
    assert ("speech", "你可能会说") in families(text)
    assert extract_candidates(text, said_on=SAID_ON) == []


@pytest.mark.parametrize(
    "text",
    [
        "M365 Consumer Cloud revenue growth should be in the low 20s, driven by the price increase.",
        "Cloud gross margin percentage should be roughly 67%, down year-over-year.",
        "Other income and expense is estimated to be negative $1.3 billion.",
    ],
)
def test_guidance_said_with_should_or_estimated_is_a_forecast(text: str) -> None:
    assert extract_candidates(text, said_on=SAID_ON)
    assert not extract_candidates("You should be in the office by nine.", said_on=SAID_ON)


def test_what_was_booked_beyond_the_next_months_gives_no_window() -> None:
    text = "The remaining portion, recognized beyond the next 12 months, increased 49%."
    assert extract_candidates(text, said_on=SAID_ON) == []


def test_jiang_before_lingxian_is_will_lead_not_a_general() -> None:
    assert ("future", "将") in families("我认为Gemini、Meta和XAI将领先于他们。")
    assert ("future", "将") not in families("这位将领指挥了战役。")  # 将领, a general


def test_nahuir_is_back_then_not_that_will() -> None:
    assert ("future", "会") not in families("那会儿我们是引领过一个时代的。")
    assert ("future", "会") not in families("那会的提法叫我的天。")
    assert ("future", "会") in families("那会带来很多新的问题。")
