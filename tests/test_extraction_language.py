"""Forecasting language in English on a par with Chinese, the penalties that used to misfire, the
dates that are not horizons and the headlines that are not predictions."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_candidates

SAID_ON = dt.date(2025, 3, 20)


def proposed(text: str) -> list[str]:
    return [c.quote for c in extract_candidates(text, said_on=SAID_ON)]


def due(text: str) -> dt.date | None:
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    return candidate.due_latest


# --- English ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "More people will be able to use these tools than we expect.",  # a plain "will"
        "Overall energy demand is predicted to grow by 23%.",  # a forecasting verb in the passive
        "Global chip sales are projected to double.",
        "The new chip is really supposed to close the gap with Nvidia.",  # what is meant to
        "I think these companies are just on the cusp of building useful agents.",  # about to
        "The economy is rushing toward a recession.",  # headed
        "Block says it's now aiming for north of $2 million in gross profit per head.",  # a target
        "It might take away more than that.",  # a hedge before an outcome
        "We are well positioned to grow revenue significantly.",  # poised to
        "Down the road, he is worried that these systems pose a threat to humanity.",  # in the future
        "And there's a lot more to come.",  # still ahead, as surely as "will"
        "I will say that I think these models will write most code.",  # what is said next forecasts
        "Prices will rise next year, and we will be watching closely.",  # the forecast beside the watch
        "I think that's how long it will take for these skills to become widespread.",  # no question
        "We will build ever-better tools for each other.",
        "AI could cure many diseases within a decade.",  # modal, with a horizon
        "I think prices may fall sharply.",  # modal, vouched for
        "The cost of intelligence should eventually converge to the cost of electricity.",  # should, a forecast
        "We're about to launch our biggest product yet.",
        "Robots that can build other robots aren't that far off.",
        "2027 will likely see the first fully autonomous labs.",  # a year as the subject
        "If history is any guide, we will figure out new things to do.",  # "if" as a framing
        "We had a great year, and next year will be even bigger.",  # "had" in its own clause
        "The tools we have already built will help us find new insights.",  # a past verb in a relative clause
        "There's going to be another battle between the two camps.",  # "there's going to" says it alone
        "We are forecasting slow growth.",  # the forecasting verb in the progressive
    ],
)
def test_it_finds_english_forecasts(sentence: str) -> None:
    assert proposed(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "You should try the new model.",  # should as advice
        "Governments should regulate AI more carefully.",
        "In this post I will explain why.",  # the talk itself
        "I'll show you the demo in a minute.",
        "We'll get to those questions in a second.",  # the talk's own course
        "We will certainly get to that.",
        "So let me summarize the three takeaways that I will want the listener to remember.",
        "We won't necessarily get into that more, but it is a big concern.",  # the talk's course, negated
        "I'm going to get my question in right now.",
        "So, first, I'll just speak for myself, but I understand those concerns very well.",  # a turn
        "I'm not going to characterize it.",
        "I will question your premise for a second.",
        "I'll point out one example that I think is just very painful to users.",
        "Looking ahead, we will monitor economic developments and money markets very closely.",  # attention
        "So this is something that we'll be watching very closely.",
        "We’re going to be data dependent.",
        "This year they invited me to participate.",  # a verb in -ed after its pronoun: the past
        "I said I thought a film made with these tools would win an Oscar within six years.",  # a past belief
        "I can't predict what's going to happen a week from now.",  # uncertainty
        "As usual, I got many of my predictions right last year.",  # predictions talked about
        "Here are my predictions, written up in a little more detail.",
        "But I will give you other examples that are easier to understand.",
        "Experts predicted self-driving cars everywhere by 2025.",  # a forecast told as the past
        "Think back to 2020, when people said we would have AGI by 2025.",  # a recollection
        "If we can do a decade's research in a year, then progress will look different.",  # a scenario
        "I hope we will look back and laugh.",  # a wish
        "And I'm hoping that you will see some more work from our team on this question.",
        "I think that will be the fundamental difference.",  # an evaluation
        "Living through it will be tremendous.",
        "They would prefer not to be regulated, and they would like to deal with few rules.",  # wishes
        "We could have done it better, and the models could have been cheaper.",  # a past not taken
        "I think from 1960 to 2000 was probably the heyday of robotic arms.",  # a hedge has no tense
        "This regime change has guided our forecasts for growth and rates.",  # forecast, the noun
        "Goldman Lifts US, Global Long-Term Growth Forecasts on AI Boost",
    ],
)
def test_it_leaves_out_advice_logistics_the_past_scenarios_and_wishes(sentence: str) -> None:
    assert proposed(sentence) == []


def test_a_body_s_standing_purpose_is_no_plan():
    assert (
        proposed("The foundation was set up last year and aims to help standardize open source tools.") == []
    )


def test_a_headline_s_to_before_an_outcome_is_its_will():
    text = "Petchems to remain key driver of increasing oil demand to 2050 – OPEC\n\nThe report was published on Thursday."
    [candidate] = extract_candidates(text, said_on=dt.date(2025, 7, 10))
    assert candidate.quote.startswith("Petchems to remain")
    assert candidate.due_latest == dt.date(2050, 12, 31)
    assert proposed("How to remain productive in 2026\n\nTips inside.") == []  # a how-to is no forecast


def test_getting_to_a_goal_is_no_talk_of_the_talk():
    assert proposed("At the end of the day, we will get to a balanced budget.") == [
        "At the end of the day, we will get to a balanced budget."
    ]


def test_forecast_the_verb_is_still_a_forecast():
    assert proposed("Gartner forecasts that spending on AI will rise.") == [
        "Gartner forecasts that spending on AI will rise."
    ]


@pytest.mark.parametrize(
    ("sentence", "latest"),
    [
        (
            "November or December of this year, we should be able to ship the voice mode.",
            dt.date(2025, 12, 31),
        ),
        ("It should be ready by the end of the quarter.", dt.date(2025, 3, 31)),
        ("We plan to publish the framework in the first half of next year.", dt.date(2026, 6, 30)),
        ("The board is expected to approve the budget in Q3.", dt.date(2025, 9, 30)),
        ("We will find life on Mars by 2035; colonization will follow the next year.", dt.date(2035, 12, 31)),
        # The second year after the comma is part of the same words, not another clause.
        ("He's predicting 2027, 28 AGI, something like that, so it will get real.", dt.date(2028, 12, 31)),
    ],
)
def test_english_horizons_give_the_windows_of_the_rules(sentence: str, latest: dt.date) -> None:
    assert due(sentence) == latest


def test_could_have_with_a_noun_is_a_hedged_forecast_with_its_horizon():
    assert due("By late 2027, it suggests, we could have superintelligent AI systems.") == dt.date(
        2027, 12, 31
    )


def test_a_span_already_passed_is_no_horizon():
    sentence = (
        "This will be a continuation of the battles companies have waged over the last five or ten years."
    )
    assert [c.due_latest for c in extract_candidates(sentence, said_on=SAID_ON)] == [None]


def test_a_measure_of_time_is_no_horizon():
    [candidate] = extract_candidates("I think China will stay seven years behind, at most.", said_on=SAID_ON)
    assert candidate.due_latest is None


# --- Chinese: the penalties that misfired ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "我认为每个行业都将被人工智能改变。",  # 每个 as "every", not a habit
        "未来的模型将记住之前的对话。",  # 之前 as the object of the forecast
        "在未来，你将能够用语音操作所有软件。",  # a generic "you" in a forecast
        "人工智能将融入我们生活的方方面面。",  # 将 before a verb is the modal
        "OpenAI将作为一个平台连接更多开发者。",
        "去年我们发布了第一代产品，明年我们会发布第二代。",  # a past in its own clause
        # ...and a frame of the forecast's own after it: a trend, or the view of the one who holds it.
        "过去的系统主要是解决协作的问题，随着 AI 的发展，系统的角色会逐渐发生变化。",
        "去年年底，他发表了一篇文章，在他看来，AI Agent 将颠覆软件行业。",
        "在电池能量密度提高之前，智能眼镜的功率也将受到限制。",  # before an event still to come
        "这个平台主要是服务企业客户，它会逐渐扩展到个人用户。",  # 主要是 is no 要是 ("if")
        "大模型最后都差不多。",  # what things come to in the end
        "特斯拉的自动驾驶技术也可能进入中国市场。",  # a hedge before an outcome
        "这些电动汽车公司都有可能转型为机器人公司。",
        "美国经济的整体通胀或都回落至3%左右。",  # the research note's 或, "may"
        "美国经济大概率不衰退。",
        "内容的3D化是必然趋势。",  # says by itself that it will come, as 将 does
        "我觉得3:1的混合架构现在也快变成一个共识了吧。",  # about to be
        "一些被大厂忽视的细分环境，反而可能被创业公司用来获取数据。",  # a hedge before the passive
        "我们测算整体去库存至少需要持续到明年二季度。",  # "we estimate": the verb looks forward
        "我可以想象未来所有的诺贝尔奖都将来自人工智能系统。",  # the speaker's view; 将来自 is no 将来
        "不远的未来，智力作为一种服务，可以像电力一样传输。",  # the near future without 在
        "没有场景限制，开放道路的无人驾驶可能要十年二十年以上。",  # how long it will take
        "从未来发展的角度来说，市场早晚会实现电动车电气化。",  # 早晚会 is not 晚会 (an evening party)
    ],
)
def test_chinese_forecasts_are_no_longer_penalised_away(sentence: str) -> None:
    assert proposed(sentence) == [sentence]


def test_what_one_would_call_a_thing_and_a_change_already_made_are_no_forecasts():
    assert proposed("许多工具我不会称之为人工智能驱动的工具。") == []
    assert proposed("我们通过使用GPU将特定领域的计算能力提高了100万倍。") == []


def test_an_example_taken_and_what_someone_may_say_are_no_forecasts():
    assert proposed("以DeepSeek的稀疏注意力优化为例，它会使用一个被称为Indexer的模块来计算分数。") == []
    assert proposed("有人可能会说，我的算法够好，硬件公司会帮我优化模型。") == []


def test_a_scenario_one_can_imagine_is_still_posed():
    assert proposed("可以想象在未来，整个网络变成了各种组件，由一个模型实时组合。") == []


def test_the_talk_s_own_course_is_no_forecast():
    assert proposed("我将介绍一些真实的案例研究。") == []
    assert proposed("我们将简要介绍全球市场最重要的经济体。") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2月公布的美国经济数据普遍好于预期，美债利率明显走高。",  # a result against expectations
        "市场对中国经济增长预期积极，海外资金再度回流。",  # expectations as a mood
        "紧缩预期再度升温下美股回调明显。",
    ],
)
def test_expectations_as_a_noun_forecast_nothing(sentence: str) -> None:
    assert proposed(sentence) == []


def test_a_year_that_names_a_thing_s_is_no_horizon_when_nothing_looks_forward():
    assert proposed("今年的报告长达153页，覆盖AI、数字钱包、电动汽车等13大创新领域。") == []
    assert proposed("今年的目标是扭亏为盈。") == ["今年的目标是扭亏为盈。"]  # a target dates itself


def test_or_between_two_things_is_no_hedge():
    assert proposed("油价上涨或下跌都影响航空公司的利润。") == []


def test_last_of_a_sequence_is_no_future():
    assert proposed("最后，我们讨论了模型的训练方法。") == []
    assert proposed("他最后透露了公司的融资情况。") == []


def test_a_past_clause_still_frames_the_forecast_after_it_without_a_frame_of_its_own():
    assert proposed("我当时没想到，这家公司会变得很重要。") == []
    assert proposed("之前我们在做协作软件，系统的角色会逐渐发生变化。") == []


def test_what_one_does_as_a_rule_is_no_forecast():
    assert proposed("我们平时也会接触很多想用人工智能做科研的创业者。") == []
    assert proposed("然后模型会给出一个回答，描述它对你的一些看法。") == []  # how a system works
    assert proposed("未来模型会在手机上完成大部分推理工作。") == [
        "未来模型会在手机上完成大部分推理工作。"
    ]  # a future named
    assert proposed("我会下载很多论文，然后用模型帮我分类、归档。") == []  # the speaker's own habit


def test_what_people_or_users_do_whenever_they_do_it_is_no_forecast():
    assert proposed("我们发现用户会问这个产品该怎么用。") == []
    assert proposed("人们会非常不满，因为用户习惯非常重要。") == []
    assert proposed("我们完成复杂任务时，不同专长的人会一起合作。") == []


def test_what_people_will_do_in_a_future_named_or_how_they_will_change_is_a_forecast():
    for sentence in ("未来人们会把大部分工作交给智能体完成。", "人们会越来越依赖人工智能助手。"):
        assert proposed(sentence) == [sentence]


def test_others_saying_what_will_happen_is_a_forecast_reported_but_asking_is_not():
    assert proposed("有人说手机厂都将演变成机器人制造商。") == ["有人说手机厂都将演变成机器人制造商。"]
    assert proposed("有人问，机器人会不会取代工人？") == []


def test_an_organisation_named_with_hui_is_no_modal():
    assert proposed("由中国人才研究会指导、行业促进会主办的论坛隆重举办，共同探讨汽车产业的发展路径。") == []


def test_a_hui_in_a_list_of_events_is_no_modal():
    assert proposed("这里的展示都和其它的研讨会、交流会、论坛不一样，所以带给我们更新的感受。") == []


def test_a_span_of_years_behind_us_is_no_horizon():
    assert proposed("百年以来谈到汽车，都离不开博世等大型供应商的加持。") == []
    assert proposed("博世和拥有上百年历史的整车厂同步成长。") == []


def test_an_object_marker_stays_masked():
    assert proposed("我们必须把握机会，将它们推向世界。") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "智能体可以快速地将不同客户经理的经验数字化并共享。",  # after an adverb in 地
        "人工智能的一个重要作用是将编写代码的成本降至接近零。",  # after 是
        "这个术语还指将计算扩展到网络边缘。",  # a verb that puts what 将 takes somewhere
        "多组学通过基因表达法则将各个组学层面联系起来。",  # ...or together
        "这些企业拥有大量的数据，我们帮助他们将大模型应用落地。",  # after helping someone to
    ],
)
def test_jiang_as_the_object_marker_is_no_future_word(sentence: str) -> None:
    assert proposed(sentence) == []


def test_jiang_after_ji_before_a_verb_that_maps_its_object_is_the_object_marker():
    # 即将 here is 即 ("that is") and the object marker: "that is, map the data onto real scenes".
    assert proposed("其终极奥义是增强真实感，即将数据、信息图像化映射到真实场景中。") == []


def test_a_past_achievement_with_a_span_is_no_forecast():
    assert proposed("我们的产品在2年的时间内实现了7次迭代，从头盔到眼镜。") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "各地将出台支持人工智能产业的新政策。",
        "这是将来人工智能发展的必然趋势。",
        "我们的模型将扩展到更多行业。",
    ],
)
def test_jiang_after_a_place_or_before_a_verb_is_still_the_modal(sentence: str) -> None:
    assert proposed(sentence) == [sentence]


# --- dates that are not horizons, and the horizon that governs -----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "即将上任的政府将放松对人工智能的监管。",  # attributive
        "他在《未来十年》一书中写道，机器人将无处不在。",  # a title
        "三个月内营收从零增长到一亿美元，我认为这家公司会继续扩张。",  # a past report
    ],
)
def test_words_that_look_like_a_horizon_give_no_window(sentence: str) -> None:
    assert [c.due_latest for c in extract_candidates(sentence, said_on=SAID_ON)] == [None]


def test_the_governing_horizon_wins():
    assert due("东吴证券表示，机器人即将量产，开启10年产业大周期。") == dt.date(2026, 3, 20)


# --- headlines and restatements -------------------------------------------------------------------


def test_a_headline_that_only_names_a_time_is_not_proposed():
    text = "# 专访：某科技公司CEO谈未来三年\n\n主持人：欢迎。\n\n张伟：我认为明年我们将推出代理。"
    assert proposed(text) == ["我认为明年我们将推出代理。"]
    assert proposed("专访：某科技公司CEO谈未来三年\n\n我们会谈很多。") == []


@pytest.mark.parametrize(
    "heading",
    ["## 下半年行情向好", "## 2032年AI系统达到90%各行业顶级专家能力", "### By 2027 (5 years from now)"],
)
def test_a_heading_that_dates_a_claim_forecasts_it(heading: str) -> None:
    assert proposed(f"{heading}\n\n这是正文，谈的是别的。") == [heading.lstrip("# ")]


@pytest.mark.parametrize(
    "heading",
    [
        "## 未来五年，中国经济的10大趋势",
        "## Here's what experts expect from AI in 2026",
        "## The Next Five Years of Artificial Intelligence",
        "## Mario Draghi, President of the ECB, Brussels, 8 March 2026",
    ],
)
def test_a_heading_that_names_the_pieces_subject_or_its_day_forecasts_nothing(heading: str) -> None:
    assert proposed(f"{heading}\n\n这是正文，谈的是别的。") == []


def test_a_headline_that_restates_a_later_prediction_is_marked_as_its_duplicate():
    text = (
        "# 张伟：未来十年内人类社会将因AI发生翻天覆地的变化\n\n"
        "张伟：我认为在未来十年内，人类社会将因为AI的快速发展而发生翻天覆地的变化。"
    )
    headline, answer = extract_candidates(text, said_on=SAID_ON)
    assert headline.duplicate_of == 1 and answer.duplicate_of is None
    assert answer.speaker == "张伟"


def test_from_a_year_on_is_a_forecast_and_its_horizon():
    [candidate] = extract_candidates("从2026年开始，推理的成本会快速下降。", said_on=SAID_ON)
    assert (candidate.horizon_text, candidate.due_latest) == ("2026年", dt.date(2026, 12, 31))


def test_a_section_title_named_after_the_future_is_not_proposed():
    text = "**未来智库的宏观视角——AI的社会与文化影响**\n\n他认为AI将重塑社会。"
    assert proposed(text) == ["他认为AI将重塑社会。"]


def test_a_lower_bound_is_proposed_without_a_window_and_a_past_duration_is_not():
    # "At least eight to ten years" forecasts as surely as "within ten years", without a deadline.
    [home] = extract_candidates(
        "進入家庭場景能夠作業的人形機器人，至少要等 8—10 年左右的時間。", said_on=SAID_ON
    )
    assert home.due_latest is None and home.horizon_text == "至少要等 8—10 年左右"
    assert proposed("I've been working on AI for at least forty years.") == []
    # "应该非常快": what will likely happen, not advice.
    [factory] = extract_candidates(
        "近端小型人形机器人落地应该非常快，最快五年内可以进入工厂。", said_on=SAID_ON
    )
    assert factory.due_latest == dt.date(2030, 3, 20)


def test_should_not_be_is_what_will_likely_not_happen_and_ought_not_is_advice():
    # "应该不会…" says what is unlikely, as "应该会…" says what is likely; 不应该 tells someone.
    assert proposed("我参与了，他们应该不会用这个方案，我会觉得这个方案在开倒车。") == [
        "我参与了，他们应该不会用这个方案，我会觉得这个方案在开倒车。"
    ]
    assert proposed("我觉得他们不应该再用这个方案。") == []


def test_an_earnings_calls_own_running_order_is_no_forecast():
    # The operator's and the executives' words about the call itself, beside a real guidance line.
    text = (
        "Operator: A brief question and answer session will follow the formal presentation. "
        "With that, I'll hand the call over to Lisa.\n"
        "Lisa Su: We expect revenue to grow strongly next year. And with that, let me open up the call "
        "for questions.\n"
        "Operator: We will now open the lines for a question and answer session.\n"
        "Jean Hu: I'll take the first question.\n"
        "Colette Kress: At this time, we will now open the call for questions.\n"
    )
    assert proposed(text) == ["We expect revenue to grow strongly next year."]


def test_quickly_in_a_story_of_the_past_is_no_soon_to_come():
    # 很快 as a story of the past tells it, with a past word and nothing that looks forward.
    assert proposed("很快我们放弃了 3D 形象，因为它不能规模化，之前用 3D 的大行业只有游戏和电影。") == []
    # ...but said of what is to come it stays "soon".
    [soon] = extract_candidates("之前我们做过尝试，很快我们会推出新的 3D 形象。", said_on=SAID_ON)
    assert soon.due_latest is not None
    # ...and so is a month named without its year, told in the past tense.
    said_in_july = dt.date(2025, 7, 24)
    # ("In May," reads as the modal too: only "in January" could date it.)
    assert (
        extract_candidates(
            "In May, exports to the US were off 27% from a peak in January.", said_on=said_in_july
        )
        == []
    )
    [january] = extract_candidates("Exports to the US could be off 27% in January.", said_on=said_in_july)
    assert january.due_latest == dt.date(2026, 1, 31)


def test_a_research_notes_huo_before_a_verb_is_may():
    # 或 ("may") before a verb that never opens the second of two things.
    assert proposed("在开源证券看来，二季度市场或进入阶段性反弹。") == [
        "在开源证券看来，二季度市场或进入阶段性反弹。"
    ]
    assert proposed("我们认为政策或延续对供需两侧的适度支持态度。") == [
        "我们认为政策或延续对供需两侧的适度支持态度。"
    ]
    # ...not 或 as "or" ("半年或以上的周期是有意义的").
    assert proposed("半年或以上的周期是有意义的。") == []


def test_often_is_a_habit_as_jingchang_is():
    assert proposed("AIGC 有一个很重要的关键点，就是版权和确权很多时候会出问题。") == []
    assert proposed("很多时候，有的人只对研究有兴趣，有的人只会做产品。") == []


def test_what_a_text_sets_out_to_do_is_its_own_course():
    assert proposed("本文旨在通过系统分析宠物行业的市场空间，寻找未来什么特质的龙头有望脱颖而出。") == []


def test_a_question_put_to_nobody_outside_any_turn_is_the_speakers_own():
    # A talk: the speaker asks, then answers in the next words; the question itself forecasts nothing.
    text = "聚焦到今年，增长目标怎么来确定？我认为今年的增长目标会定在6%以上。"
    assert proposed(text) == ["我认为今年的增长目标会定在6%以上。"]
    # ...but a host's question put to the guest, in an interview without labels, still carries the time.
    assert proposed("在未来12个月内，你认为哪些应用领域最有前景？") == [
        "在未来12个月内，你认为哪些应用领域最有前景？"
    ]


def test_once_poses_a_condition_as_if_does():
    assert proposed("一旦一个竞争对手开始支出，比如埃隆和他的风险投资，就会迫使其他公司也加大支出。") == []


def test_a_hedge_about_now_is_a_view_of_the_present():
    assert proposed("Corporations are probably the most scaled human agents today.") == []
    assert proposed("The AI 2027 report is probably the best one right now.") == []
    # ...but a hedged forecast beside "today" still forecasts.
    assert proposed("Today, chatbots complement human workers, but they could replace paralegals.") != []


def test_what_an_outcome_will_hinge_on_is_no_outcome():
    assert proposed("Our level of CapEx investment will depend on the returns that we generate.") == []
    assert proposed("The global economy will be influenced by developments in trade negotiations.") == []
    assert proposed("The future path of inflation is likely to be affected by economic conditions.") == []
    # ...but what will drive it is a forecast.
    assert (
        proposed("The next wave of AI adoption will be driven by smaller, more agile language models.") != []
    )


def test_a_year_in_two_digits_is_horizon_words_beside_a_month_told():
    text = (
        "And building on the emergencies used in December, the appropriators will use about "
        "$23 billion in emergency for ‘24 and ‘25."
    )
    [candidate] = extract_candidates(text, said_on=dt.date(2023, 5, 30))
    assert (candidate.horizon_text, candidate.due_latest) == ("for ‘24 and ‘25", dt.date(2025, 12, 31))
