"""Speaker labels as real transcripts write them, and the names they stand for."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_candidates
from claims.extraction.speakers import find_labels

SAID_ON = dt.date(2025, 3, 20)


def named(text: str) -> list[tuple[str, str]]:
    """(name, the label's own words) for every label of `text`."""
    return [(label.name, label.label) for label in find_labels(text) if label.name]


def credited(text: str) -> list[tuple[str | None, str]]:
    """(speaker, quote) of every candidate `text` proposes."""
    return [(c.speaker, c.quote) for c in extract_candidates(text, said_on=SAID_ON)]


def assert_nobody_speaks(text: str) -> None:
    """No label in `text`, and every candidate it proposes is nobody's."""
    assert named(text) == []
    assert {c.speaker for c in extract_candidates(text, said_on=SAID_ON)} == {None}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("张伟：我认为明年会更好。", "张伟"),
        ("李开复：我认为明年会更好。", "李开复"),
        ("张伟:我认为明年会更好。", "张伟"),  # an ASCII colon
        ("欧阳娜娜：我认为明年会更好。", "欧阳娜娜"),  # a double surname
        ("CEO张伟：我认为明年会更好。", "张伟"),  # a title in front
        ("李开复（创新工场）：我认为明年会更好。", "李开复"),  # a note after
        ("月之暗面 杨植麟：我认为明年会更好。", "杨植麟"),  # the organisation before, a space between
        ("Kimi｜杨植麟：我认为明年会更好。", "杨植麟"),  # a full-width bar
        ("杨植麟丨月之暗面：我认为明年会更好。", "杨植麟"),  # the organisation after, 丨 between
        ("杨植麟 月之暗面:我认为明年会更好。", "杨植麟"),
        ("主持人（张鹏）：明年会怎样？", "张鹏"),  # the role, the name inside the parentheses
        ("【张鹏】：明年会怎样？", "张鹏"),  # lenticular brackets
        ("【张鹏】明年会怎样？", "张鹏"),  # ...with no colon
        ("【主持人】明年会怎样？", "主持人"),
        ("萨姆·奥特曼：我认为明年会更好。", "萨姆·奥特曼"),
        ("**张伟：** 我认为明年会更好。", "张伟"),
        ("**张伟**：我认为明年会更好。", "张伟"),
        ("Host: What comes next?", "Host"),
        ("Interviewer: What comes next?", "Interviewer"),
        ("记者：明年会怎样？", "记者"),
        ("解说:改革即将启动。", "解说"),  # a programme's narrator (说 alone would end a reporting clause)
        ("Narrator: Reform is about to begin.", "Narrator"),
        ("Dr. Jane Doe: It will work.", "Jane Doe"),
        ("张 伟：我认为明年会更好。", "张伟"),  # a two-character name spaced to the width of three
        ("张\u3000伟：我认为明年会更好。", "张伟"),
        ("SPEAKER 1: It will work.", "SPEAKER 1"),  # a machine transcript's roles, in capitals
        ("MODERATOR: What comes next?", "MODERATOR"),
        ("[张伟] 我认为明年会更好。", "张伟"),  # square brackets
        ("■张伟：我认为明年会更好。", "张伟"),  # a WeChat article's section marks
        ("▲ 张伟：我认为明年会更好。", "张伟"),
        ("- 张伟：我认为明年会更好。", "张伟"),  # a Markdown bullet
        ("> Host: What comes next?", "Host"),  # a Markdown quote
        ("劉曉斌先生:我認為明年會更好。", "劉曉斌"),  # a courtesy after the full name
        ("张凌寒教授：我认为明年会更好。", "张凌寒"),
        ("蒋昌建👨🏻‍🦯‍➡️:我认为明年会更好。", "蒋昌建"),  # pictographs a page sprinkles after a name
        ("Jane Doe, Chief Executive Officer: It will work.", "Jane Doe"),  # a call's title, cased
        ("John Smith, Analyst, Morgan Stanley: Will it work?", "John Smith"),
        ("*Jane Doe:* It will work.", "Jane Doe"),  # in italics
        ("<v Jane Doe>It will work.", "Jane Doe"),  # a WebVTT caption's voice tag
        ("——张伟：我认为明年会更好。", "张伟"),  # a dash before the name
        ("张伟 | CEO：我认为明年会更好。", "张伟"),  # the title after a bar
        ("**Jane Doe** (00:01:23): It will work.", "Jane Doe"),  # a time code after a bold name
        ("Jane Doe [00:01:23]: It will work.", "Jane Doe"),  # ...in square brackets
    ],
)
def test_it_reads_the_labels_transcripts_use(text: str, name: str) -> None:
    assert [n for n, _ in named(text)] == [name]


def test_a_label_inside_a_bold_turn_is_read_when_the_transcript_uses_it():
    text = "**人民日报：您怎么看明年？**\n\n**李开复：** 明年会更好。\n\n**人民日报：后年呢？**"
    assert [n for n, _ in named(text)] == ["人民日报", "李开复", "人民日报"]


def test_a_surname_label_in_capitals_is_never_cut_at_a_title_it_begins_with():
    # COOPER begins with COO, a title before a name elsewhere ("COO张伟："): here it is the name.
    text = (
        "ANDERSON COOPER, CNN ANCHOR: Dario Amodei runs Anthropic.\n\n"
        "COOPER: Will it happen soon?\n\nAMODEI: I think it could happen within one to five years.\n\n"
        "COOPER: That is a big claim.\n\nAMODEI: Governments will need to act by 2027."
    )
    assert [n for n, _ in named(text)] == ["ANDERSON COOPER", "ANDERSON COOPER", "Dario Amodei"] + [
        "ANDERSON COOPER",
        "Dario Amodei",
    ]


def test_paragraphs_set_in_the_heading_mark_of_the_turns_stay_in_the_turn():
    # WeChat pages saved by Cubox set every paragraph as a heading ("##### "): a paragraph, not a
    # section, when the labelled turns are set in the same mark; a short title still ends the turn.
    text = (
        "##### **林凡：** 端侧模型还有别的应用吗？\n\n"
        "##### **李大海：** 还挺多的，比如汽车。\n\n"
        "##### 我们正在合作做一个电子宠物猫，明年就会上市。\n\n"
        "##### **林凡：** 未来手机会怎样？\n\n"
        "##### **李大海：** 我认为新一代的AI手机明年会变成超级智能体。\n\n"
        "##### 中美差距\n\n"
        "这是编者的话，明年会更好。"
    )
    speakers = {c.quote[:4]: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    assert speakers == {"我们正在": "李大海", "我认为新": "李大海", "这是编者": None}


def test_an_editors_heading_between_turns_is_nobodys():
    # The editors' section titles of a translated interview sit between turns: the turn before
    # ends at the title, which forecasts in the editors' voice, not the speaker's.
    text = (
        "斯特宾斯：模型改进的速度如何？\n\n"
        "奥特曼：我认为模型会越来越好。\n\n"
        "****GPT-6将成为通用工具****   \n\n\n"
        "斯特宾斯：那么明年呢？\n\n"
        "奥特曼：明年模型会更聪明。"
    )
    speakers = {c.quote[:4]: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    # (The dated question is the answer's, which it dates: see
    # test_an_answer_that_forecasts_is_the_prediction_dated_by_the_question.)
    assert speakers == {"我认为模": "奥特曼", "GPT-": None, "那么明年": "奥特曼", "明年模型": "奥特曼"}


def test_a_heading_mark_that_sets_paragraphs_marks_paragraphs_even_without_labels():
    from claims.extraction.speakers import is_paragraph, paragraph_heading_marks

    text = "##### 报告指出，明年销量将增长三成。\n\n##### 分析师认为，价格会下降。\n\n##### 到2030年，市场将翻倍。\n\n##### 结语"
    marks = paragraph_heading_marks(text, [])
    assert marks == {"#####"}
    assert is_paragraph(text, 0, marks) and not is_paragraph(text, text.index("##### 结语"), marks)
    assert paragraph_heading_marks("# 标题\n\n正文会很长。", []) == frozenset()  # one title: a heading
    numbered = (
        "### 1. Scaling\n\nModels will grow.\n\n### 2. Agents\n\nThey will act.\n\n### 3. Robots\n\nSoon."
    )
    assert paragraph_heading_marks(numbered, []) == frozenset()  # numbered section titles stay headings


def test_an_answer_that_forecasts_is_the_prediction_dated_by_the_question():
    text = (
        "**张鹏：**AGI会在五年内实现吗？\n\n**朱军：**我觉得会。\n\n"
        "**张鹏：**那三年后呢，模型会不会更便宜？\n\n**姜大昕：**肯定会更便宜，成本会下降一个数量级。"
    )
    found = [
        (c.speaker, c.quote, c.due_latest, c.duplicate_of)
        for c in extract_candidates(text, said_on=dt.date(2024, 9, 20))
    ]
    # The question carries the horizon of the prediction the guest makes: his, a duplicate of his answer.
    assert found == [
        ("朱军", "AGI会在五年内实现吗？", dt.date(2029, 9, 20), 1),
        ("朱军", "我觉得会。", dt.date(2029, 9, 20), None),
        ("姜大昕", "那三年后呢，模型会不会更便宜？", dt.date(2027, 9, 20), 3),
        ("姜大昕", "肯定会更便宜，成本会下降一个数量级。", dt.date(2027, 9, 20), None),
    ]


def test_a_question_inside_quotation_marks_asks_nobody():
    text = (
        "**Kevin Weil：**到2030年左右，我们回头看时，可能会觉得：“为什么不能在一分钟内完成呢？”\n\n"
        "**Sam Altman：**我们当然会尝试并构建一些代理型的应用。"
    )
    found = [(c.speaker, c.due_latest) for c in extract_candidates(text, said_on=dt.date(2024, 10, 1))]
    assert found == [("Kevin Weil", dt.date(2030, 12, 31)), ("Sam Altman", None)]


def test_a_full_latin_name_inside_a_bold_turn_is_a_label():
    text = "**Sarah Guo：接下来会发生什么？**\n\n**Kevin Weil**：明年模型会更好。\n\n**Sarah Guo：后年呢？**"
    assert [n for n, _ in named(text)] == ["Sarah Guo", "Kevin Weil", "Sarah Guo"]


def test_a_name_on_its_own_line_labels_the_lines_below_it():
    text = "张伟\n我认为明年会更好。\n\n李开复\n我不同意，我认为明年不会。\n\n张伟\n那我们走着瞧。"
    assert [n for n, _ in named(text)] == ["张伟", "李开复", "张伟"]
    assert credited(text)[:2] == [
        ("张伟", "我认为明年会更好。"),
        ("李开复", "我不同意，我认为明年不会。"),
    ]


def test_a_name_with_a_title_on_its_own_line_labels_the_lines_below_it():
    text = (
        "主持人\n您怎么看？\n\n张伟（远山科技创始人）\n我认为明年会更好。\n\n"
        "主持人\n为什么？\n\n李开复（创新工场董事长）\n我认为明年不会。"
    )
    assert named(text) == [
        ("主持人", "主持人"),
        ("张伟", "张伟（远山科技创始人）"),
        ("主持人", "主持人"),
        ("李开复", "李开复（创新工场董事长）"),
    ]
    speakers = credited(text)
    assert speakers == [("张伟", "我认为明年会更好。"), ("李开复", "我认为明年不会。")]


def test_a_label_and_colon_alone_on_a_line_labels_the_paragraph_after_the_blank_line():
    # As a broadcaster's transcript sets every turn (央视《與總編面對面》).
    text = "  主持人:\n\n  歡迎幾位總編。\n\n  胡錫進:\n\n  我認為明年中國經濟會更好。"
    assert named(text) == [("主持人", "主持人"), ("胡錫進", "胡錫進")]
    assert credited(text) == [("胡錫進", "我認為明年中國經濟會更好。")]


def test_a_headline_in_the_name_colon_quote_form_is_no_label():
    text = "呂本富:生產力和生產關系在未來十年都會有革命性變化\n\n來源:中國網\n\n這種工作模式在未來10年應該成為最普遍的模式。"
    assert_nobody_speaks(text)
    # ...but a first turn without a full stop is a turn when the name speaks again.
    assert [n for n, _ in named("张伟：我认为明年会更好\n主持人：为什么？\n张伟：因为成本。")] == [
        "张伟",
        "主持人",
        "张伟",
    ]


ROSTER = (
    "极客公园创始人张鹏主持，生数科技首席科学家朱军、阶跃星辰创始人姜大昕、月之暗面创始人杨植麟参加。\n\n"
)


@pytest.mark.parametrize(
    "turns",
    [
        # the organisation glued to the name, confirmed by the roster
        "张鹏：各位怎么看？\n\n生数科技朱军：我认为明年视频生成会普及。\n\n阶跃星辰姜大昕：我认为三年内会出现AGI。",
        # the organisation in parentheses after a bold name
        "**张鹏**（极客公园）：各位怎么看？\n\n**朱军**（生数科技）：我认为明年视频生成会普及。\n\n"
        "**姜大昕**（阶跃星辰）：我认为三年内会出现AGI。",
        # who asks and who answers
        "张鹏问：各位怎么看？\n\n朱军答：我认为明年视频生成会普及。\n\n姜大昕答：我认为三年内会出现AGI。",
        # Q and A with the names in parentheses
        "Q（张鹏）：各位怎么看？\n\nA（朱军）：我认为明年视频生成会普及。\n\nA（姜大昕）：我认为三年内会出现AGI。",
        # the organisation and the title before the name, spaced
        "极客公园 CEO 张鹏：各位怎么看？\n\n生数科技 首席科学家 朱军：我认为明年视频生成会普及。\n\n"
        "阶跃星辰 CEO 姜大昕：我认为三年内会出现AGI。",
        # each name a Markdown heading over its turn
        "### 张鹏\n各位怎么看？\n\n### 朱军\n我认为明年视频生成会普及。\n\n### 姜大昕\n我认为三年内会出现AGI。\n\n"
        "### 张鹏\n好。",
        # a bold name on its own line, a blank line before the turn
        "**张鹏**\n\n各位怎么看？\n\n**朱军**\n\n我认为明年视频生成会普及。\n\n**姜大昕**\n\n我认为三年内会出现AGI。\n\n"
        "**张鹏**\n\n好。",
    ],
)
def test_a_roundtable_credits_each_guest_whatever_the_label_form(turns: str) -> None:
    candidates = extract_candidates(ROSTER + turns, said_on=SAID_ON)
    assert [(c.speaker, c.quote) for c in candidates] == [
        ("朱军", "我认为明年视频生成会普及。"),
        ("姜大昕", "我认为三年内会出现AGI。"),
    ]


def test_an_organisation_that_ends_like_a_name_is_not_cut_without_the_text_confirming_it():
    text = "张鹏：各位怎么看？\n\n生数科技朱军：我认为明年视频生成会普及。\n\n张鹏：好。"
    assert "朱军" not in {name for name, _ in named(text)}


@pytest.mark.parametrize(
    "text",
    [
        # every guest's label written with the organisation, and no roster
        "极客公园张鹏：各位怎么看？\n\n生数科技朱军：我认为明年视频生成会普及。\n\n"
        "阶跃星辰姜大昕：我认为三年内会出现AGI。",
        # one guest, the same label starting two turns
        "张鹏：各位怎么看？\n\n生数科技朱军：我认为明年视频生成会普及。\n\n张鹏：还有呢？\n\n"
        "生数科技朱军：我认为三年内会出现AGI。",
    ],
)
def test_labels_that_repeat_the_organisation_confirm_the_name_themselves(text: str) -> None:
    candidates = extract_candidates(text, said_on=SAID_ON)
    assert {c.speaker for c in candidates} == {"朱军"} | ({"姜大昕"} if "姜大昕" in text else set())
    assert all("科技" not in c.quote and "星辰" not in c.quote for c in candidates)


def test_labels_run_into_one_paragraph_are_read_after_a_sentence_end():
    # A flat scrape or a machine summary: the turns run together, a space before each label.
    text = "王磊:我关注AI。 张奇教授:当前的大模型能力存在上限。AGI在现有框架下难以实现。 王磊:谢谢。"
    assert named(text) == [("王磊", "王磊"), ("张奇", "张奇教授"), ("王磊", "王磊")]
    assert credited(text) == [("张奇", "AGI在现有框架下难以实现。")]
    # ...but not a word that is no name: "。 例如:", "。 目标:".
    assert named("我们会做到。 例如:明年。 目标:后年。") == []


@pytest.mark.parametrize(
    "text",
    [
        "张鹏：各位怎么看？\n\n杨植麟：我分几点说。\n\n**第一，推理能力：**我认为明年推理能力会大幅提升。\n\n张鹏：好。",
        "**张鹏：**各位怎么看？\n\n**杨植麟：**我分几点说。\n\n**推理：**我认为明年推理能力会大幅提升。\n\n**张鹏：**好。",
    ],
)
def test_a_bold_lead_inside_a_turn_is_the_speakers_emphasis_not_a_label(text: str) -> None:
    assert {c.speaker for c in extract_candidates(text, said_on=SAID_ON)} == {"杨植麟"}


def test_a_bold_lead_in_english_is_emphasis_but_a_bold_first_name_is_the_speaker():
    text = (
        "Host: What next?\n\nJane Doe: A few things.\n\n**Cost:** Costs will fall next year.\n\nHost: Thanks."
    )
    assert {c.speaker for c in extract_candidates(text, said_on=SAID_ON)} == {"Jane Doe"}
    text = "**Dario Amodei:** Hi.\n\n**Host:** What next?\n\n**Dario:** Models will reason better next year."
    assert [c.speaker for c in extract_candidates(text, said_on=SAID_ON)] == ["Dario Amodei"]


def test_a_lone_short_line_is_no_label():
    assert named("结语\n我们会继续关注。") == []


@pytest.mark.parametrize(
    "text",
    [
        "文章作者: AI深度研究员\n发布时间: 2024-10-07\n原文链接: http://mp.weixin.qq.com/s",
        "Note: this will be fun.\nSource: the company.",
        "例如：我们会做到。\n例如：他们也会。",  # a discourse marker, however often
        "他说：我们会做到。",  # a reporting clause
        "**(00:00)** 简介",  # a timestamp
        "【编者按】本文整理自一场圆桌。",  # an editor's tag in 【】, not a name
        "【重磅】明年会更好。",
        "【2024】明年会更好。",
        "[注] 明年会更好。",
        "[张伟](https://example.com/zhang) 明年会更好。",  # a Markdown link, not a label
        "-张伟：明年会更好。",  # a hyphen without a space is no bullet
        "图表：美国紧信用将推高风险溢价\n\n图表：模型测算，失业率将抬升",  # a research note's figure captions
        "#### One year: Agents fail to happen\n\nText.\n\n#### One year: ... except for code\n",  # a heading's title
        "二、生成式人工智能：是炒作还是真正的变革？\n\n二、生成式人工智能：是炒作还是真正的变革？\n",  # a section's
    ],
)
def test_header_lines_markers_and_reporting_clauses_are_no_labels(text: str) -> None:
    assert named(text) == []


def test_a_chapter_line_of_a_video_ends_the_turn_above_it():
    text = (
        "BECKY QUICK: Right.\n"
        '7. 52:25 - New Fed Chairman Kevin Warsh "will do the best he can"\n'
        "BECKY QUICK: We also have a new chairman.\n"
        "WARREN BUFFETT: He will do the best he can, I think, and markets will adjust next year."
    )
    speakers = {c.quote[:2]: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    assert speakers == {"52": None, "He": "WARREN BUFFETT"}


def test_a_section_title_that_starts_like_a_name_is_not_the_one_turn_of_a_text():
    text = (
        "美国银行在近日发布的报告中指出，人形机器人市场正处于爆发前夜。\n"
        "增长曲线:从实验室加速走向家门口\n"
        "近期爆发: 全球人形机器人的年出货量将从 2026 年的约 9 万台跃升至 2030 年的 120 万台。"
    )
    assert_nobody_speaks(text)


def test_names_heading_sections_of_a_report_are_not_turns():
    text = (
        "邓永强（英诺创新空间）：天使投资视角下的AI创业黄金时代\n\n他认为AI将改变创业。\n\n"
        "**胡延平(DCCI未来智库首席专家）：**\n\n胡延平表示，AI将进入加速通道。"
    )
    assert_nobody_speaks(text)


def test_initials_surnames_and_parts_resolve_to_the_name_the_transcript_introduced():
    assert named("Jane Doe: Hello.\nJD: I think it will work.") == [
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe", "JD"),
    ]
    # Only the headline gives the full name; the labels use the surname.
    text = "# Kai-Fu Lee on 2025\n\nQ: What next?\nLee: Apps will rise.\nQ: When?\nLee: This year."
    assert {name for name, label in named(text) if label == "Lee"} == {"Kai-Fu Lee"}
    assert named("萨姆·奥特曼：明年会好。\n主持人：然后呢？\n奥特曼：后年更好。")[-1] == (
        "萨姆·奥特曼",
        "奥特曼",
    )
    assert named("主持人Kevin Wheel：你好。\nSam Altman：你好。\n主持人：下一个问题。")[-1] == (
        "Kevin Wheel",
        "主持人",
    )


@pytest.mark.parametrize(
    ("intro", "label", "name"),
    [
        ("远山科技创始人、CEO张伟接受了本刊专访。", "张总", "张伟"),
        ("清华大学教授王小明做客节目。", "王教授", "王小明"),
        ("本期嘉宾张伟。", "张", "张伟"),
        ("对话欧阳明远：", "欧阳总", "欧阳明远"),
    ],
)
def test_a_surname_and_honorific_label_is_the_guest_the_text_introduced(intro: str, label: str, name: str):
    text = f"{intro}\n\n记者：您怎么看？\n\n{label}：未来三年内，自动驾驶会普及。\n\n记者：为什么？\n\n{label}：因为成本。"
    assert named(text)[1] == (name, label)
    assert [c.speaker for c in extract_candidates(text, said_on=SAID_ON)] == [name]


def test_a_surname_label_stays_as_written_when_the_text_introduced_two_such_guests():
    text = "嘉宾张伟与CEO张明。\n\n记者：您怎么看？\n\n张总：未来三年内，自动驾驶会普及。\n\n张总：对。"
    assert {name for name, label in named(text) if label == "张总"} == {"张总"}


def test_initials_stay_as_written_when_two_names_share_them():
    text = "Sam Altman and Sarah Adams spoke.\nSA: I think it will work."
    assert named(text) == [("SA", "SA")]


def test_a_label_is_never_part_of_a_quote():
    text = "主持人：明年呢？\n\nCEO张伟：我认为明年我们将推出代理。\n\n张伟:\n我们计划在2026年开源。"
    for candidate in extract_candidates(text, said_on=SAID_ON):
        assert candidate.quote == text[candidate.start : candidate.end]
        assert "张伟" not in candidate.quote and "：" not in candidate.quote[:1]
    # the host's 明年呢？ carries the horizon of 张伟's answer: his prediction
    assert [c.speaker for c in extract_candidates(text, said_on=SAID_ON)] == ["张伟", "张伟", "张伟"]


def test_a_time_code_and_a_lettered_role_on_their_own_line_label_the_turn_below():
    text = (
        "00:00 Speaker A\nWhat do you have for us?\n"
        "00:08 Speaker B\nThere will be a battle over AI regulation in 2026.\n"
        "00:54 Speaker A\nAnd the companies?\n"
        "01:10 Speaker B\nThey will lobby hard against every state law.\n"
    )
    assert [n for n, _ in named(text)] == ["Speaker A", "Speaker B", "Speaker A", "Speaker B"]
    assert credited(text) == [
        ("Speaker B", "There will be a battle over AI regulation in 2026."),
        ("Speaker B", "They will lobby hard against every state law."),
    ]


def test_a_time_code_after_a_name_is_not_part_of_it():
    text = "Andy Sack (00:02)\nI think it will work.\n\nAdam Brotman (00:10)\nIt will not.\n\nAndy Sack (00:05)\nWe will see.\n"
    assert [n for n, _ in named(text)] == ["Andy Sack", "Adam Brotman", "Andy Sack"]


def test_a_subtitle_line_that_looks_like_a_name_is_not_a_label():
    # Every line of a subtitle transcript is a segment of speech with its time stamp: "謝謝" and
    # "Outperform Market Average" alone on one are words, not a speaker's name over a turn.
    text = (
        "(35:34) 我們將在彙整所有問題後進行回答\n(35:37) 謝謝\n(35:39) 我們看到第一個問題\n"
        "(36:57) 我們的目標設定一定是要\n(36:59) Outperform Market Average\n(37:01) 所以市場會掉個10%\n"
        "(37:03) 謝謝\n(37:05) 那我們明年會推出新產品\n"
    )
    assert_nobody_speaks(text)


def test_a_time_code_inside_a_bold_name_on_its_own_line_is_not_part_of_it():
    # A podcast site's transcript: "**Name MM:SS**" over each turn, a blank line, then the turn.
    text = (
        "**Fin 32:55**\n\nWill we run out of data?\n\n"
        "**Jaime 33:34**\n\nIt seems likely that we're going to hit the limits in this decade.\n\n"
        "**Fin 34:01**\n\nOkay.\n\n"
        "**Jaime 34:02** \n\nAnd data efficiency is going to be more important.\n"
    )
    assert [n for n, _ in named(text)] == ["Fin", "Jaime"] * 2
    assert [c.speaker for c in extract_candidates(text, said_on=SAID_ON)] == ["Jaime", "Jaime"]


def test_the_stretch_of_time_a_turn_spans_is_not_part_of_the_name():
    # A podcast's transcript: "Name (start - end):" over each turn, a blank line, then the turn.
    text = (
        "Dwarkesh Patel (00:25:38 - 00:25:47):\n\nWhen will it be a real employee?\n\n"
        "Dario Amodei (00:25:47 - 00:26:42):\n\nI think that could happen in two or three years.\n\n"
        "Dwarkesh Patel (00:26:42 - 00:27:01):\n\nAnd after that?\n\n"
        "Dario Amodei (00:27:01 - 00:27:49):\n\nIt gets a little murky.\n"
    )
    assert [n for n, _ in named(text)] == ["Dwarkesh Patel", "Dario Amodei"] * 2
    [candidate] = extract_candidates(text, said_on=SAID_ON)
    assert (candidate.speaker, candidate.quote) == (
        "Dario Amodei",
        "I think that could happen in two or three years.",
    )


def test_a_bold_name_with_a_long_linked_affiliation_is_a_label():
    # A news page's write-up of a panel: each guest's first label carries a linked, long note.
    text = (
        "**Q1. 中国会诞生自己的OpenAI 吗？**\n\n"
        "**黄民烈** （[聆心智能](https://36kr.com/project/2012197088051206)创始人。自然语言处理与对话系统研究者 ）：\n\n"
        "我觉得会有，但需要时间。\n\n"
        "**陈雨恒** （[rct AI](https://36kr.com/project/1744029850377349)创始人\\&CEO ）：\n\n"
        "我觉得明年下半年，市场上才能迎来小高潮。\n\n"
        "**黄民烈：**\n\n数据会是壁垒。\n"
    )
    assert [n for n, _ in named(text)] == ["黄民烈", "陈雨恒", "黄民烈"]


def test_a_panel_write_up_s_numbered_question_ends_the_turn_above_it():
    text = (
        "**陈雨恒：**\n\n我觉得明年下半年，市场上会迎来小高潮。\n\n"
        "**Q2.当下是否到了应用大爆发的阶段？**\n\n"
        "**王思捷：**\n\n我感觉文生图大规模商业应用并不会那么快。\n\n"
        "**Q3.芯片封锁会是未来发展的潜在瓶颈吗？明年会怎样？**\n"
    )
    speakers = {c.quote: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    assert speakers == {
        "我觉得明年下半年，市场上会迎来小高潮。": "陈雨恒",
        "我感觉文生图大规模商业应用并不会那么快。": "王思捷",
        "Q3.芯片封锁会是未来发展的潜在瓶颈吗？": None,  # the moderator's, not 王思捷's
        "明年会怎样？": None,
    }


def test_a_roster_of_guests_with_long_titles_is_not_a_dialogue():
    # A news story lists the panel as "name:titles" lines; the report after the list is nobody's turn.
    text = (
        "讨论嘉宾:\n\n"
        "  陈刚:麻省理工学院机械系主任,美国工程院院士\n\n"
        "  潘建伟:中国科学技术大学教授,中国科学院院士\n\n"
        "  周郁:美国普林斯顿大学的约瑟夫·埃尔金讲席教授及纳米结构实验室主任,美国麻省理工学院博士,美国国家工程院院士\n\n\n"
        "  李开复表示,未来一半的工作将被人工智能代替。\n"
    )
    [candidate] = extract_candidates(text, said_on=dt.date(2017, 1, 15))
    assert candidate.quote == "李开复表示,未来一半的工作将被人工智能代替。"
    assert candidate.speaker is None


def test_a_broadcast_transcript_credits_titled_and_shortened_capital_labels_to_the_full_name():
    # CNN style: "NAME, TITLE:" on a guest's first turn, the surname alone after it, the host
    # introducing a guest by name in speech, and stage markers between the turns.
    text = (
        "JANE ROE, CNN ANCHOR: Welcome. Our guest is Tom Okafor.\n"
        "(BEGIN VIDEO CLIP)\n"
        'NINA SCHICK, AUTHOR, "DEEP FAKES": We decide.\n'
        "(END VIDEO CLIP)\n"
        "ROE: What comes next?\n"
        "SCHICK: I genuinely believe we're going to get a four-day week out of A.I.\n"
        "OKAFOR: And AI will write most code by 2027.\n"
        "OKAFOR: It will.\n"
    )
    assert [name for name, _ in named(text)] == [
        "JANE ROE",
        "NINA SCHICK",
        "JANE ROE",
        "NINA SCHICK",
        "Tom Okafor",
        "Tom Okafor",
    ]
    candidates = extract_candidates(text, said_on=SAID_ON)
    four_day = next(c for c in candidates if "four-day week" in c.quote)
    assert (four_day.speaker, four_day.quote) == (
        "NINA SCHICK",
        "I genuinely believe we're going to get a four-day week out of A.I.",
    )
    by_2027 = next(c for c in candidates if "2027" in c.quote)
    assert by_2027.speaker == "Tom Okafor" and "(" not in by_2027.quote


def test_a_roundtable_guest_labelled_with_organisation_and_title_then_shortened_is_one_speaker():
    # A guest's first label carries the organisation and title, before or after the name; later
    # labels use the name alone or the moderator's 王总. Before, those turns went to the moderator.
    text = (
        "赵磊：欢迎各位嘉宾。\n"
        "星河智能创始人刘一鸣：我认为明年多模态会有突破。\n"
        "王小川 百川智能创始人：我觉得三年内会普及。\n"
        "赵磊：那么王总怎么看？\n"
        "王总：明年会更好。\n"
        "刘一鸣：五年后会有通用智能。\n"
        "小川：我同意。\n"
    )
    assert [name for name, _ in named(text)] == [
        "赵磊",
        "刘一鸣",
        "王小川",
        "赵磊",
        "王小川",
        "刘一鸣",
        "王小川",
    ]
    speakers = {c.quote: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    assert speakers["我认为明年多模态会有突破。"] == "刘一鸣"
    assert speakers["明年会更好。"] == "王小川"


@pytest.mark.parametrize(
    "text",
    [
        # "organisation name" with no title between: before, not read, so every guest's forecast
        # went to the host, label included.
        "张鹏：各位好，欢迎三位嘉宾。\n"
        "月之暗面 杨植麟：我觉得明年多模态会有突破。\n"
        "生数科技丨朱军：我认为三年内视频生成会普及。\n"
        "姜大昕 阶跃星辰：我们五年后会有通用智能。\n",
        # Names on their own lines, nobody speaking twice, as in an article's profiles; but the
        # turns speak (我, 我们): before, dropped as section heads about people.
        "张鹏：欢迎三位嘉宾。\n"
        "杨植麟\n我觉得明年多模态会有突破。\n"
        "朱军\n我认为三年内视频生成会普及。\n"
        "姜大昕\n我们五年后会有通用智能。\n",
    ],
)
def test_a_roundtable_opening_where_each_guest_answers_once_gives_each_their_turn(text: str) -> None:
    assert [name for name, _ in named(text)] == ["张鹏", "杨植麟", "朱军", "姜大昕"]
    speakers = {c.quote: c.speaker for c in extract_candidates(text, said_on=SAID_ON)}
    assert speakers == {
        "我觉得明年多模态会有突破。": "杨植麟",
        "我认为三年内视频生成会普及。": "朱军",
        "我们五年后会有通用智能。": "姜大昕",
    }


def test_a_list_of_who_said_what_credits_each_item_and_not_the_article_after_it():
    text = (
        "各机构的定义如下：\n"
        "•Futurum Research：边缘计算在网络边缘附近处理数据。\n"
        "•David Linthicum（德勤咨询公司的首席云战略官）：“计算系统也位于边缘。”\n"
        "到2028年，边缘计算市场的价值将达到67.2亿美元。\n"
    )
    assert credited(text) == [(None, "到2028年，边缘计算市场的价值将达到67.2亿美元。")]
    # ...while a speaker who talks again keeps the turn after the bullet's line.
    dialogue = "- 张伟：我先说。\n明年会更好。\n- 李明：为什么？\n- 张伟：因为成本会下降。"
    assert {c.speaker for c in extract_candidates(dialogue, said_on=SAID_ON)} == {"张伟"}


def test_a_common_noun_leading_a_point_is_no_speaker_but_a_name_ending_in_it_is():
    text = "张鹏：各位怎么看？\n\n朱军：我分两点说。\n\n成本：明年视频生成的成本会下降一半。\n\n安全：三年内会有统一的标准。\n\n张鹏：好。"
    assert {c.speaker for c in extract_candidates(text, said_on=SAID_ON)} == {"朱军"}
    text = "主持人：各位怎么看？\n\n张安全：我认为明年视频生成的成本会下降一半。\n\n主持人：好。"
    assert [c.speaker for c in extract_candidates(text, said_on=SAID_ON)] == ["张安全"]


@pytest.mark.parametrize(
    "inset",
    [
        "朱军\n\n",  # a photo's caption: the guest's name alone on its line
        "![](https://example.com/p.jpg)\n朱军\n\n",
        "> 朱军：明年视频生成会大规模商用。\n\n",  # a pull quote of another guest's words
    ],
)
def test_a_caption_or_a_pull_quote_inside_a_turn_does_not_end_it(inset: str) -> None:
    text = (
        "**张鹏：**大昕怎么看？\n\n**姜大昕：**我觉得未来三年多模态模型会成为主流。\n\n"
        + inset
        + "我还认为两三年内会出现新的范式。\n\n**张鹏：**朱军呢？\n\n**朱军：**我认为明年视频生成会大规模商用。\n\n"
        "**张鹏：**谢谢。"
    )
    candidates = extract_candidates(text, said_on=SAID_ON)
    by_quote = {c.quote: c.speaker for c in candidates}
    assert by_quote["我还认为两三年内会出现新的范式。"] == "姜大昕"
    assert by_quote["我认为明年视频生成会大规模商用。"] == "朱军"


def test_a_guest_labelled_by_the_given_name_the_host_addresses_is_a_speaker():
    text = (
        "张鹏：朱军老师怎么看明年？\n\n朱军：我认为明年视频生成会大规模商用。\n\n张鹏：大昕怎么看？\n\n"
        "大昕：我觉得未来三年多模态模型会成为主流。\n\n张鹏：请植麟说说。\n\n植麟：我们明年会推出新的模型。\n\n张鹏：好。"
    )
    candidates = extract_candidates(text, said_on=SAID_ON)
    assert [c.speaker for c in candidates][1:] == ["朱军", "大昕", "植麟"]
    assert all("：" not in c.quote for c in candidates)
    # ...a word nobody is asked by is no label
    text = "张鹏：朱军老师怎么看？\n\n朱军：我认为明年视频生成会普及。\n\n技术：未来三年多模态会成为主流，技术怎么看都重要。\n\n张鹏：好。"
    assert {c.speaker for c in extract_candidates(text, said_on=SAID_ON)} - {"张鹏"} == {"朱军"}


def test_a_dated_question_answered_in_words_that_propose_nothing_credits_the_answer():
    text = (
        "**《晚点》：今年给团队什么目标？**\n\n闫俊杰：技术上如何达到 GPT-4，产品上如何把用户规模翻十倍。\n\n"
        "**《晚点》：好。**\n\n闫俊杰：谢谢。"
    )
    [candidate] = extract_candidates(text, said_on=dt.date(2024, 4, 17))
    assert (candidate.speaker, candidate.quote) == (
        "闫俊杰",
        "技术上如何达到 GPT-4，产品上如何把用户规模翻十倍。",
    )
    assert (candidate.horizon_text, candidate.due_latest) == ("今年", dt.date(2024, 12, 31))
    # ...an answer that forecasts by itself is dated by the question, which stays as its duplicate
    text = "主持人：三年后会怎样？\n\n张伟：我认为机器人会走进家庭。\n\n主持人：好。"
    found = [
        (c.speaker, c.due_latest, c.duplicate_of)
        for c in extract_candidates(text, said_on=dt.date(2024, 4, 17))
    ]
    assert found == [("张伟", dt.date(2027, 4, 17), 1), ("张伟", dt.date(2027, 4, 17), None)]


def test_a_forecast_the_host_states_before_asking_is_the_host_s():
    text = (
        "云锋：今年Nreal将在中国市场发力，对公司来说现阶段需要完成的重要目标是什么？\n"
        "徐驰：我们在每个国家都是致力于打造一套端到端的体验，而不光是售卖眼镜。\n"
        "云锋：好。\n徐驰：谢谢。\n"
    )
    [candidate] = extract_candidates(text, said_on=dt.date(2022, 3, 9))
    assert (candidate.speaker, candidate.quote) == ("云锋", "今年Nreal将在中国市场发力")
    assert candidate.due_latest == dt.date(2022, 12, 31)


def test_a_full_name_with_and_without_its_middle_initial_is_one_name():
    text = (
        "本文整理自一场圆桌，由**Peter H. Diamandis**主持。\n\n"
        "* 主持人：彼得·戴曼迪斯（Peter Diamandis）是XPRIZE基金会的创始人。\n\n"
        "**Diamandis：** 每个行业都将发生转型。\n\n**Eric Schmidt：** 我同意。\n\n"
        "**Diamandis：** 谢谢。\n"
    )
    assert {n for n, _ in named(text)} >= {"Peter H. Diamandis", "Eric Schmidt"}
    [candidate] = [c for c in extract_candidates(text, said_on=SAID_ON) if "转型" in c.quote]
    assert candidate.speaker == "Peter H. Diamandis"


def test_the_asker_saying_back_the_other_s_forecast_credits_the_other():
    text = (
        "**Rob Wiblin:** So I don't think that you believe we're likely to have an AI pandemic in 2026.\n\n"
        "**Richard Moulange:** You're right: I don't think there's going to be one in 2026.\n\n"
        "**Rob Wiblin:** And I think AI will change biology labs within five years.\n\n"
        "**Richard Moulange:** Maybe.\n"
    )
    speakers = [(c.speaker, c.quote[:12]) for c in extract_candidates(text, said_on=dt.date(2026, 1, 16))]
    assert ("Richard Moulange", "So I don't t") in speakers  # the guest's view, said back to him
    assert ("Rob Wiblin", "And I think ") in speakers  # the host's own forecast stays his


def test_a_title_before_a_surname_is_no_fuller_name_for_the_label():
    # A debate addresses its speakers by title and surname; the labels are the surnames.
    text = (
        "CAVUTO: Governor Kasich, will you balance the budget? Governor Andrew Cuomo proposed a wage.\n"
        "KASICH: We will get to a balanced budget.\n"
        "CAVUTO: Senator Cruz?\n"
        "CRUZ: The economy will grow.\n"
        "CAVUTO: And you, Mr. Cuomo?\n"
        "CUOMO: Wages will rise.\n"
    ) * 2
    assert {label: name for name, label in named(text)} == {
        "CAVUTO": "CAVUTO",
        "KASICH": "KASICH",
        "CRUZ": "CRUZ",
        "CUOMO": "Andrew Cuomo",
    }


def test_a_first_name_label_resolves_to_a_full_name_with_accented_letters() -> None:
    text = (
        "* Spotify 的联合总裁 Gustav Söderström，以及 Arc 的 Josh Miller。\n\n"
        "**Gustav**：我认为很多面向消费者的公司将会变成面向智能体的公司。\n"
    )
    [candidate] = extract_candidates(text, said_on=dt.date(2024, 5, 13))
    assert candidate.speaker == "Gustav Söderström"


def test_a_headline_set_as_a_markdown_heading_is_no_turn_whoever_speaks_below_it() -> None:
    text = (
        "对话某科技 CEO 周健：聊聊 AI Agent 的未来\n"
        "============================\n\n"
        "周健认为，AI Agent 将改变传统业务流程。\n\n"
        "**有新Newin：** 你怎么看今年？\n\n"
        "**周健：** 我认为明年企业都会用上 Agent。\n"
    )
    labels = [label for label in find_labels(text) if label.name]
    assert labels and all(label.start > text.index("====") for label in labels)
    lead = next(c for c in extract_candidates(text, said_on=SAID_ON) if c.quote.startswith("周健认为"))
    assert lead.speaker is None  # the editor's lead, before the first turn


def test_a_web_pages_bold_paragraph_heads_a_turn_as_markdown_bold_does():
    # A transcript kept as its page's HTML: "<p><strong>Name</strong></p>" over each turn, and a
    # "<p><strong>Name:</strong> …" label at the start of a paragraph.
    text = (
        "<p><strong>David Roberts</strong></p>\n<p>So where do battery prices go from here?</p>\n"
        "<p><strong>Dave Jones</strong></p>\n<p>They are going to keep falling very fast.</p>\n"
        "<p><strong>David Roberts</strong></p>\n<p>And gas?</p>\n"
        "<p><strong>Kostantsa Rangelova:</strong> Gas prices will keep going up.</p>\n"
        "<p><strong>Dave Jones</strong></p>\n<p>I agree.</p>\n"
        "<p><strong>Kostantsa Rangelova:</strong> Thanks.</p>\n"
    )
    assert [n for n, _ in named(text)] == [
        "David Roberts", "Dave Jones", "David Roberts", "Kostantsa Rangelova", "Dave Jones", "Kostantsa Rangelova"
    ]  # fmt: skip
    assert credited(text) == [
        ("Dave Jones", "They are going to keep falling very fast."),
        ("Kostantsa Rangelova", "Gas prices will keep going up."),
    ]


def test_a_dated_question_followed_only_by_more_questions_is_the_answerers():
    # The host asks about next year, then asks once more; the time is handed to the one who answers.
    text = (
        "**主持人比尔：** AMD在未来一年内，在AI收入方面会取得多大的成功？他们可能会在哪些插槽上获得成功？\n\n"
        "**迪伦·帕特尔：**\n是的，我认为他们在微软那里的成功会比今年少得多。\n\n"
        "**主持人比尔：** 我们这个行业经历了辉煌的两年。你怎么看？\n\n"
        "**迪伦·帕特尔：** 我认为会继续好下去。\n"
    )
    [question, answer, *_] = extract_candidates(text, said_on=dt.date(2024, 12, 23))
    assert question.quote == "AMD在未来一年内，在AI收入方面会取得多大的成功？"
    assert (question.speaker, question.due_latest) == ("迪伦·帕特尔", dt.date(2025, 12, 23))
    assert answer.speaker == "迪伦·帕特尔"


def test_a_name_set_as_a_heading_over_its_turn_is_a_label_as_a_role_is():
    # An office's transcript: "### 問：" and "### 唐鳳：" alone on their lines, the turn below.
    text = (
        "# 2022-09-21 經濟日報專訪\n\n### 問：\n數位發展部最急著做的三件事會是什麼？\n\n"
        "### 唐鳳：\n我們未來也會有相關的政策，讓這些廠商可以有幫忙的地方。\n\n"
        "### 問：\n那時程呢？\n\n### 唐鳳：\n所以應該是大概下個月，會再有第二次會議。\n"
    )
    assert [n for n, _ in named(text)] == ["問", "唐鳳", "問", "唐鳳"]
    assert {c.speaker for c in extract_candidates(text, said_on=dt.date(2022, 9, 21))} == {"唐鳳"}
    # ...but a heading's own title with a colon stays a heading.
    assert named("#### One year: Agents fail to happen\n\nAgents will fail again.\n") == []


def test_an_official_transcripts_capitalised_honorific_is_no_part_of_the_name():
    text = (
        "MR. DE HARO: Pierre-Olivier, what do you expect for Spain?\n\n"
        "MR. GOURINCHAS: We are expecting growth in 2026 to be at 2.3 percent.\n\n"
        "MS. BROOKS: And inflation is expected to go to 0.8 percent in 2026.\n\n"
        "MR. DE HARO: Thank you. Petya?\n\n"
        "MS. BROOKS: Growth is expected to pick up in 2027.\n\n"
        "MR. GOURINCHAS: I agree.\n"
    )
    assert [n for n, _ in named(text)] == [
        "DE HARO",
        "GOURINCHAS",
        "BROOKS",
        "DE HARO",
        "BROOKS",
        "GOURINCHAS",
    ]


def test_a_name_in_capitals_and_a_full_stop_is_a_label():
    # The Federal Reserve's press conference transcripts set every turn this way.
    text = (
        "SCOTT HORSLEY. Thank you, Mr. Chairman. Will you cut again?\n\n"
        "CHAIR POWELL. Well, I think the economy will keep growing this year.\n\n"
        "DON LEE. Thank you. Don Lee with the Los Angeles Times.\n\n"
        "CHAIR POWELL. We will act as appropriate.\n"
    )
    assert [n for n, _ in named(text)] == ["SCOTT HORSLEY", "CHAIR POWELL", "DON LEE", "CHAIR POWELL"]
    assert credited(text) == [
        ("CHAIR POWELL", "Well, I think the economy will keep growing this year."),
        ("CHAIR POWELL", "We will act as appropriate."),
    ]


def test_a_word_in_capitals_and_a_full_stop_is_not_a_label():
    text = "OK. So we will see.\n\nNO. It will not happen.\n\nOK. Fine.\n\nNO. Never.\n"
    assert named(text) == []


def test_a_surname_in_capitals_is_the_full_name_after_a_title():
    # A White House briefing: the page's title and the introduction give the full names, with
    # a title before them ("Press Secretary", "Director"), which is no part of them.
    text = (
        "Press Briefing by Press Secretary Karine Jean-Pierre and Director Shalanda Young\n\n"
        "MS. JEAN-PIERRE: Good afternoon. Here is the Budget Director, Shalanda Young.\n\n"
        "MS. YOUNG: Thank you. This deal will protect our legislative achievements.\n\n"
        "Q Thanks. Director Young, when will the House vote?\n\n"
        "MS. YOUNG: The House will vote tomorrow.\n\n"
        "Q And will the Senate vote this week?\n\n"
        "MS. JEAN-PIERRE: The agreement will do the following.\n"
    )
    assert [n for n, _ in named(text)] == [
        "Karine Jean-Pierre",
        "Shalanda Young",
        "Q",
        "Shalanda Young",
        "Q",
        "Karine Jean-Pierre",
    ]


def test_a_reporters_q_without_a_colon_is_a_label_where_it_recurs():
    text = (
        "MS. YOUNG: The deal will pass.\n\n"
        "Q Thanks. Will the House vote tomorrow?\n\n"
        "MS. YOUNG: It will.\n\n"
        "Q Republicans say 700,000 people will lose benefits.\n"
    )
    assert [n for n, _ in named(text)] == ["YOUNG", "Q", "YOUNG", "Q"]
    once = "MS. YOUNG: The deal will pass.\n\nQ Thanks. Will the House vote?\n\nMS. YOUNG: It will.\n"
    assert [n for n, _ in named(once)] == ["YOUNG", "YOUNG"]


def test_a_transliterated_surname_is_the_full_name_the_text_gives():
    # A translated conversation introduces both guests in one phrase, then labels them by surname.
    text = (
        "本文整理自**Microsoft AI CEO 穆斯塔法·苏莱曼和里德·霍夫曼**的对话。\n\n"
        "**霍夫曼：** 模型会继续变好吗？\n\n"
        "**苏莱曼：** 我认为未来三年模型的进步不会放缓。\n\n"
        "**霍夫曼：** 我们将在未来几年做到这一点。\n\n"
        "**苏莱曼：** 是的。\n"
    )
    assert [n for n, _ in named(text)] == ["里德·霍夫曼", "穆斯塔法·苏莱曼"] * 2


def test_labels_indented_with_ideographic_spaces_and_analysts_named_by_firm():
    # A Chinese news site's transcript of an English results call: every paragraph indented with
    # U+3000, the analysts named by firm and title, a stock quote after some firms.
    text = (
        "　　以下是电话会议实录：\n\n"
        "　　摩根士丹利(92.83, 0.27, 0.29%)分析师Keith Weiss：今年资本支出会增加多少？\n\n"
        "　　萨提亚·纳德拉：我认为这种趋势会持续向前发展。\n\n"
        "　　杰弗瑞分析师Brent Thill：需求环境会改善吗？\n\n"
        "　　艾米·胡德：我们预计第四财季营收将继续增长。\n\n"
        "　　萨提亚·纳德拉：未来我们会继续投资。\n\n"
        "　　艾米·胡德：是的。\n"
    )
    assert [n for n, _ in named(text)] == [
        "Keith Weiss",
        "萨提亚·纳德拉",
        "Brent Thill",
        "艾米·胡德",
        "萨提亚·纳德拉",
        "艾米·胡德",
    ]


def test_a_call_transcript_heads_each_turn_with_name_and_title_after_dashes():
    # As the earnings-call transcripts of news sites set them: the name, dashes, the job and firm
    # on a line of its own; "Operator" alone on its line is the call's host.
    text = (
        "Operator\n\nOur first question comes from John Smith with Morgan Stanley.\n\n"
        "John Smith -- Morgan Stanley -- Analyst\n\nWill margins improve next year?\n\n"
        "Jane Doe -- Chief Executive Officer\n\nWe expect margins to reach 40% in 2026.\n\n"
        "Operator\n\nThe next question comes from Ann Lee.\n"
    )
    assert [n for n, _ in named(text)] == ["Operator", "John Smith", "Jane Doe", "Operator"]
    assert ("Jane Doe", "We expect margins to reach 40% in 2026.") in credited(text)


def test_a_sentence_with_dashes_is_no_name_and_title():
    text = "Jane Doe — I think it will work next year.\nJohn Smith — And it will sell in 2026.\n"
    assert_nobody_speaks(text)


def test_a_hearings_q_and_a_with_full_stops_are_labels_where_they_recur():
    text = (
        "Q. Will rates fall?\nA. I think rates will fall next year.\n"
        "Q. And prices?\nA. Prices will rise in 2026.\n"
    )
    assert [n for n, _ in named(text)] == ["Q", "A", "Q", "A"]
    assert ("A", "Prices will rise in 2026.") in credited(text)
    assert_nobody_speaks("A. Smith wrote that prices will rise in 2026.\n")


def test_a_name_a_dash_and_a_time_code_head_a_turn_on_the_next_line():
    text = (
        "Jane Doe - 00:01:23\nI think inflation will fall next year.\n\n"
        "John Smith - 00:02:10\nWe will open plants in 2026.\n\n"
        "Jane Doe - 00:03:00\nRates will be cut in 2026.\n"
    )
    assert [n for n, _ in named(text)] == ["Jane Doe", "John Smith", "Jane Doe"]
