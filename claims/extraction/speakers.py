"""Who is speaking, from the transcript's own labels.

Transcripts mark turns in many ways: `**Sam Altman：**`, `**张伟**：`, `SA:`, `主持人：`,
`**主持人Kevin Wheel：**`, `张伟:`, `CEO张伟：`, `李开复（创新工场）：`, `Host:`, `Interviewer:`,
a name alone on its line with the words below it, and sometimes a label wrapped over two lines
(`Sam\\nAltman：`). A label starts a line; everything after it, up to the next label or the next
Markdown heading, is that speaker's. Text before any label (an article's introduction) and texts
without labels have no speaker: nothing is guessed.

A "word:" at the start of a line is a label when the word is a role (主持人, 记者, Host, Q), a
full Latin name, or bold; a shorter or Chinese word (张伟, 李开复, JD, Kevin) when it looks like a
name (a Chinese surname, a transliteration with ·, a title before it) and speech follows it, or
when the transcript uses it as a label more than once. That keeps header lines such as
"发布时间: 2024-10-07", "文章作者: AI深度研究员" and "Note: …" out.

Names are given as the transcript introduced them: a title is dropped (CEO张伟 -> 张伟), initials
become the full name they stand for (JD -> Jane Doe, after "Jane Doe:" or a mention of Jane Doe),
and a role label becomes the one name the transcript gave that role (主持人 -> Kevin Wheel after
"主持人Kevin Wheel："). The label's own words are in `Label.label`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claims.regexes import guarded

__all__ = ["Label", "find_labels", "paragraph_heading_marks", "is_paragraph", "speaker_at"]

_ROLE_ZH = r"(?:主持人|解说|旁白|画外音|解說|畫外音|嘉宾|主讲人|记者|观众|提问者|听众|问|答|主持|采访者|受访者|嘉賓|記者|觀眾|聽眾|問|答)"
_ROLE_EN = (
    r"(?:Host|Co-?host|Interviewer|Moderator|Narrator|Announcer|Audience(?:\s+[Mm]ember)?|Questioner|Question|Answer"
    r"|Guest|Speaker|Participant|Panelist|Reporter|Q|A"
    # ...as caption and machine transcripts write them: "SPEAKER 1:", "MODERATOR:".
    r"|HOST|CO-?HOST|INTERVIEWER|MODERATOR|NARRATOR|ANNOUNCER|AUDIENCE(?:\s+MEMBER)?|QUESTIONER|QUESTION|ANSWER"
    r"|GUEST|SPEAKER|PARTICIPANT|PANELIST|REPORTER"
    # ...and the conference call's: "Operator" alone on its line or before a colon.
    r"|Operator|OPERATOR)\b"
)
_ROLE = rf"(?:{_ROLE_ZH}|{_ROLE_EN})"
# Roles that may stand before a name ("主持人Kevin Wheel", "Host Jane Doe"); not 问, 答, Q or A,
# which begin ordinary words (问题, Quincy).
_ROLE_BEFORE_NAME = (
    r"(?:主持人|嘉宾|主讲人|记者|观众|提问者|采访者|受访者|嘉賓|記者|觀眾"
    r"|(?:Host|Co-?host|Interviewer|Moderator|Guest|Speaker|Panelist|Reporter"
    r"|HOST|INTERVIEWER|MODERATOR|GUEST|SPEAKER|PANELIST|REPORTER)\b)"
)
# A numbered or lettered role is a role too ("观众1", "Speaker 2", "Speaker B", "Guest A").
_ROLE_ONLY = re.compile(rf"{_ROLE}(?:[ \t]*(?:[0-9]{{1,3}}|[A-Z](?![A-Za-z])))?")
# A time code before or after a label ("00:08 Speaker B", "Andy Sack (00:02)"): where the
# recording is, not part of the name.
_TIMESTAMP = r"[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}[)\]]?"
# ...or the stretch of it a turn spans, in parentheses after the name: "Dario Amodei (00:25:47 - 00:26:42):".
_TIME_RANGE = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[ \t]*[-–—~][ \t]*(?:\d{1,2}:)?\d{1,2}:\d{2})?"
# Titles that may stand before a name ("CEO张伟", "Dr. Jane Doe", "OpenAI CEO Sam Altman").
_TITLE_ZH = (
    r"(?:CEO|CTO|COO|CFO|CPO|首席执行官|首席技术官|首席科学家|创始人|联合创始人|董事长|总裁|总经理|副总裁|"
    r"教授|博士|研究员|院士|分析师|主编|作者|创办人|執行長|創始人|董事長|總裁)"
)
# ...in capitals too, as official transcripts write their labels ("MR. GOURINCHAS:", "MS. BROOKS:").
_TITLE_EN = (
    r"(?:Dr\.?|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|DR\.|PROF\.|MR\.|MRS\.|MS\.|Sir|CEO|CTO|President|Senator|Rep\.|Governor|Gov\."
    r"|Secretary|Director|Chair|Chairman|Chairwoman|Mayor|Judge|General|Congressman|Congresswoman)"
)
_LATIN_WORD = r"[A-Z][A-Za-z.'’-]*"
_LATIN_NAME = rf"{_LATIN_WORD}(?:[ \t]*\n?[ \t]*{_LATIN_WORD}){{0,3}}"
_HAN = r"[\u3400-\u9fff]"
# The usual Chinese surnames (single and double): a two- to four-character label starting with
# one of these and followed by speech is taken for a name.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇"
    "桑郎甄丛仲虞敖巩明佘池查麻苑迟邝張劉陳楊黃趙吳許韓馮鄧曾蕭董葉蘇魏呂沈盧鍾譚陸範賈韋鄒孫馬朱胡鄭"
    "羅謝宋唐錢龔顧賀龍湯溫嚴齊喬聶莊魯岳"
)
_COMPOUND_SURNAMES = (
    "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|宇文|长孙|夏侯|轩辕|端木|独孤|南宫|歐陽|司馬"
)
_CHINESE_NAME = re.compile(rf"(?:(?:{_COMPOUND_SURNAMES}){_HAN}{{1,2}}|[{_SURNAMES}]{_HAN}{{1,2}})")
# A transliterated name: 萨姆·奥特曼, 埃隆・马斯克.
_TRANSLITERATED = re.compile(rf"{_HAN}{{1,6}}[·・•‧]{_HAN}{{1,8}}")
# Header keys: never speakers however often they recur ("发布时间", "原文链接", "Note", "Source").
_HEADER_WORDS = re.compile(
    r"(?:作者|来源|时间|链接|编辑|日期|地址|地点|标题|关键词|摘要|导语|注|备注|原文|封面|图片|图|图表|表|视频|音频|出处|责编|"
    r"翻译|校对|策划|整理|声明|版权|发布|更新|主题|简介|提示|问题|答案|结论|总结|要点|背景|目录|附录|参考|网址|"
    r"公众号|邮箱|电话|微信|价格|方法|步骤|结果|目标|任务|原因|定义|特点|优势|挑战|风险|影响|建议|观点|核心|"
    r"第[一二三四五六七八九十0-9]+[部分章节点条步]|[一二三四五六七八九十]+)$"
    # ...the common nouns a speaker leads a point with that begin like a surname ("成本：", "安全："),
    # as whole words only (张安全 is a name)...
    r"|^(?:成本|安全|方向|方案|路径|路线|周期|程度|关系|金融|文化|管理|高度|季度)$"
    r"|^(?:Note|Notes|Source|Sources|Update|Updated|Edit|Editor'?s\s+note|Summary|Transcript|Disclaimer|Related"
    r"|Posted|Published|Tags?|Photo|Credit|Image|Title|Date|Location|Time|Warning|Example|Step|Read\s+more|TL;?DR"
    r"|PS|P\.S\.|Why|How|What|Bottom\s+line|Key\s+takeaways?|Takeaways?|Background|Context|Update\s+\d+|Chapter"
    r"|Part|Section|Figure|Table|Listen|Watch|Subscribe|Share|Contents|Agenda|Topics?|Keywords?|Abstract"
    # A caption file's header: "WEBVTT", "Kind: captions", "Language: en".
    r"|WEBVTT(?:\s+\w+)*|Kind|Language)$",
    re.IGNORECASE,
)


def is_header_key(word: str) -> bool:
    """Whether `word` before a colon is a header's key ("来源", "摘要", "Source"), nobody's name."""
    return _HEADER_WORDS.search(word) is not None


_NOT_SPEECH = re.compile(r"\s*(?:https?://|www\.|\d[\d\s:./-]*$|$)")
# A line with no sentence in it: empty, or a title without a terminator.
_TITLE_LINE = re.compile(r"[*_ \t]*(?:[^。！？!?.\n]{0,80}?)[*_ \t]*")

# Markdown bold, or a web page's: "<p><strong>David Roberts</strong></p>" heads a turn as
# "**David Roberts**" does.
# ...and italics, as some transcripts set their labels: "*Jane Doe:*".
_BOLD = r"(?:\*{1,4}|__|</?(?:strong|b|em|i)>)"
# A guest's affiliation as a news page writes it after a bold name, linked and long:
# "**黄民烈** （[聆心智能](https://36kr.com/project/…)创始人。自然语言处理…）：".
_LONG_NOTE = r"[(（](?:[^()（）\n:：\[\]]|\[[^\]\n]{1,40}\]\((?:https?://|/)[^()\s]{1,300}\)){1,120}[)）]"
# A list or section mark before a label, as WeChat articles and Markdown write them: "■张伟：",
# "▲主持人：", "——张伟：", "- Host:", "> 张伟：", "### 张伟" (a bullet, quote or heading mark only with a space after it).
_LEAD = r"(?:[■□▲△▼▽●○◆◇★☆▶►▷•◎※]+|——?|--|[-+>](?=[ \t])|#{1,6}(?=[ \t])|\*(?=[ \t])|<p(?:[ \t][^>\n]{0,100})?>)[ \t]*"
# A job or firm in title case, its small words included: "Chief Executive Officer", "Senior Vice
# President and CFO", "Analyst, Morgan Stanley".
_TITLE_WORD_CASED = r"(?:[A-Z][\w.&'’/-]*|of|and|the|for|at|&)"
_TITLE_WORDS = rf"[A-Z][\w.&'’/-]*(?:,?[ \t]+{_TITLE_WORD_CASED}){{0,9}}"
# A WebVTT voice tag opens a caption's turn: "<v Jane Doe>", "<v.loud Jane Doe>".
_VOICE = r"<v(?:\.[\w.-]+)?[ \t]+(?P<voice_name>[^<>\n]{1,40}?)[ \t]*>"
_CANDIDATE = re.compile(
    rf"^[ \t\u3000]*(?:{_LEAD})?(?:{_TIMESTAMP}[ \t]+)?(?:"
    # Bold: anything short and colon-free between the markers, the colon inside or after them.
    rf"(?P<bold>{_BOLD})[ \t]*(?P<bold_name>[^\n*_:：]{{1,30}}?)[ \t]*(?:[:：][ \t]*{_BOLD}|{_BOLD}[ \t]*[:：]"
    # ...or the organisation in parentheses after the bold name: "**杨植麟**（月之暗面）：".
    rf"|{_BOLD}(?P<bold_note>[ \t]*(?:[(（](?:{_TIME_RANGE}|[^)）\n:：]{{1,30}})[)）]|{_LONG_NOTE}))[ \t]*[:：；])"
    # Bold over the whole turn, the label inside it: "**人民日报：您这两年…？**".
    rf"|(?P<open>{_BOLD})[ \t]*(?P<open_name>{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{1,3}}|[^\n*_:：\s]{{1,20}}?)"
    rf"[ \t]*[:：](?![ \t]*(?:{_BOLD}|\n|$))"
    # A name in lenticular or square brackets, the colon optional: "【张鹏】：", "【主持人】",
    # "[张伟]" (not a Markdown link's "[text](url)").
    r"|[【\[][ \t]*(?P<bracket_name>[^\n【】\[\]:：]{1,20}?)[ \t]*[】\]](?![(\[])(?:[ \t]*[:：])?"
    # A broadcast transcript's name, a comma and the speaker's title in capitals: "WENDY HALL,
    # PROFESSOR OF COMPUTER SCIENCE:", "NICK WATT, CNN CORRESPONDENT (voice over):"; or as a call's
    # transcript writes it, in title case: "Jane Doe, Chief Executive Officer:", "John Smith,
    # Analyst, Morgan Stanley:".
    rf"|(?P<caps_name>{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{1,3}}),[ \t]*"
    rf"(?P<caps_title>(?:[A-Z0-9\"“”'’&.,/ \t-]{{2,80}}?|{_TITLE_WORDS})(?:[ \t]*\([^()\n:：]{{1,30}}\))?)[ \t]*[:：](?!//)"
    # A Chinese transcript of an English call names each analyst by firm: "杰弗瑞分析师Brent Thill：",
    # "瑞银(27.38, -0.11, -0.40%)分析师Karl Keirstead：" (a finance site's quote after the firm).
    rf"|[^\n:：]{{1,40}}?分析[师師][ \t]*(?P<titled_latin>[A-Z][a-z]+(?:[ \t][A-Z][a-z'’-]+){{1,2}})[ \t]*[:：]"
    rf"|{_VOICE}"
    # The reporter's "Q" with no colon, as the White House and the State Department write it:
    # "Q Thanks. Director Young, when…" (a label only where it recurs, see _accept).
    # ...and "Q." and "A.", as hearings and depositions write them.
    r"|(?P<q_mark>Q|(?<![^\s>*])[QA](?=\.))\.?(?=[ \t]+[A-Z\"“‘(])"
    # A name in capitals and a full stop, as the Federal Reserve's and Congress's transcripts set
    # every turn: "CHAIR POWELL. Well, I think…", "SCOTT HORSLEY. Thank you." Two words at least:
    # one ("OK.", "NO.") is a word said in capitals.
    r"|(?P<period_name>[A-Z][A-Z'’-]+\.?(?:[ \t]+[A-Z][A-Z'’-]+\.?){0,2}[ \t]+[A-Z][A-Z'’-]+)\.(?=[ \t]+\S)"
    # Plain: a short run of words and the colon (not a URL's "://").
    # (A bar between spaces sets off the title: "张伟 | CEO：".)
    rf"|(?P<plain_name>(?:{_LATIN_NAME}|[^\s:：*#>|\[\]()（）]{{1,20}}?(?:[ \t\u3000]+(?:\||[^\s:：*#>|\[\]]{{1,20}})){{0,3}}?)"
    rf"(?:[ \t]*[(（](?:{_TIME_RANGE}|[^)）\n:：]{{1,30}})[)）]|[ \t]*\[{_TIME_RANGE}\])?)"
    # ...not the colon of a time code after a name ("Andy Sack (00:02)").
    r"[ \t]*(?<![(\[]\d)(?<![(\[]\d\d)[:：](?!//)"
    r")[ \t]*",
    re.MULTILINE,
)
# A name alone on its line, the turn on the lines below ("张伟\n我认为…", "**Jane Doe**\n…").
_OWN_LINE = re.compile(
    rf"^[ \t\u3000]*(?:{_LEAD})?(?:{_TIMESTAMP}[ \t]+)?(?:{_BOLD}[ \t]*)?"
    rf"(?P<name>(?:{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{0,3}}|{_HAN}{{2,12}}(?:[·・]{_HAN}{{1,8}})?)"
    # ...with the speaker's title or organisation after it: "张伟（远山科技创始人）".
    r"(?:[ \t]*[(（][^)）\n:：]{1,30}[)）])?)"
    # ...or the title and firm after dashes, as call transcripts head every turn: "Jane Doe --
    # Chief Executive Officer", "John Smith -- Morgan Stanley -- Analyst".
    rf"(?P<dash_title>(?:[ \t]+(?:--|–|—)[ \t]+{_TITLE_WORDS}){{1,3}})?"
    # ...the turn on the next line, or after one blank line ("**张鹏**\n\n各位怎么看？").
    # ...and the time code after it, inside the bold or out: "**Jaime 33:34**", "**Fin** 32:55".
    rf"(?:[ \t]+(?:[-–—][ \t]+)?{_TIMESTAMP})?(?:[ \t]*{_BOLD})?(?:[ \t]+{_TIMESTAMP})?(?:[ \t]*</p>)?[ \t]*\n(?:[ \t]*\n)?"
    r"(?=[ \t]*[^\s#*>|-])",
    re.MULTILINE,
)
# A Markdown heading, a chapter line of a video or podcast ("7. 52:25 - New Fed Chairman…",
# "12:05 – Why agents") or a numbered question of a panel's write-up ("**Q2.当下是否到了…？**"):
# the editor's, and the end of the turn above it.
_HEADING = re.compile(
    rf"^[ \t]*(?:#|(?:\d{{1,3}}\.[ \t]+)?{_TIMESTAMP}[ \t]+[-–—][ \t]+(?=\S)|(?:{_BOLD})?Q\d{{1,2}}[.．、])",
    re.MULTILINE,
)
_OWN_LINE_STYLE = "\0own-line"  # a key of the label counts no name can be
# A Latin title is a word of its own: COOPER is a name, not COO before PER.
_ROLE_PREFIX = re.compile(
    rf"^(?:{_ROLE_BEFORE_NAME}|{_TITLE_ZH}(?![A-Za-z])|(?:{_TITLE_EN}[ \t]+)+)[ \t]*(?=\S)"
)
# Discourse markers and reporting clauses that stand before a colon like a label ("例如：",
# "他说：", "Altman表示："), and so may recur, but are nobody's name.
_NOT_A_NAME = re.compile(
    r"(?:例如|比如|比如说|首先|其次|然后|另外|此外|最后|总之|因此|所以|但是|不过|同时|也就是说|换句话说|简单来说|"
    r"总的来说|具体来说|一方面|另一方面|注意|重点|关键|例子|案例|场景|原话|译文|英文|中文|说|表示|指出|认为|提到|"
    r"强调|回答|问道|写道|称|坦言|透露|解释|补充|谈到|直言|介绍|感叹|举例)$"
    # A numbered section's title ("二、生成式人工智能：是炒作还是真正的变革？"), however often it recurs.
    r"|^[一二三四五六七八九十]+、"
)


_QUOTE_MARK = re.compile(r"[ \t]*>")
# A list item's bullet (not a section mark such as ■ or ▲, which WeChat interviews put before
# every turn of several paragraphs).
_LIST_ITEM = re.compile(r"[ \t]*(?:[•·‧∙◦▪●○]|[-+*](?=[ \t]))")


def _may_be_a_given_name(found: _Found) -> bool:
    return bool(
        found.speech
        and not found.own_line
        and re.fullmatch(rf"{_HAN}{{2,3}}", found.name)
        and not is_header_key(found.name)
        and not _NOT_A_NAME.search(found.raw)
    )


def _addressed(name: str, text: str) -> bool:
    """Whether `text` asks `name` something: "请植麟说说", or a question that starts with the name
    ("…。大昕怎么看？")."""
    return (
        re.search(
            rf"(?:请|问问|问一下){name}|(?:^|[：:。？！?!]\s*){name}[，,]?[^\n。！？?]{{0,30}}[？?]",
            text,
            re.M,
        )
        is not None
    )


def _first_line_end(text: str, position: int) -> int:
    """The end of the first line at or after `position` that holds more than spaces."""
    while True:
        end = text.find("\n", position)
        if end < 0:
            return len(text)
        if text[position:end].strip():
            return end
        position = end + 1


# Words of someone speaking to an audience, not of a profile: 我, 我们, 你, 大家, I, we, you.
_SPOKEN = re.compile(r"我|咱们|你|您|大家|各位|\b(?:I|I'm|I'd|we|we're|you)\b")
_PAREN_SUFFIX = re.compile(rf"[ \t]*(?:[(（][^)）]{{1,30}}[)）]|{_LONG_NOTE}|\[{_TIME_RANGE}\])$")
_INITIALS = re.compile(r"[A-Z]{2,4}")
_ACRONYMS = frozenset(
    [
        "AI",
        "AGI",
        "ASI",
        "API",
        "FAQ",
        "TLDR",
        "PS",
        "NB",
        "FYI",
        "OK",
        "CEO",
        "CTO",
        "CFO",
        "URL",
        "USA",
        "UK",
        "EU",
        "UN",
        "GPT",
        "LLM",
        "IPO",
        "GDP",
        "TBD",
        "TBA",
        "ETA",
        "NOTE",
        "EDIT",
    ]
)
# Latin letters with their accented forms: "Gustav Söderström", "José Núñez".
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_LATIN_FULL_NAME = re.compile(
    # ...with a middle initial or not: "Peter H. Diamandis".
    # ...and a longer run of capitalised words, where a title inside it starts the name: "Press
    # Secretary Karine Jean-Pierre".
    rf"(?<![{_UPPER}{_LOWER}])[{_UPPER}][{_LOWER}]+(?:[ ][{_UPPER}]\.)?(?:[ -][{_UPPER}][{_LOWER}]+){{1,4}}"
    rf"(?![{_UPPER}{_LOWER}])"
)
_TITLE_WORD = re.compile(rf"(?<![^ -]){_TITLE_EN}[ \t]+")


def _full_names_mentioned(text: str) -> Iterator[str]:
    """The full names the text mentions, without a title before them: "Governor Kasich" is a
    title and a surname, no fuller name for "KASICH:"; "Governor Andrew Cuomo" is Andrew Cuomo,
    and so is "Press Secretary Karine Jean-Pierre" Karine Jean-Pierre."""
    for m in _LATIN_FULL_NAME.finditer(text):
        name = m.group()
        titles = list(_TITLE_WORD.finditer(name))
        if titles:
            name = name[titles[-1].end() :]
            if " " in name or "-" in name:
                yield name
        elif name.count(" ") <= 2:
            yield name  # four words and more with no title are a name of something else


@dataclass(frozen=True, slots=True)
class Label:
    start: int
    end: int  # just past the label and the spaces after it: the turn's text starts here
    name: str | None  # None marks a heading, which ends the previous speaker's turn
    label: str = ""  # the label's own words ("SA", "CEO张伟")


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    raw: str
    name: str
    strong: bool  # bold, a role or a full Latin name: a label wherever it stands
    speech: bool  # what follows reads like speech, not a header value
    own_line: bool = False  # a name alone on its line (the weakest form: it must recur)
    titled: bool = False  # nothing after it on its line but a title or nothing at all
    # In 【】, which also mark editors' tags (【编者按】, 【重磅】): a label only when it is a name.
    bracketed: bool = False
    bold: bool = False  # in Markdown bold: a label, or a speaker's emphasis ("**第一，推理能力：**")
    # The text's first line, words without a sentence end after the colon: a headline in the
    # "name: what they said" form ("呂本富:生產力…在未來十年都會有革命性變化"), unless the name speaks again.
    headline: bool = False


_SETEXT_UNDERLINE = re.compile(r"\n[ \t]*(?:=+|-{3,})[ \t]*(?:\n|$)")


def _underlined(text: str, position: int) -> bool:
    """Whether the line holding `position` is a setext heading: the next line is all = or -."""
    line_end = text.find("\n", position)
    return line_end >= 0 and _SETEXT_UNDERLINE.match(text, line_end) is not None


def find_labels(text: str) -> list[Label]:
    """Speaker labels and headings of `text`, in order of position."""
    found = [*_colon_labels(text), *_own_line_labels(text), *_inline_labels(text)]
    _cut_glued_names(found, text)
    counts = Counter(f.name for f in found)
    counts[_OWN_LINE_STYLE] = sum(1 for f in found if f.own_line)
    # Words of the full names the text gives ("Dario" of "Dario Amodei"): a bold "**Dario:**" names
    # him. Only a bold Latin word said once needs them.
    name_words: set[str] = set()
    if any(f.bold and counts[f.name] < 2 and re.fullmatch(_LATIN_WORD, f.name) for f in found):
        name_words = {w for name in _full_names_mentioned(text) for w in re.split(r"[ -]", name)}
        name_words |= {w for f in found if _is_full_latin_name(f.name) for w in f.name.split()}
    accepted = [f for f in found if _accept(f, counts, name_words)]
    # Part of a name already given ("奥特曼：" after "萨姆·奥特曼：", "张：" after "张伟："): a label too.
    parts = _name_parts(accepted, text, {f.name for f in found})
    taken = {id(f) for f in accepted}  # identity: two labels of one name are equal as values
    accepted += [f for f in found if f.name in parts and f.speech and id(f) not in taken]
    # A guest's given name as the label ("大昕：") where the host addresses the guest so ("大昕怎么看？",
    # "请植麟说说"): a label too, in a transcript that has others.
    if len(accepted) >= 2:
        taken = {id(f) for f in accepted}
        rest = [f for f in found if id(f) not in taken and _may_be_a_given_name(f)]
        addressed = {name for name in {f.name for f in rest} if _addressed(name, text)}
        accepted += [f for f in rest if f.name in addressed]
    accepted.sort(key=lambda f: f.start)
    names = _resolver(text, accepted, parts)
    # A name alone on its line where the same person's turns are marked with a colon label is a
    # caption or a mention ("朱军" under a photo inside another guest's turn), not a turn.
    with_colon = {names(f.name) for f in accepted if not f.own_line}
    accepted = [f for f in accepted if not (f.own_line and names(f.name) in with_colon)]
    turns = Counter(names(f.name) for f in accepted)
    if len(turns) >= 2 and max(turns.values()) < 2:
        # Several names, nobody speaking twice: no dialogue, unless the turns speak (a
        # roundtable's opening, where each guest answers once: "杨植麟\n我觉得…"). A name with a
        # colon and a title after it, or nothing, heads a section about that person ("胡延平
        # （DCCI）：", "邓永强：天使投资…").
        starts = [f.start for f in accepted] + [len(text)]
        accepted = [
            f
            for f, next_start in zip(accepted, starts[1:], strict=True)
            if not (f.titled or f.own_line)
            or _ROLE_ONLY.fullmatch(f.raw)
            or _SPOKEN.search(text, f.end, min(next_start, _first_line_end(text, f.end), f.end + 200))
        ]
    elif len(turns) == 1 and max(turns.values()) == 1:
        # One "name" once, over a line without a sentence end: a section title ("增长曲线:从实验室
        # 走向家门口", where 曲线 only looks like a name), not the one turn of a dialogue.
        accepted = [
            f for f in accepted if not (f.titled and not f.strong and not _ROLE_ONLY.fullmatch(f.raw))
        ]
    # A headline in the "name: what they said" form is the editor's, not a turn (after the rule
    # above, which counts it among the names of a report's sections).
    # ...and so is one set as a Markdown heading, underlined by === or ---, whoever speaks below it
    # ("深度｜对话澜码科技 CEO 周健：聊聊 AI Agent…" over "====").
    accepted = [
        f
        for f in accepted
        if not (f.headline and ((counts[f.name] < 2 and not f.strong) or _underlined(text, f.end)))
    ]
    marks = _marks_of_labelled_lines(text, [f.start for f in accepted])
    labels = [
        Label(m.start(), m.start(), None)
        for m in _HEADING.finditer(text)
        if not is_paragraph(text, m.start(), marks)
    ]
    labels += [Label(f.start, f.end, names(f.name), f.raw) for f in accepted]
    labels += _items_and_pull_quotes_end(text, accepted, names)
    labels.sort(key=lambda label: (label.start, label.name is not None))
    return labels


_HEADING_MARK = re.compile(r"[ \t]*(#{1,6})[ \t]")
# A sentence's end, not a numbered heading's dot ("### 1. Scaling laws won't cut it").
_SENTENCE_END = re.compile(r"[。！？!?…;；]|(?<=[^\d\s])\.(?:\s|$)")


def paragraph_heading_marks(text: str, labels: Sequence[Label]) -> frozenset[str]:
    """The heading marks a text sets its labelled turns in ("##### **林凡：** …", as WeChat pages
    saved by Cubox mark every paragraph): in such a text a line with that mark is a paragraph."""
    return _marks_of_labelled_lines(text, [label.start for label in labels if label.name])


def _marks_of_labelled_lines(text: str, starts: Sequence[int]) -> frozenset[str]:
    """Heading marks that set labelled turns (twice or more) or paragraphs (three times or more)."""
    marks = Counter(m.group(1) for at in starts if (m := _HEADING_MARK.match(text, at)))
    paragraphs = Counter(
        m.group(1) for m in _HEADING_LINE_MARK.finditer(text) if _reads_as_a_paragraph(text, m)
    )
    return frozenset(
        [mark for mark, count in marks.items() if count >= 2]
        + [mark for mark, n in paragraphs.items() if n >= 3]
    )


_HEADING_LINE_MARK = re.compile(r"^[ \t]*(#{1,6})[ \t]", re.MULTILINE)


def _reads_as_a_paragraph(text: str, m: re.Match[str]) -> bool:
    line_end = text.find("\n", m.end())
    words = text[m.end() : line_end if line_end >= 0 else len(text)].strip(" \t*_")
    return len(words) > 30 or _SENTENCE_END.search(words) is not None


def is_paragraph(text: str, line_start: int, marks: frozenset[str]) -> bool:
    """Whether the heading line at `line_start` is a paragraph set in a mark the text uses for
    turns or paragraphs: a whole sentence or more, not a short title ("##### 我们正在合作…。")."""
    m = _HEADING_MARK.match(text, line_start)
    return m is not None and m.group(1) in marks and _reads_as_a_paragraph(text, m)


def _items_and_pull_quotes_end(text: str, accepted: list[_Found], names) -> list[Label]:
    """Labels where a turn that is only one line ends: after a list of who said what ("•David
    Linthicum（德勤）：“…”", "- Gartner: …", each name once) the article goes on in nobody's turn;
    after a ">" pull quote of a guest whose turns carry a label otherwise ("> 姜大昕：三年内会…"),
    the turn it stands in goes on."""
    ends: list[Label] = []
    turns = Counter(names(f.name) for f in accepted)
    plain = {names(f.name) for f in accepted if not _QUOTE_MARK.match(text, f.start)}
    for before, f in zip([None, *accepted], accepted, strict=False):
        if turns[names(f.name)] == 1 and _LIST_ITEM.match(text, f.start):
            end = _first_line_end(text, f.end)
            ends.append(Label(end, end, None))
        elif _QUOTE_MARK.match(text, f.start) and names(f.name) in plain:
            end = _first_line_end(text, f.end)
            ends.append(Label(end, end, names(before.name) if before else None))
    return ends


def speaker_at(labels: Sequence[Label], position: int, *, starts: Sequence[int] | None = None) -> str | None:
    """The speaker of the text at `position`: the last label at or before it, None after a heading.

    `starts` is `[label.start for label in labels]`, passed in when called in a loop.
    """
    if starts is None:
        starts = [label.start for label in labels]
    index = bisect.bisect_right(starts, position) - 1
    return labels[index].name if index >= 0 else None


# --- finding ------------------------------------------------------------------------------------


_HEADING_START = re.compile(r"[ \t]*#{1,6}[ \t]")


def _colon_labels(text: str) -> list[_Found]:
    out = []
    first_content = len(text) - len(text.lstrip())  # where the text's first line starts
    for m in _CANDIDATE.finditer(text):
        bold = m.group("bold") is not None
        opened = m.group("open") is not None
        bracketed = m.group("bracket_name") is not None
        titled_caps = m.group("caps_name") is not None
        raw = " ".join(
            (
                m.group("bold_name") + (m.group("bold_note") or "")
                if bold
                else m.group("open_name")
                if opened
                else m.group("bracket_name")
                if bracketed
                else f"{m.group('caps_name')}, {m.group('caps_title')}"
                if titled_caps
                else m.group("titled_latin")
                or m.group("voice_name")
                or m.group("period_name")
                or m.group("q_mark")
                or m.group("plain_name")
            ).split()
        )
        # Pictographs a page sprinkles after a name ("蒋昌建👨🏻‍🦯‍➡️:") are nobody's name.
        if _PICTOGRAPHS.search(raw):
            raw = _PICTOGRAPHS.sub("", raw).strip()
        if not raw or raw.startswith(("http", "www")) or "://" in text[m.end() - 1 : m.end() + 3]:
            continue
        if (
            not (bold or opened or bracketed)
            and _HEADING_START.match(text, m.start())
            and not _ROLE_ONLY.fullmatch(raw)
            and not (
                _ends_its_line(text, m.end())
                and (_looks_like_a_chinese_name(raw) or _is_full_latin_name(raw))
            )
        ):
            # "#### One year: Agents fail to happen": a heading's own title, not a turn (but "### 唐鳳："
            # alone on its line over the turn is the name, as "### 問：" is the role).
            continue
        # The title after the comma is the speaker's job, not part of the name.
        name = " ".join(m.group("caps_name").split()) if titled_caps else _bare_name(raw)
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)]
        next_line = rest
        if not rest.strip() and line_end >= 0:
            # The label on its own line: the turn starts on the next line that holds anything
            # ("胡錫進:\n\n  你好。", as a broadcaster's transcript sets every turn).
            following = text.find("\n", line_end + 1)
            next_line = text[line_end + 1 : following if following >= 0 else len(text)]
            rest = text[line_end + 1 : _first_line_end(text, line_end + 1)]
        strong = m.group("q_mark") is None and (
            bold
            or m.group("voice_name") is not None
            or _ROLE_ONLY.fullmatch(raw) is not None
            or _is_full_latin_name(name)
            or (_ROLE_THEN_NAME.fullmatch(raw) is not None and name != raw)
        )
        # Only the label itself is cut out: the turn's own emphasis stays with the turn.
        out.append(_Found(m.start(), m.end(), raw, name, strong, _NOT_SPEECH.match(rest) is None))
        out[-1].bold = bold or opened
        out[-1].titled = _TITLE_LINE.fullmatch(next_line.strip()) is not None
        out[-1].bracketed = bracketed
        out[-1].headline = (
            m.start() <= first_content
            and bool(rest.strip())
            and next_line is rest
            and _TITLE_LINE.fullmatch(rest.strip()) is not None
        )
    return out


def _ends_its_line(text: str, position: int) -> bool:
    line_end = text.find("\n", position)
    return not text[position : line_end if line_end >= 0 else len(text)].strip()


# A label inside a paragraph, after a sentence's end and a space, as a flat scrape or a
# machine summary runs turns together ("…存在上限。 张奇教授:DeepSeek的成功…"): only a Chinese name
# (a courtesy or title with it) or a role, never a word that starts a line's header.
_INLINE = re.compile(rf"[。！？!?][ \t\u3000]+(?P<name>{_ROLE_ZH}|{_HAN}{{2,8}})[:：](?=[ \t]*\S)")


def _inline_labels(text: str) -> list[_Found]:
    out = []
    for m in _INLINE.finditer(text):
        raw = m.group("name")
        if not (_ROLE_ONLY.fullmatch(raw) or _looks_like_a_chinese_name(raw)):
            continue
        out.append(_Found(m.start("name"), m.end(), raw, _bare_name(raw), False, True))
    return out


# A subtitle transcript opens every line with the time stamp of its segment: "(35:37) 謝謝",
# "(08:45.840) 董事長管理階層 你們好" (to the millisecond).
SUBTITLE_STAMP = r"\(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\)[ \t]"
STAMPED_LINE = re.compile(rf"[ \t]*{SUBTITLE_STAMP}")


def _own_line_labels(text: str) -> list[_Found]:
    out = []
    for m in _OWN_LINE.finditer(text):
        raw = m.group("name")
        if STAMPED_LINE.match(text, m.start()) and STAMPED_LINE.match(text, m.end()):
            continue  # one subtitle segment before the next, not a name over a turn
        if not (
            _ROLE_ONLY.fullmatch(raw)
            or _is_full_latin_name(raw)
            or _looks_like_a_chinese_name(raw)
            or re.fullmatch(_LATIN_WORD, raw)  # a first name ("**Monica**"): only if it recurs
        ):
            continue
        # The turn starts on the next line: the label is the whole line, its line break included.
        # A name with its title after dashes is a label wherever it stands.
        strong = m.group("dash_title") is not None and not re.fullmatch(_LATIN_WORD, raw)
        out.append(_Found(m.start(), m.end(), raw, _bare_name(raw), strong, True, own_line=True))
    return out


def _accept(found: _Found, counts: Counter[str], name_words: frozenset[str] | set[str] = frozenset()) -> bool:
    name = found.name
    if not re.search(r"[^\W\d_]", name):
        return False  # "(00:00)", "2024:": no name without a letter
    if found.bold and counts[name] < 2 and not _names_a_speaker(found, name_words):
        return False  # a bold lead of the speaker's own ("**关键是数据：**", "**Cost:**"), said once
    if _HEADER_WORDS.search(name) or _HEADER_WORDS.search(found.raw) or _NOT_A_NAME.search(found.raw):
        return found.strong and _ROLE_ONLY.fullmatch(found.raw) is not None
    if found.bracketed:
        return found.speech and (
            found.strong or _looks_like_a_chinese_name(found.raw) or _names_someone(found.name)
        )
    if found.own_line:
        if found.strong:
            return True
        # Alone on a line, a name is a label when it recurs, or when the transcript is written
        # that way throughout (three or more such names); a single word only when it recurs.
        if re.fullmatch(_LATIN_WORD, found.raw):
            return counts[name] >= 2
        return counts[name] >= 2 or counts[_OWN_LINE_STYLE] >= 3
    if found.strong:
        return True
    if not found.speech:
        return False
    if counts[name] >= 2:
        return True  # the transcript uses it as a label more than once
    if _INITIALS.fullmatch(name):
        return name not in _ACRONYMS  # SA, JD: initials, unless a word everyone writes in capitals
    return _looks_like_a_chinese_name(found.raw) or _looks_like_a_chinese_name(name)


def _names_a_speaker(found: _Found, name_words: frozenset[str] | set[str]) -> bool:
    raw, name = found.raw, found.name
    return bool(
        _ROLE_ONLY.fullmatch(raw)
        or _ROLE_THEN_NAME.fullmatch(raw)
        or _looks_like_a_chinese_name(raw)
        or _looks_like_a_chinese_name(name)
        or _names_someone(name)
        or _INITIALS.fullmatch(name)
        or name in name_words
        or _TRANSLITERATED.fullmatch(name)
    )


# A roundtable's first label for a guest often carries the organisation and the title, before the
# name ("星河智能创始人刘一鸣", "北方大学教授陈立", "极客公园 CEO 张鹏", "生数科技联合创始人、首席科学家朱军") or after it ("周明远 远山科技创始人").
_ORG_TITLE_NAME = re.compile(
    rf"[^\s:：]{{1,16}}?[ \t]*{_TITLE_ZH}(?:[兼、][ \t]*{_TITLE_ZH})*[ \t]*"
    rf"(?P<name>{_CHINESE_NAME.pattern}|{_TRANSLITERATED.pattern})"
)
_NAME_ORG_TITLE = re.compile(
    rf"(?P<name>{_CHINESE_NAME.pattern}|{_TRANSLITERATED.pattern})[ \t,，、]+[^\s:：]{{0,16}}{_TITLE_ZH}"
)
# Or the organisation alone beside the name, set off by a space or a bar ("月之暗面 杨植麟",
# "Kimi｜杨植麟", "杨植麟丨月之暗面"): the name is the part that is one.
_NAME_SEPARATOR = r"(?:[ \t]*[丨｜/][ \t]*|[ \t]+\|[ \t]+|[ \t]+)"
_ORG_NAME = re.compile(
    rf"[^\s:：丨｜/]{{2,16}}?{_NAME_SEPARATOR}(?P<name>{_CHINESE_NAME.pattern}|{_TRANSLITERATED.pattern})"
)
_NAME_ORG = re.compile(
    rf"(?P<name>{_CHINESE_NAME.pattern}|{_TRANSLITERATED.pattern}){_NAME_SEPARATOR}[^\s:：丨｜/]{{2,16}}"
)
# Honorifics a moderator uses for a guest named in full before: 王总, 陈老师, 刘博士.
_HONORIFICS = (
    "总", "董", "老师", "博士", "教授", "院士", "院长", "主任", "校长", "律师", "医生", "先生", "女士",
    "總", "老師", "醫生",
)  # fmt: skip
# A guest introduced with a title or as the interview's subject ("CEO张伟接受了专访", "教授王小明",
# "对话李开复"): the full name a later "张总：" or "王教授：" stands for.
_INTRODUCED = re.compile(
    guarded(
        rf"(?:{_TITLE_ZH}|嘉宾|对话|专访|访谈|采访|受访者|嘉賓|對話|專訪|訪談)[ \t]*"
        rf"(?P<name>(?:{_COMPOUND_SURNAMES}){_HAN}{{1,2}}|[{_SURNAMES}]{_HAN}{{1,2}})"
    )
)
# Characters that follow a name rather than end it: 张伟接受, 张伟表示, 张伟先生, 张伟的.
_AFTER_A_NAME = frozenset("接表认说称指谈的在是也等和与及做曾将就对向从于为先女博教总老院已还")


def _titled_chinese_name(raw: str) -> str | None:
    for pattern in (_ORG_TITLE_NAME, _NAME_ORG_TITLE, _ORG_NAME, _NAME_ORG):
        m = pattern.fullmatch(raw)
        if (
            m
            and "丨" not in m.group("name")
            and (len(m.group("name")) <= 4 or _TRANSLITERATED.fullmatch(m.group("name")))
        ):
            return m.group("name")
    return None


def _cut_glued_names(found: list[_Found], text: str) -> None:
    """Label names with an organisation written straight before the name ("生数科技朱军",
    "阶跃星辰姜大昕") cut to the name, where the text confirms the cut: a company's name can end
    in what looks like a name. The text confirms it when it also names that person without the
    organisation (the roster, a later label), or when the labels do: the same one starts two
    turns, or two guests' labels are written that way."""
    glued: dict[str, list[str]] = {}
    for f in found:
        if f.speech and not f.strong and len(f.name) >= 4 and f.name not in glued:
            glued[f.name] = _glued_splits(f.name)
    glued = {word: splits for word, splits in glued.items() if splits}
    turns = Counter(f.name for f in found if f.name in glued)
    cut: dict[str, str] = {}
    for word, splits in glued.items():
        once = text.count(word)
        named_alone = next((name for name in splits if text.count(name) > once), None)
        if named_alone:
            cut[word] = named_alone
        elif len(glued) >= 2 or turns[word] >= 2:
            cut[word] = splits[0]
    for f in found:
        f.name = cut.get(f.name, f.name)


def _glued_splits(word: str) -> list[str]:
    """The names `word` may end in after an organisation of two characters or more, longest
    first; none when `word` is a name itself."""
    if not _HAN_WORD.fullmatch(word) or _looks_like_a_chinese_name(word):
        return []
    return [
        word[-size:]
        for size in (4, 3, 2)
        if len(word) - size >= 2
        and _CHINESE_NAME.fullmatch(word[-size:])
        # four characters only with a double surname (欧阳娜娜)
        and (size < 4 or re.match(_COMPOUND_SURNAMES, word[-size:]))
    ]


_HAN_WORD = re.compile(rf"{_HAN}{{4,16}}")


def _looks_like_a_chinese_name(raw: str) -> bool:
    raw = _PAREN_SUFFIX.sub("", raw)
    if _SPACED_NAME.fullmatch(raw):
        raw = re.sub(r"\s", "", raw)
    raw = _without_honorific(raw)
    if _titled_chinese_name(raw):
        return True
    bare = _ROLE_PREFIX.sub("", raw) or raw
    titled = bare != raw
    if _TRANSLITERATED.fullmatch(bare):
        return True
    if _CHINESE_NAME.fullmatch(bare) and len(bare) <= 4:
        return True
    # A title in front makes any short Han word a name ("CEO张伟", "创始人小明").
    return titled and re.fullmatch(rf"{_HAN}{{2,4}}", bare) is not None


def _is_full_latin_name(raw: str) -> bool:
    words = raw.split()
    return (
        2 <= len(words) <= 4
        and all(re.fullmatch(_LATIN_WORD, w) for w in words)
        and not _HEADER_WORDS.search(raw)
    )


_PICTOGRAPHS = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u200d\ufe0f\u20e3]+")
# A full name with a courtesy or title after it ("劉曉斌先生", "张凌寒教授"): the name is the
# speaker; a surname with one (王教授) is a part of a name, resolved below.
_NAME_HONORIFIC = re.compile(
    rf"(?P<name>(?:{_COMPOUND_SURNAMES}){_HAN}{{1,2}}|[{_SURNAMES}]{_HAN}{{1,2}})"
    # ...or who asks and who answers: "张鹏问：", "杨植麟答：".
    rf"(?:{'|'.join(_HONORIFICS)}|[问答問])"
)


def _without_honorific(raw: str) -> str:
    m = _NAME_HONORIFIC.fullmatch(raw)
    if not m or re.fullmatch(_COMPOUND_SURNAMES, m.group("name")):
        return raw  # 欧阳总 is a surname and a courtesy, like 王总
    return m.group("name")


_SPACED_NAME = re.compile(rf"{_HAN}[ \t\u3000]+{_HAN}")
# A role and the name in parentheses after it: 主持人（张鹏）, and so Q（张鹏）, A（杨植麟）, where the
# parenthesis shows Q and A are no word's first letter.
_ROLE_THEN_NAME = re.compile(rf"(?:{_ROLE_BEFORE_NAME}|Q|A|问|答|問)[ \t]*[(（](?P<name>[^)）]{{1,30}})[)）]")


def _names_someone(words: str) -> bool:
    return bool(
        _CHINESE_NAME.fullmatch(words)
        and len(words) <= 4
        or _TRANSLITERATED.fullmatch(words)
        or _is_full_latin_name(words)
    )


def _bare_name(raw: str) -> str:
    """The name without a title or role in front or a note after it: CEO张伟 -> 张伟,
    主持人Kevin Wheel -> Kevin Wheel, 李开复（创新工场） -> 李开复, Dr. Jane Doe -> Jane Doe."""
    inside = _ROLE_THEN_NAME.fullmatch(raw)
    if inside and _names_someone(inside.group("name").strip()):
        return inside.group("name").strip()  # 主持人（张鹏） is 张鹏, as 主持人张鹏 is
    name = _PAREN_SUFFIX.sub("", raw).strip() or raw
    if _SPACED_NAME.fullmatch(name):
        name = re.sub(r"\s", "", name)  # "张 伟", spaced to the width of a three-character name
    if _ROLE_ONLY.fullmatch(name):
        return name  # "Speaker B" is who the transcript says, not "B"
    name = _without_honorific(name)
    titled = _titled_chinese_name(name)
    if titled:
        return titled
    bare = name
    while True:
        stripped = _ROLE_PREFIX.sub("", bare).strip()
        if stripped == bare or not stripped:
            break
        bare = stripped
    if bare != name and (_ROLE_ONLY.fullmatch(bare) or not re.search(r"[^\W\d_]", bare)):
        return name  # "观众1", "Audience Member 1" stay what they are
    return bare


# --- resolving initials and roles -----------------------------------------------------------------


def _name_parts(accepted: list[_Found], text: str = "", wanted: set[str] | None = None) -> dict[str, str]:
    """The parts of the transliterated and Chinese names the labels give, each to its one full name:
    奥特曼 and 萨姆 -> 萨姆·奥特曼, 张 -> 张伟 (when no other label's name shares them). A part no
    label's name has may stand for a guest the text introduced: 张总 -> 张伟 after "CEO张伟"."""
    options: dict[str, set[str]] = {}
    for f in accepted:
        if _is_full_latin_name(f.name) and f.name.isupper():
            # A broadcast transcript shortens "NINA SCHICK, AUTHOR:" to "SCHICK:".
            options.setdefault(f.name.split()[-1], set()).add(f.name)
        elif _TRANSLITERATED.fullmatch(f.name):
            for part in re.split(r"[·・•‧]", f.name):
                options.setdefault(part, set()).add(f.name)
        else:
            _add_chinese_parts(f.name, options)
    introduced: dict[str, set[str]] = {}
    if wanted is None or any(_may_be_a_part(name) and name not in options for name in wanted):
        for name in _introduced_names(text):
            _add_chinese_parts(name, introduced)
    for part, full in introduced.items():
        options.setdefault(part, full)
    for part, full in _transliterated_names(
        text, {f.name for f in accepted if f.name not in options}
    ).items():
        options.setdefault(part, full)
    return {part: next(iter(full)) for part, full in options.items() if len(full) == 1 and part not in full}


# The given name of a transliterated name before its surname: "穆斯塔法·苏莱曼" (not "和里德" of "苏莱曼
# 和里德·霍夫曼": a conjunction or a particle is no part of a name).
_GIVEN_NAME_BEFORE = re.compile(rf"(?:(?![和与及跟同的、]){_HAN}){{1,6}}$")


def _transliterated_names(text: str, labels: set[str]) -> dict[str, set[str]]:
    """The full transliterated name the text gives for a label that is its surname: "苏莱曼：" after
    "Microsoft AI CEO 穆斯塔法·苏莱曼和里德·霍夫曼" is 穆斯塔法·苏莱曼. Of the names found, the
    shortest when the others only add words before it ("对话穆斯塔法·苏莱曼")."""
    out: dict[str, set[str]] = {}
    for label in labels:
        if not re.fullmatch(rf"{_HAN}{{2,6}}", label):
            continue
        found = set()
        # Found from the surname back, so the text is searched for one short string per label.
        for m in re.finditer(rf"[·・]{re.escape(label)}(?![·・])", text):
            given = _GIVEN_NAME_BEFORE.search(text, max(0, m.start() - 6), m.start())
            if given:
                found.add(text[given.start() : m.end()])
        shortest = min(found, key=len, default=None)
        if shortest and all(name.endswith(shortest) for name in found):
            out[label] = {shortest}
    return out


def _add_chinese_parts(name: str, options: dict[str, set[str]]) -> None:
    if not (_CHINESE_NAME.fullmatch(name) and 2 <= len(name) <= 4):
        return
    compound = re.match(_COMPOUND_SURNAMES, name)
    surname = compound.group() if compound else name[0]
    if name[len(surname) :] in _HONORIFICS:
        return  # 王教授 is a part, not a name with parts
    # 王, 王总, and the given name a moderator may shorten it to (小川 for 王小川).
    given = (name[len(surname) :],) if len(name) - len(surname) == 2 else ()
    for part in (surname, *given, *(surname + honorific for honorific in _HONORIFICS)):
        options.setdefault(part, set()).add(name)


# What a part of a name looks like: a surname (张, 欧阳), with a courtesy (张总, 王教授), or a
# given name of two characters that is no name itself (小川); only such labels send the text to
# _introduced_names.
_SURNAME_AND_COURTESY = re.compile(rf"(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])(?:{'|'.join(_HONORIFICS)})?")


def _may_be_a_part(name: str) -> bool:
    if _SURNAME_AND_COURTESY.fullmatch(name):
        return True
    return re.fullmatch(rf"{_HAN}{{2}}", name) is not None and not _CHINESE_NAME.fullmatch(name)


def _introduced_names(text: str) -> set[str]:
    names = set()
    for m in _INTRODUCED.finditer(text):
        name = m.group("name")
        if len(name) == 3 and name[2] in _AFTER_A_NAME and not re.match(_COMPOUND_SURNAMES, name):
            name = name[:2]
        names.add(name)
    return names


def _resolver(text: str, accepted: list[_Found], parts: dict[str, str] | None = None):
    """A function from a label's name to the name the transcript introduced for it."""
    roles: dict[str, set[str]] = {}
    for f in accepted:
        role = _ROLE_ONLY.match(f.raw)
        if role and f.name != f.raw and not _ROLE_ONLY.fullmatch(f.name):
            roles.setdefault(_role_key(role.group()), set()).add(f.name)
    initials_needed = {f.name for f in accepted if _INITIALS.fullmatch(f.name)}
    by_initials: dict[str, str] = {}
    if initials_needed:
        # Full names the labels give come first; else the one the text mentions most, when no
        # other name with those initials comes close (Sam Altman 30 times, South Africa once).
        labelled = Counter(f.name for f in accepted if _is_full_latin_name(f.name))
        mentioned = Counter(_full_names_mentioned(text))
        for pool in (labelled, mentioned):
            ranked: dict[str, list[tuple[int, str]]] = {}
            for name, count in pool.items():
                key = _initials_of(name)
                if key in initials_needed and key not in by_initials:
                    ranked.setdefault(key, []).append((count, name))
            for key, options in ranked.items():
                options.sort(reverse=True)
                if len(options) == 1 or options[0][0] >= 2 * options[1][0]:
                    by_initials[key] = options[0][1]

    # A surname or first name alone ("Lee:" after the headline's "Kai-Fu Lee") stands for the one
    # full name the labels or the text give with it.
    # In capitals ("AMODEI:" after the host's "Dario Amodei") it is the same name: the parts are
    # compared case-blind, and a full name the labels give wins over the same name in the text.
    single = {
        f.name.casefold(): f.name for f in accepted if re.fullmatch(r"[A-Z][a-z]+|[A-Z][A-Z'’-]{2,}", f.name)
    }
    by_part: dict[str, str] = {}
    if single:
        full_names = [f.name for f in accepted if _is_full_latin_name(f.name)]
        full_names += list(_full_names_mentioned(text))
        latin_parts: dict[str, dict[str, str]] = {}
        for full in full_names:
            words = re.split(r"[ -]", full)
            # ...a hyphenated surname whole as well: "JEAN-PIERRE" of "Karine Jean-Pierre".
            for part in {words[-1].casefold(), words[0].casefold(), full.rpartition(" ")[2].casefold()}:
                if part in single:
                    latin_parts.setdefault(single[part], {}).setdefault(full.casefold(), full)
        by_part = {}
        for part, fulls in latin_parts.items():
            # "Peter H. Diamandis" and "Peter Diamandis" are one name, written with its initial or
            # without: the fuller one stands for both.
            same = {_without_initials(full) for full in fulls.values()}
            if len(same) == 1:
                by_part[part] = max(fulls.values(), key=len)

    def resolve(name: str) -> str:
        if parts and name in parts:
            return parts[name]
        if name in by_initials:
            return by_initials[name]
        if name in by_part:
            return by_part[name]
        role = roles.get(_role_key(name))
        if role and len(role) == 1 and _ROLE_ONLY.fullmatch(name):
            return next(iter(role))
        return name

    return resolve


def _without_initials(name: str) -> str:
    return " ".join(word for word in name.casefold().split() if not re.fullmatch(r"[a-z]\.?", word))


def _initials_of(name: str) -> str:
    return "".join(word[0] for word in re.split(r"[ -]", name) if word)


def _role_key(role: str) -> str:
    return re.sub(r"[\s0-9]+", "", role).lower()
