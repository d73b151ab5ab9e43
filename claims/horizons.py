"""Due windows for prediction horizons: the conventions of docs/horizons.md as code.

A horizon is the few words that say when a prediction should have come true ("两三年内",
"by 2030", "in the near future"). `compute_window` finds those words in whatever text it is
given (a curator's note or the whole sentence) and turns them into a due window counted from
`said_on`, the day the words were said, never from the day the prediction was entered.

Pure Python on purpose: the importer, the admin and the API all call it, and none of them should
need Django to be configured. Every stored window records `RULES_VERSION`, so bump it whenever a
rule below changes a result, so windows computed under an older version can be found and
recomputed.

How a horizon is found:
- The text is first folded one character for one character (Traditional to Simplified by the
  one table of claims.fold, full-width to ASCII, Chinese-digit years like 二〇三〇年 to digits),
  so every offset into the folded text is an offset into the original and `matched` can quote
  the original words exactly.
- Every rule in `_RULES` is tried; matches in titles and recollections, attributives and past
  reports are dropped; of the rest the governing one wins (see _governing): the longest match
  anywhere (十年内 over 年内, 明年底 over 明年, 未来十年 over 十年), ties to the earlier position,
  then to the rule listed first.
- A rule's window function may still reject a match (a "number" that does not parse, a range
  written backwards), in which case the match is not a candidate at all.

Conventions HORIZONS.md leaves open, decided here:
- Open-ended horizons (2030年后, "after 2030", 超过十年, 十年以上, "at least five years",
  不会在十年内, "not for decades") give a lower bound, not a deadline: undated like "no horizon"
  (rule "none", due_latest None) but `matched` keeps the words so a curator can see why.
- A range of calendar years (2025年到2030年, "between 2025 and 2030", "2025-2030") is one
  calendar_year window from Jan 1 of the first to Dec 31 of the last.
- A month, quarter or half without a year is the next such one that has not ended by said_on
  (七月 said in October is next July; "this July" is said_on's year, "next July" the year after).
  A month with 前/底/末 or "by" is a deadline (due_earliest said_on), else the month itself (the
  first of the month). A month name alone ("May I ask") is no horizon without "in"/"by" or a
  year, nor is a month used as a name for its events (11月的事情). "early/mid/late 2025" stays the
  year. "before 2030" reads like 2030年前 (Dec 31, 2030, boundary_ambiguous).
- One of two years ("2026或2027年", "in 2026-2027", "2026-27") runs from said_on; a longer range
  joined by to/-/through stays a range of calendar years. "by the 2030s" is by 2030
  (boundary_ambiguous); "by the end of the 2030s"/"by the late 2030s" is by 2039. A bare 30年代
  is the 2030s when that is at most three decades ahead, else the 1900s (80年代).
- A full date is a horizon only as a deadline or an appointment ("到2025年3月15日", "2025年3月15
  日之前", "by June 30, 2025", "on July 4"); bare, it is a dateline.
- Not horizons (2026.3): horizon words in a title (《未来十年》, a book called "…"), in a
  recollection ("think back to 2020, when … by 2025", 回想…), in an attributive 即将…的 that names
  an office taken or a meeting held (即将上任的政府) or sits beside another future word, and in a
  past report told without a modal ("三个月内营收从零增长到…", "grew … within three months").
- The governing horizon (2026.3): words counted from a time named before them ("the next year"
  after "by 2035", 次年, 第二年) never govern; a horizon wholly before said_on is a reference point
  and loses to one that is not; then the longest match wins. "The next year" alone is next year;
  "the following year" alone is undated.
- 十几年 / 二十几年 count to 19 / 29 years as a year_range, vague; 两三个月 and 十几个月 are
  n_months to the upper bound; 一年半 is 18 months (n_years); 半年 and "half a year" are 6 months.
- "by the end of next year", "by next year" and 到明年 read like 明年底 (from said_on).
- 十年内 / "within ten years" are n_years and 十年 / 未来十年 / "within a decade" are decade: the
  dates agree, only the rule name differs.
- "Through 2026" reads like "by 2026"; "sixty-six years later" counts from an event the text
  names, not from said_on, so it is no horizon; "in the years to come" and "in the years ahead"
  read like "in the coming years" (未来几年); "at least" however the wait is said (至少还要
  8—10 年左右, 至少要等三年) is a lower bound, no window; "the next couple of years" is two (2026.5).
- "for 2025" ("our forecast for 2025 calls for…") is the calendar year, as "in 2025" is (2026.6).
- A run of days (2020年11月11-12日) is a dateline, as one day is; horizon words before the name of
  a meeting (展望数字经济的未来十年圆桌) are its topic, not a time; a count of what one has or went
  through (有数十年的积累, 经过十年的发展) is a length, not a deadline; "in coming months", without
  "the", is "in the coming months"; a bare count after 的 (数字经济的十年) is a period of something,
  not a time from now (未来的十年 still is); a quarter without 第 (明年一季度, 2026年1季度) is that quarter,
  not the year (2026.7).
- A length after "after" ("after decades confined to labs", "after years of delays") is what went
  before, not a horizon; words before the speaker's "I can say that", "we believe", 我认为 date the
  saying, so a horizon after them governs ("this year, I can state that by 2029 …" → 2029); the end
  or start of a past year (去年底, 前年年底) is no horizon; two counts joined by 和 (三年和五年) are a
  range, as with 或, and so are two years (2024年和2025年); a year said with its last two digits
  ("in '24", "calendar ’24") is one of said_on's century, and a list of years ("for ’23, ’24 and
  ’25") runs from the first to the last; a count after "last" or "past", a range or not ("in the
  last two or three years", "the past 2-3 years"), is behind said_on (2026.8).
- A part of a period that is over by said_on (今年上半年, 今年一季度, 今年3月 said in July) is the
  past, not the rest of the period around it; the start of this year (今年年初, 今年初, "early this
  year") is its first quarter; "a decade of research", "decades of work" are lengths of something,
  not times from now; 二三十年 (a pair of tens) counts to thirty; "by the mid-2030s" / 到2030年代中期 is by
  2035; 本世纪中叶 / "by mid-century" is by 2050 and 本世纪末 by 2100 (boundary ambiguous); a five-year
  plan by its number is its five years (“十五五”期间 is 2026–2030; 十五五末 is by 2030); a gap or a lead
  measured in time (中美差距还是1到2年, 提前三年, "two years behind") is a length; 那 heading a clause
  before a count and 后 is "then" (那三年后呢？), not "those"; "by the middle of the year", "by mid-year"
  and 今年年中 are the end of the year's first half; 今年 before an age (今年 50 岁) dates nothing; "2026 is
  an important year" is the year as the subject (2026.9).
- A heading of a year's forecasts ("2025 Predictions: CIOs Drive AI Strategy", "2026 outlook:") is
  that calendar year; a past participle before a noun ("the trend toward increased automation") is
  no report of the past, and "promises to" looks forward as "will" does (2026.10).
- A change told over a span of years that runs past said_on's year ("从2023年至2100年，美国总人口从3.4亿
  增长到近4亿", said in 2023) is a projection over that span, not a report of the past (2026.11).
- 至少 before the coming years (至少在接下来一到两年, 至少在未来两年内) is "for at least the next …": a claim
  that holds to the window's end, dated as "for at least the next two years" is; 至少 before a wait
  (至少要等三年) stays a lower bound (2026.12).
- "to 2050" and "through to 2050" are the English of 到2050年, by that year, except in a comparison
  ("compared to 2030 goals") or before a level ("back to 2019 levels"); a year before 的 and a noun
  (2024年的降息预期) is a thing's, and yields to the event's own time in the sentence; 很快 of a speed
  (发生得很快, 发展的速度也很快) is no "soon"; one of two quarters (2024年一二季度) ends with the later
  one; years said with two digits (22年、23年), those years (那几年) and that year's end (那年年底) are no
  horizons (2026.13).
- A year said with two digits a year or so behind said_on's to three ahead is that calendar year
  (25年, 在26年, 到27年; 25和26年 and 25年、26年 are one of two years), not a count of years; never before
  后/内 (25年后 is twenty-five years on) nor after 未来, 过去, 再过, 有…; one gone by ("23年我们做了…" said in
  2024) is no horizon (2026.14).
- Words in parentheses right after a time gloss it ("By 2023 (1 year from now)"): the time governs
  (2026.14).
- "into 2026" is that calendar year, as "in 2026" is; after another time and "and" ("towards the end of
  the year and into 2027", "this year and extend into 2026") it governs: what goes on into a year runs to
  its end (2026.14).
- The year of what a company or an agency measures ("we expect 2023 CapEx to be…", "full-year 2023
  total expenses", "its 2015 projection") is that calendar year, as 2023年的资本支出 is; a fiscal year
  is not (2026.14).
- Two years in a row after a comma ("probably in 2025, 2026, it's going to…") are one of two years,
  as 2025、2026年 and "2025 or 2026" are; a list of three ("2024, 2025 and 2026") is not (2026.14).
- The time one has spent at something (创业十年, 工作不到三年, 才创立一年半, 憋12个月, 做了8个月, 花了半年的
  时间) is how long it went on, not a time from now; "工作三年内" still is a window (2026.15).
- "2027, 28 AGI", the second of two years said with two digits after a comma, is one of two years;
  "In 2025, 26 companies" is not (2026.15).
- A path of figures through the years ("to 2.5% this year and to 2.3% in 2015") runs to the last
  year's end; "the first-quarter" and "the second-half of" are the quarter and the half (2026.16).
- "the remainder of the year" and "the rest of this year" are this year; "beyond Q1", "after the
  first half" and "beyond the next 12 months" are lower bounds, no window, so another time governs.
  通过十年 and 经过十年 ("through ten years"), a term (四年期, 三年期国债), a difference (比百度晚4年), a
  length of training or experience (训练两三个月, 十年经验), a frequency or a rate (每隔几年, 相隔十年,
  一年 6000 美元), 直到11年后…才 and a state reached (就很快了。) are no windows; "the biggest winner
  of 2026" and "2026 growth" are that calendar year (2026.17).
- Words that put a count in the past (三年前, 过去三年, 十年来, "ten years ago", 不久前) are not
  horizons, nor is a count with a half before 前 (三年半前, 2026.13); a decade name (2030年代,
  "the 2030s") is that decade (2026.3).
- Counts behind said_on or ordinal (在过去的几年里, 过去4到5年里, 晚了数十年, 第二个十年) and full
  dates (2024年5月13日) are not horizons (2026.2).
- Traditional text folds by OpenCC's whole character table (claims.fold), not a list of the
  characters the rules use: 在不遠的將來 reads like 在不远的将来 (2026.3).
- A bare count reads as "within": Chinese N年 (三年), English "5 years", "two decades".
- A count is read whole (2026.4): "9,000 years" is nine thousand, never "000 years"; words whose
  date would leave the calendar (九千年后, 八千年内, "within 9000 years") give no window and are named
  as overflowed (Window.overflowed), and a shorter horizon inside them (年内) does not govern.
- event_relative and none windows are not vague; their due_earliest is said_on.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from claims.fold import fold
from claims.regexes import first_characters, guarded

__all__ = [
    "RULES_VERSION",
    "SOON_ZH",
    "YEAR_OF_A_THING_ZH",
    "Window",
    "add_months",
    "compute_window",
    "parse_number",
    "runs_past_the_year",
    "title_spans",
]

RULES_VERSION: str = "2026.17"

# 很快 as "soon", not of a speed: not after 得 ("发生得很快"), nor as what a pace or a growth is
# ("发展的速度也很快", "AI的发展很快"), nor as a clause's last word ("都是大矩阵乘法，自然很快。")
# unless a modal says it of what is to come ("应该会很快，"). claims.extraction.cues reads it the
# same way (2026.13); nor "就很快了。", fast by now (2026.17).
SOON_ZH = (
    # The first character first, so that a scan can file the pattern behind it (claims.regexes).
    r"很快(?<!得很快)(?<!速度很快)(?<!速度也很快)(?<!速度都很快)(?<!发展很快)(?<!发展也很快)"
    r"(?:(?<=会很快)|(?<=将很快)|(?<=就很快)|(?![。，,！!；;？?]))"
    # ...nor a state reached ("我今天签起来就很快了。"): fast now (2026.17).
    r"(?!了(?:[。，,！!；;？?]|$))"
)


@dataclass(frozen=True)
class Window:
    due_earliest: date
    due_latest: date | None  # None = undated (never flagged due)
    vague: bool
    boundary_ambiguous: bool
    matched: str | None  # the exact horizon phrase found in the text, None if none
    rule: str
    # Where `matched` is in the text given, [start, end); None when nothing matched.
    span: tuple[int, int] | None = field(default=None, compare=False)
    # Horizon words whose date would leave the calendar ("in 100000 years"), when no other
    # horizon governs: the window is undated, and Prediction.clean says why instead of saving it so.
    overflowed: str | None = field(default=None, compare=False)


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the end of a shorter month.

    Aug 31 + 6 months is Feb 28 (Feb 29 in a leap year); Feb 29 + 12 months is Feb 28.
    """
    years, month_index = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------
# Numbers

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_EN_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip


def parse_number(text: str) -> int | None:
    """A count written as digits (ASCII or full-width), Chinese numerals or English words.

    十五 = 15, 二十五 = 25, 百 = 100, 一百零五 = 105, "twenty-five" = 25. Anything else, including a
    pair of digits such as 两三 (that is a range, "two or three"), gives None.
    """
    s = text.strip()
    if not s:
        return None
    if s.isdecimal():  # int() reads full-width and other Unicode decimal digits as well
        return int(s)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        return int(s.replace(",", ""))
    english = _parse_english(s)
    if english is not None:
        return english
    return _parse_chinese(s)


def _parse_english(s: str) -> int | None:
    words = re.split(r"[\s-]+", s.lower())
    if len(words) == 1:
        word = words[0]
        return _EN_ONES.get(word, _EN_TENS.get(word, 100 if word == "hundred" else None))
    if len(words) == 2 and words[1] == "hundred" and words[0] in ("a", "one"):
        return 100
    if len(words) == 2 and words[0] in _EN_TENS and _EN_ONES.get(words[1], 10) < 10:
        return _EN_TENS[words[0]] + _EN_ONES[words[1]]
    return None


def _parse_chinese(s: str) -> int | None:
    total = 0
    digit: int | None = None
    for ch in s:
        if ch in _CN_UNITS:
            # A bare unit counts one of itself: 十五 is fifteen, 百 is a hundred.
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_DIGITS:
            if ch in "零〇" and total and digit is None:
                continue  # the placeholder in 一百零五
            if digit is not None:
                return None  # two digits in a row (两三, 三五) are a range, not a number
            digit = _CN_DIGITS[ch]
        else:
            return None
    return total + (digit or 0)


_ARTICLE_COUNTS = {"a": 1, "an": 1, "a couple of": 2, "couple of": 2}
_FEW_TENS = re.compile(r"([一二两三四五六七八九]?)十几")
_DIGIT_PAIR = re.compile(r"[一二两三四五六七八九]{2}")
_TENS_PAIR = re.compile(r"[一二两三四五六七八][二两三四五六七八九]十")
# A hyphen separates a range only between digits, so "twenty-five" stays one number.
_RANGE_SEPARATOR = re.compile(
    r"\s*(?:年|years?)?\s*(?:到|至|或者|或|和|甚至|乃至|、|[–—~]|(?<=\d)\s*-\s*(?=\d)|\s(?:to|or|and)\s)\s*",
    re.IGNORECASE,
)


def _single_count(text: str) -> int | None:
    key = " ".join(text.lower().split())
    return _ARTICLE_COUNTS[key] if key in _ARTICLE_COUNTS else parse_number(text)


def _range_count(text: str) -> tuple[int, bool] | None:
    """The upper bound of a count that may be a range, and whether the count is itself fuzzy.

    Ranges count to their upper bound (HORIZONS.md): 两三 -> 3, 三到五 -> 5, "3-5" -> 5. 十几
    ("ten-odd") counts to 19 and 二十几 to 29, and those are fuzzy.
    """
    text = text.strip()
    if m := _FEW_TENS.fullmatch(text):
        return (_CN_DIGITS[m[1]] if m[1] else 1) * 10 + 9, True
    if _DIGIT_PAIR.fullmatch(text):
        low, high = (_CN_DIGITS[ch] for ch in text)
        return (high, False) if high > low else None
    if _TENS_PAIR.fullmatch(text):  # 二三十: twenty or thirty (2026.9)
        low, high = (_CN_DIGITS[ch] for ch in text[:2])
        return (high * 10, False) if high > low else None
    parts = _RANGE_SEPARATOR.split(text)
    if len(parts) == 2:
        first, last = (_single_count(part) for part in parts)
        if first is None or last is None or last < first:
            return None
        return last, False
    single = _single_count(text)
    return None if single is None else (single, False)


# ---------------------------------------------------------------------------------------------
# Folding

# claims.fold (Traditional to Simplified by OpenCC's table, full-width to ASCII), then Chinese
# digit years to digits.
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _fold(text: str, *, folded_already: bool = False) -> str:
    """Normalise the text without moving any character, so offsets stay valid in the original."""
    folded = text if folded_already else fold(text)

    def year_in_digits(m: re.Match[str]) -> str:
        digits = m[0].translate(_CN_YEAR_DIGITS)
        return digits if 1900 <= int(digits) <= 2199 else m[0]

    return _CN_YEAR.sub(year_in_digits, folded)


# ---------------------------------------------------------------------------------------------
# Pattern pieces. Patterns run on folded text, so Chinese pieces are written in Simplified only.


def _year(name: str = "year") -> str:
    # Only 1900-2199 reads as a calendar year; the lookarounds stop 12025 or 2025.5 from matching.
    # A year said with its last two digits ("in '24", "’23, ’24 and ’25") is one of said_on's
    # century (2026.8); "the '90s" is a decade, and "'24's" no year.
    return (
        rf"(?:(?<![0-9.])(?P<{name}>19[0-9]{{2}}|20[0-9]{{2}}|21[0-9]{{2}})(?![0-9])"
        rf"|(?<![\w'’])['’](?P<{name}_yy>[0-9]{{2}})(?![0-9]|s\b|['’]))"
    )


def _year_value(m: re.Match[str], name: str, said_on: date) -> int:
    """The year a match of _year(name) names: four digits as written, two in said_on's century."""
    four = m.groupdict().get(name)
    return int(four) if four else said_on.year // 100 * 100 + int(m[f"{name}_yy"])


_YEAR = _year()
_NUM_ZH = r"(?:(?<![0-9])[0-9]{1,3}(?![0-9])|[零〇一二两三四五六七八九十百千]+)"
# A count must not continue a number or follow a word that makes it past or ordinal:
# 过去三年 (the past three years), 第三年, 这三年, 几十年.
# 那 as "then" at the head of a clause is no demonstrative: "那三年后呢？" asks about three years on
# (2026.9); "那三年" inside a clause is "those three years".
_COUNT_START_ZH = (
    r"(?<![去近前这头第每几数0-9零〇一二两三四五六七八九十百千.])(?<![^，,。？?！!\s：:*]那)(?<![通经]过)"
    r"(?:(?<!那)|(?=[0-9一二两三四五六七八九十]+\s*年\s*(?:之后|以后|后)))"
)
# ...nor be followed by a word that turns it into the past or into "more than".
# ...nor be an attribute ("10年产业大周期", "五年规划"): a span that names a thing, not a deadline.
_NOT_PAST_ZH = (
    r"(?!\s*(?:之前|以前|前|以上|多|来|级|代|期(?![间内])))"
    r"(?:(?<=[内后里间中])|(?![^，,。；;！？!?\s]{0,4}(?:周期|规划|计划|任期|合同|期限|战略|窗口期|经验|生涯|历史)))"
)
_SEP_ZH = r"(?:到|至|或者|或|和|甚至|乃至|、|-|–|—|~)"
_PAIR_ZH = r"[一二两三四五六七八九][二两三四五六七八九]"
_TENS_PAIR_ZH = r"[一二两三四五六七八][二两三四五六七八九]十"
_RANGE_ZH = rf"(?:{_NUM_ZH}\s*年?\s*{_SEP_ZH}\s*{_NUM_ZH}|{_PAIR_ZH})"
_FEW_TENS_ZH = r"(?:[一二两三四五六七八九]?十几)"
# 中 as "within", not the first character of 中国, 中心, 中华… ("2014到2017年中国经济…").
_WITHIN_ZH = r"(?:之内|以内|内|里|中(?![国华央文心部东])|间|的?时间)"
_LATER_ZH = r"(?:之后|以后|后)"
# 过 of 通过 and 经过 is "through", not "in … time": "通过10年发展" is how it got here (2026.17).
_AHEAD_ZH = r"(?:在\s*)?(?:(?:未来|接下来|今后|往后|此后)的?\s*|再过|(?<![通经])过)?"
# Negations that bound from above keep the bound: 不会超过十年 is within ten years.
_AT_MOST_ZH = (
    r"(?:不会超过|不会超出|不超过|不超出|不会多于|不多于|不会长于|用不了|要不了|不需要|不用|"
    r"不到|不出|最多|至多|顶多|最迟|少于)"
)
_LEAD_ZH = rf"(?:{_AT_MOST_ZH}\s*(?:未来)?\s*|{_AHEAD_ZH})"

_EN_NUM = (
    # Digits whole, never the tail of a longer number: "9,000 years" is not "000 years".
    r"(?:(?<![\d,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,])|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a|one)\s+hundred|hundred"
    r"|a\s+couple\s+of|(?<=next\s)couple\s+of|(?<=coming\s)couple\s+of|a|an)"
)
_EN_RANGE = rf"(?:{_EN_NUM}\s*(?:-|–|—|~|\bto\b|\bor\b|\band\b)\s*{_EN_NUM})"
_EN_APPROX = r"(?:(?:about|around|roughly|approximately|some|perhaps|maybe)\s+)?"
# Negations that bound from above keep the bound: "won't take more than ten years".
_EN_WITHIN = (
    r"(?:within|in\s+less\s+than|less\s+than|in\s+under|under|no\s+more\s+than|not\s+more\s+than"
    r"|no\s+longer\s+than|at\s+most|(?:won'?t|will\s+not|wouldn'?t|would\s+not|doesn'?t|does\s+not"
    r"|not)\s+take\s+(?:more|longer)\s+than|(?:with)?in\s+the\s+(?:next|coming)"
    r"|(?:over|during|for)\s+the\s+(?:next|coming)|the\s+next|next)"
)
_EN_YEARS = r"(?P<unit>years?|decades?)"
# "in early 2025", "by mid-2025": the table has no finer grain than a year for these, so they read
# as the year itself (months, quarters and halves have rules of their own).
_EN_EDGE = r"(?:(?:early|late|mid)[-\s]?)?"
_MONTH_ZH = r"(?:\s*(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?)?"

# An event is a Latin-script name (AGI, GPT-5) or one of the usual Chinese names for one.
_AI_ZH = r"(?:(?:通用|超级|强|超)?人工智[能慧]|超级智[能慧]|(?:技术)?奇点)"
_EVENT_ZH = rf"(?:[a-z][a-z0-9.\-]*|{_AI_ZH})"
_EVENT_VERB_BEFORE_ZH = (
    r"(?:实现|达到|出现|有了|拥有|造出|做出|发明|发布|推出|进入|迎来|到达|开发出|研发出)了?"
)
_EVENT_VERB_AFTER_ZH = r"(?:实现|出现|到来|诞生|来临|发布|问世|落地|成熟|普及|成真)了?"
_SPAN_ZH = rf"(?:{_FEW_TENS_ZH}|{_RANGE_ZH}|{_NUM_ZH}|[几数])\s*个?\s*(?:年|月)半?"
_EVENT_EN = (
    r"(?:agi|asi|tai|hlmi|super-?intelligence|artificial\s+(?:general|super)\s*intelligence"
    r"|(?:the\s+)?singularity|human[-\s]level\s+(?:ai|intelligence)|transformative\s+ai|strong\s+ai"
    r"|(?-i:[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*))"
)
_REACH_EN = (
    r"(?:(?:we|they|humanity|humans|someone|people|it)\s+(?:reach|reaches|get\s+to|get|gets|have"
    r"|has|achieve|achieves|build|builds|develop|develops|create|creates|invent|invents|hit)\s+"
    r"|(?:the\s+)?(?:arrival|advent|creation|development|invention|emergence|release|launch)\s+of\s+"
    r"|(?:achieving|reaching|getting\s+to|getting|building|developing|creating)\s+)?"
)
_SPAN_EN = rf"(?:a\s+few|several|some|{_EN_NUM})\s+(?:years?|months?|decades?)"


# Calendar units finer than a year (months, quarters, halves) and decades by name. Which year
# they fall in: the one given (2025年3月, "March 2025"), this or next year's (今年11月, "November
# of next year"), else the next such one whose last day is on or after said_on (七月 said in
# October is next July).
def _month_zh(name: str = "month") -> str:
    # Not part of a count (三个月, 每月, 几月) or of a word (GPT-4月活, 5月薪).
    return (
        rf"(?<![0-9A-Za-z.\-零〇一二两三四五六七八九十百千几数第每个])"
        rf"(?P<{name}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?!\s*[活薪费度球亮光饼刊票租供均])"
    )


_WHICH_YEAR_ZH = rf"(?:(?P<rel>今年|明年|来年|去年)\s*|{_YEAR}\s*年\s*)?"
_BY_ZH = r"(?:(?:在|于)\s*)?(?P<by>到|至|直到|截至|截止到?)?\s*"
# After a month, quarter or half: 底/末/前 make it a deadline ("by"); 初, 中旬… stay inside it.
_TAIL_ZH = r"(?:份)?(?P<tail>(?:底|末)?\s*(?:之前|以前|前)|底|末|初|中旬|上旬|下旬|中|内|里)?"
_EN_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def _month_en(name: str = "mname") -> str:
    # Capitalised only: "may", "march" and "august" are also ordinary words.
    return (
        rf"(?-i:(?P<{name}>January|February|March|April|May|June|July|August|September|October"
        r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\b\.?"
    )


_EN_BY = (
    r"(?:by|before|until|till|through|no\s+later\s+than|not\s+later\s+than"
    r"|(?:by|before|until|at|towards?)\s+the\s+end\s+of|by\s+end\s+of)"
)
_EN_WHICH_YEAR = rf"(?:\s+(?:of\s+)?(?P<rel>this|next)\s+year|,?\s+(?:of\s+)?{_YEAR})?"
_NO_DAY_EN = r"(?!\s*\d{1,2}(?:st|nd|rd|th)?\b)"
_DAY_ZH = r"(?P<day>[0-9]{1,2}|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"


# ---------------------------------------------------------------------------------------------
# Windows. Each returns (due_earliest, due_latest, vague, boundary_ambiguous), or None to
# reject the match.

_Dates = tuple[date, date | None, bool, bool]
_WindowFn = Callable[[re.Match[str], date], _Dates | None]
_UNIT_MONTHS = {"year": 12, "decade": 120, "month": 1}


_TWO_DIGIT_START_ZH = r"(?<![0-9.零〇一二两三四五六七八九十百千几数第每个多近去来头过这那前后的要用花等了有])"
_TWO_DIGIT_END_ZH = r"(?![0-9]|\s*(?:后|内|以后|之后|以内|之内|里|间|来|前|以前|之前|多|以上|半|代|级|时间|的时间|期间|左右的时间|的?历史|的?经验))"


def _two_digit_year(m: re.Match[str], said_on: date) -> _Dates | None:
    """25年 said in 2024 is 2025; 25年 said in 2010 is no year but a count (the n_years rule's)."""
    century = said_on.year // 100 * 100
    last = century + int(m["year_yy"])
    first = century + int(m["first_yy"]) if m["first_yy"] else last
    if not (said_on.year - 1 <= first <= last <= said_on.year + 3):
        return None
    if last == first + 1:
        return said_on, date(last, 12, 31), False, False  # one of two years: 25和26年
    if first < last or m["by"]:
        return (date(first, 1, 1) if first < last else said_on), date(last, 12, 31), False, False
    return date(last, 1, 1), date(last, 12, 31), False, False


def _calendar_year(m: re.Match[str], said_on: date) -> _Dates:
    year = _year_value(m, "year", said_on)
    return date(year, 1, 1), date(year, 12, 31), False, False


def _calendar_years(m: re.Match[str], said_on: date) -> _Dates | None:
    first, last = _year_value(m, "first", said_on), _year_value(m, "last", said_on)
    if last < first:
        return None
    if last == first + 1:
        return said_on, date(last, 12, 31), False, False  # one of two years (2026-2027年)
    return date(first, 1, 1), date(last, 12, 31), False, False


def _by_year(m: re.Match[str], said_on: date) -> _Dates:
    # "By 2030" may or may not include 2030 itself; the window takes the generous reading and
    # says so, so a reviewer knows the deadline is soft by up to a year.
    return said_on, date(_year_value(m, "year", said_on), 12, 31), False, True


def _this_year(m: re.Match[str], said_on: date) -> _Dates:
    return said_on, date(said_on.year, 12, 31), False, False


def _next_year(m: re.Match[str], said_on: date) -> _Dates:
    year = said_on.year + 1
    return date(year, 1, 1), date(year, 12, 31), False, False


def _by_end_of_next_year(m: re.Match[str], said_on: date) -> _Dates:
    return said_on, date(said_on.year + 1, 12, 31), False, False


def _undated(m: re.Match[str], said_on: date) -> _Dates:
    return said_on, None, False, False


def _one_or_two(m: re.Match[str], said_on: date) -> _Dates:
    return said_on, add_months(said_on, 2 * _UNIT_MONTHS[m["unit"].lower()]), False, False


def _fixed(months: int, *, vague: bool = False) -> _WindowFn:
    def window(m: re.Match[str], said_on: date) -> _Dates:
        return said_on, add_months(said_on, months), vague, False

    return window


def _counted(unit_months: int, *, ranged: bool = False) -> _WindowFn:
    """A window of `n` units from said_on, where the unit is fixed or named by the match.

    Only `ranged` rules accept a range as the count, so 两三年 is a year_range, never n_years.
    """

    def window(m: re.Match[str], said_on: date) -> _Dates | None:
        groups = m.groupdict()
        text = groups.get("n")
        if text is None:
            count: tuple[int, bool] | None = (1, False)  # "in the next year"
        elif ranged:
            count = _range_count(text)
        else:
            single = _single_count(text)
            count = None if single is None else (single, False)
        if count is None:
            return None
        value, fuzzy = count
        unit = groups.get("unit")
        months = value * (_UNIT_MONTHS[unit.lower().rstrip("s")] if unit else unit_months)
        if groups.get("half"):
            months += unit_months // 2
        return said_on, add_months(said_on, months), fuzzy, False

    return window


# --- Months, quarters, halves, decades and days.

_ZH_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10, "十一": 11, "十二": 12}  # fmt: skip
_REL_YEARS = {"今年": 0, "this": 0, "明年": 1, "来年": 1, "next": 1, "去年": -1}


def _month_of(m: re.Match[str], name: str) -> int | None:
    raw = m.groupdict().get(name)
    if raw is None:
        return None
    value = _EN_MONTH_NAMES.get(raw[:3].lower()) or _ZH_MONTHS.get(raw) or (int(raw) if raw.isdigit() else 0)
    return value if 1 <= value <= 12 else None


def _given_year(m: re.Match[str], said_on: date, *, rel: str = "rel") -> int | None:
    """The year the words name: a year (2025, '25), this/next year, or None when they name none."""
    groups = m.groupdict()
    if groups.get("year") or groups.get("year_yy"):
        return _year_value(m, "year", said_on)
    if groups.get("yy"):
        return said_on.year // 100 * 100 + int(groups["yy"])
    word = groups.get(rel)
    if word and word.lower() in _REL_YEARS:
        return said_on.year + _REL_YEARS[word.lower()]
    return None


def _is_by(m: re.Match[str]) -> bool:
    groups = m.groupdict()
    return bool(groups.get("by")) or any(word in (groups.get("tail") or "") for word in "前底末")


def _period(said_on: date, year: int | None, first_month: int, months: int) -> tuple[date, date]:
    """First and last day of the period of `months` months starting at `first_month`, in `year`
    or, when no year is given, the next such period that has not ended by said_on."""
    if year is None:
        year = said_on.year
        if _last_day(year, first_month + months - 1) < said_on:
            year += 1
    return date(year, first_month, 1), _last_day(year, first_month + months - 1)


def _last_day(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(m: re.Match[str], said_on: date) -> _Dates | None:
    month = _month_of(m, "month") or _month_of(m, "mname")
    if month is None:
        return None
    year = _given_year(m, said_on) or _given_year(m, said_on, rel="rel2")
    groups = m.groupdict()
    if groups.get("mname") and year is None and not (groups.get("pre") or groups.get("edge")):
        return None  # "May I ask", "March on", "Jan said": a month name alone is no horizon
    if year is None and not m.groupdict().get("tail") and m.string.startswith("的", m.end()):
        return None  # "11月的事情", "十一月的董事会": an event of a month named, not a horizon
    first, last = _period(said_on, year, month, 1)
    return (said_on if _is_by(m) else first), last, False, False


def _this_or_next_month(m: re.Match[str], said_on: date) -> _Dates:
    ahead = 1 if m.groupdict().get("next") else 0
    return said_on, _last_day(said_on.year, said_on.month + ahead), False, False


def _either_month(m: re.Match[str], said_on: date) -> _Dates | None:
    first, second = _month_of(m, "m1") or _month_of(m, "n1"), _month_of(m, "m2") or _month_of(m, "n2")
    if first is None or second is None or first == second:
        return None
    start, _ = _period(said_on, _given_year(m, said_on), first, 1)
    # The second month follows the first: 十一月或一月 is November or the January after it.
    offset = second - first if second > first else second + 12 - first
    return said_on, _last_day(start.year, first + offset), False, False


def _either_year(m: re.Match[str], said_on: date) -> _Dates | None:
    first = _year_value(m, "first", said_on)
    groups = m.groupdict()
    if groups.get("last") or groups.get("last_yy"):
        last = _year_value(m, "last", said_on)
    else:
        last = first // 100 * 100 + int(m["short"])
    if last != first + 1 and not m.groupdict().get("or"):
        return None  # 2025-2030 is a range of years (calendar_year), not one of two
    if last <= first:
        return None
    return said_on, date(last, 12, 31), False, False


_EN_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                "4th": 4, "last": 4, "final": 4, "一": 1, "二": 2, "三": 3, "四": 4}  # fmt: skip


def _quarter(m: re.Match[str], said_on: date) -> _Dates | None:
    groups = m.groupdict()
    if groups.get("this") or groups.get("next"):
        current = (said_on.month - 1) // 3
        index = current + (1 if groups.get("next") else 0)
        return said_on, _last_day(said_on.year, index * 3 + 3), False, False
    raw = (
        groups.get("q")
        or groups.get("q1")
        or groups.get("q2")
        or groups.get("q3")
        or groups.get("q4")
        or groups.get("qq")
        or groups.get("ord")
        or ""
    )
    number = _EN_ORDINALS.get(raw.lower()) or (int(raw) if raw.isdigit() else 0)
    if not 1 <= number <= 4:
        return None
    _, last = _period(said_on, _given_year(m, said_on), number * 3 - 2, 3)
    return said_on, last, False, False


def _mid_year(m: re.Match[str], said_on: date) -> _Dates:
    year = said_on.year + (1 if m.groupdict().get("next") else 0)
    if not m.groupdict().get("next") and not m.groupdict().get("this") and date(year, 6, 30) < said_on:
        year += 1  # "by the middle of the year" said in the second half: next year's
    return said_on, date(year, 6, 30), False, False


def _year_start(m: re.Match[str], said_on: date) -> _Dates:
    return said_on, date(said_on.year, 3, 31), False, False


_HALVES = {"上": 1, "前": 1, "first": 1, "front": 1, "1": 1, "下": 2, "后": 2, "second": 2,
           "back": 2, "latter": 2, "last": 2, "2": 2}  # fmt: skip


def _half(m: re.Match[str], said_on: date) -> _Dates | None:
    groups = m.groupdict()
    number = _HALVES.get((groups.get("h") or groups.get("hh") or "").lower())
    if number is None or (groups.get("hh") and not (groups.get("pre") or groups.get("year"))):
        return None  # "H2" alone is as likely hydrogen as a half year
    _, last = _period(said_on, _given_year(m, said_on), number * 6 - 5, 6)
    return said_on, last, False, False


def _century_part(m: re.Match[str], said_on: date) -> _Dates:
    groups = m.groupdict()
    middle = groups.get("mid") or (groups.get("part") or "").startswith("中")
    return said_on, date(2050 if middle else 2100, 12, 31), False, True


def _five_year_plan(m: re.Match[str], said_on: date) -> _Dates:
    # The third plan ran 1966–1970 and each since has run five years: the 15th is 2026–2030.
    first = 1966 + 5 * (10 + _CN_DIGITS[m["plan"]] - 3)
    if (m["tail"] or "").startswith("末"):
        return said_on, date(first + 4, 12, 31), False, False
    return date(first, 1, 1), date(first + 4, 12, 31), False, False


def _decade_named(m: re.Match[str], said_on: date) -> _Dates | None:
    groups = m.groupdict()
    if groups.get("year"):
        first = int(groups["year"])
    else:
        tens = _parse_chinese(groups["dec"]) if not groups["dec"].isdigit() else int(groups["dec"])
        if tens is None:
            return None
        century = groups.get("century") or ""
        if century.startswith(("上", "20", "二十世")):
            first = 1900 + tens
        elif century:
            first = 2000 + tens
        else:
            # 30年代 said in the 2020s is the 2030s; 80年代 is the 1980s (no one forecasts 2080 so).
            first = 2000 + tens if 2000 + tens <= said_on.year // 10 * 10 + 30 else 1900 + tens
    if first % 10:
        return None
    last = date(first + 9, 12, 31)
    if groups.get("by"):
        edge = (groups.get("edge") or "").lower()
        late = groups.get("end") or edge in ("late", "末", "末期")
        if edge in ("mid", "中", "中期"):
            return said_on, date(first + 5, 12, 31), False, True  # by the mid-2030s: by 2035 (2026.9)
        return said_on, (last if late else date(first, 12, 31)), False, not late
    return date(first, 1, 1), last, False, False


def _day(m: re.Match[str], said_on: date) -> _Dates | None:
    month = _month_of(m, "month") or _month_of(m, "mname")
    day_text = m["day"]
    day_number = int(day_text) if day_text.isdigit() else _parse_chinese(day_text)
    if month is None or not day_number:
        return None
    year = _given_year(m, said_on)
    if year is None:
        year = said_on.year if (month, day_number) >= (said_on.month, said_on.day) else said_on.year + 1
    day = date(year, month, day_number)  # ValueError (Feb 30) rejects the match
    return (said_on if _is_by(m) else day), day, False, False


def _the_next_year(m: re.Match[str], said_on: date) -> _Dates:
    """ "The next year" alone is the coming year; "the following year", 次年 and the like count
    from a time named before them and are undated alone (see _governing)."""
    if re.match(r"the\s+next\s+year", m[0], re.IGNORECASE):
        return _next_year(m, said_on)
    return _undated(m, said_on)


# ---------------------------------------------------------------------------------------------
# The rules. Order only breaks ties between equally long matches at the same place, so more
# specific readings come first: event-relative and open-ended horizons before the dated ones
# they contain, and 未来十年 as a decade before the same words read as 未来N年.


class _Rule(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    window: _WindowFn
    # The characters a match can start with (None: any): a text holding none of them is skipped
    # without running the pattern, which halves the rules tried on a typical clause.
    starts: frozenset[str] | None = None


_RULE_TABLE: list[tuple[str, str, _WindowFn]] = [
    # --- Counted from an event, not from said_on: undated, keep the words.
    ("event_relative",
     rf"(?:在\s*)?(?:{_EVENT_VERB_BEFORE_ZH}\s*)?{_EVENT_ZH}\s*(?:{_EVENT_VERB_AFTER_ZH}\s*)?"
     rf"{_LATER_ZH}\s*(?:的\s*)?(?:{_SPAN_ZH}(?:{_WITHIN_ZH}|{_LATER_ZH})?)?",
     _undated),
    # AGI出现十年后 needs the verb: without it, AGI十年后出现 is "AGI, ten years from now".
    ("event_relative",
     rf"(?:在\s*)?{_EVENT_ZH}\s*{_EVENT_VERB_AFTER_ZH}\s*(?:的\s*)?{_SPAN_ZH}\s*"
     rf"(?:{_WITHIN_ZH}|{_LATER_ZH})",
     _undated),
    ("event_relative",
     rf"\b(?:(?:with)?in\s+)?(?:{_SPAN_EN}\s+)?(?:after|following|post)\s+{_REACH_EN}{_EVENT_EN}\b",
     _undated),
    ("event_relative", rf"\b(?:with)?in\s+{_SPAN_EN}\s+of\s+{_REACH_EN}{_EVENT_EN}\b", _undated),
    # "within three months of launch", "in two years of its release": counted from that event.
    ("event_relative",
     rf"\b(?:with)?in\s+{_SPAN_EN}\s+of\s+(?!now\b|today\b|this\b|each\b|one\s+another\b|the\s+(?:year|decade)\b)"
     r"(?:(?:the|its|their|our|his|her|a|an)\s+)?[a-z]+",
     _undated),
    ("event_relative", rf"\bpost-{_EVENT_EN}\b", _undated),
    ("event_relative",
     rf"\b(?:once|when)\s+(?:we|they|humanity)\s+(?:reach|get\s+to|get|have|achieve|build)\s+"
     rf"{_EVENT_EN}\b",
     _undated),
    # --- Open-ended ("after 2030", "at least ten years", 十年以上): a lower bound is no
    # deadline, so these are undated like "no horizon", but the words are kept.
    ("none", rf"(?:在\s*)?{_YEAR}\s*年{_MONTH_ZH}\s*{_LATER_ZH}", _undated),
    ("none", rf"不会在\s*{_YEAR}\s*年?\s*(?:之前|以前|前)", _undated),
    ("none",
     rf"(?:超过|超出|多于|至少|起码|最少|不止)\s*{_NUM_ZH}\s*(?:个\s*月|年)(?:以上)?",
     _undated),
    # "至少还要 8—10 年左右", "至少要等三年": "at least", however the wait is said, and a range too.
    ("none",
     rf"(?:至少|起码|最少)\s*(?:还|也)?\s*(?:需要|要|得)?\s*(?:等|花)?\s*(?:上)?\s*"
     rf"(?:{_RANGE_ZH}|{_NUM_ZH})\s*(?:个\s*月|年)(?:左右|以上|的?时间)?",
     _undated),
    ("none", rf"{_COUNT_START_ZH}{_NUM_ZH}\s*(?:个\s*月|年)(?:以上|多)", _undated),
    ("none",
     rf"不会在\s*{_AHEAD_ZH}(?:{_NUM_ZH}|[几数])\s*(?:个\s*月|年){_WITHIN_ZH}?",
     _undated),
    ("none",
     rf"{_COUNT_START_ZH}(?:{_NUM_ZH}|[几数])\s*(?:个\s*月|年){_WITHIN_ZH}\s*(?:都|还|也)?\s*"
     r"不(?:会|可能|太可能)",
     _undated),
    ("none",
     rf"\b(?:after|beyond|not\s+before|not\s+until|no\s+earlier\s+than|later\s+than)\s+"
     rf"{_EN_EDGE}{_YEAR}\b",
     _undated),
    # A rate by the year ("一年 6000 美元", "一年有大约15亿的现金流"): how much a year, not by when (2026.17).
    ("none", r"(?<![0-9零〇一二两三四五六七八九十百几数])一\s*年(?=\s*(?:有|赚|收入|营收|花|大约|约|近|[0-9]))", _undated),
    # A frequency or an interval ("每隔几年就会有新的突破", "相隔十年"): how often, not by when (2026.17).
    ("none", rf"(?:每\s*隔|相隔|间隔)\s*(?:{_NUM_ZH}|[几数])\s*(?:个\s*月|年)", _undated),
    # "直到11年后…才结束", "直到十年后才会实现": not until then, a lower bound or a story (2026.17).
    ("none", rf"直到\s*{_NUM_ZH}\s*(?:个\s*月|年)\s*{_LATER_ZH}", _undated),
    ("none", rf"\bpost-{_YEAR}\b", _undated),
    # ...and so is a quarter, a half or a span ("Beyond Q1, for the remainder of the year, …",
    # "beyond the next 12 months"): the period starts after it, so another time governs (2026.17).
    ("none",
     r"\b(?:after|beyond)\s+(?:the\s+)?(?:Q[1-4]|H[12]|(?:first|second|third|fourth)\s+quarter"
     rf"|(?:first|second)\s+half|(?:next|coming)\s+{_EN_NUM}\s+(?:months|years))\b",
     _undated),
    ("none",
     rf"\b(?:more\s+than|over|at\s+least|not\s+(?:with)?in(?:\s+the\s+next)?"
     rf"|not\s+for(?:\s+(?:another|at\s+least))?)\s+{_EN_APPROX}{_EN_NUM}\s+{_EN_YEARS}\b",
     _undated),
    ("none", r"\b(?:not\s+)?for\s+(?:(?:many|several|a\s+few)\s+)?decades\b", _undated),
    # --- A day, given with "by" or "on" (a bare full date is a dateline: see _in_the_past).
    ("day",
     rf"(?:(?P<by>到|直到|截至|截止到?)|(?:将|会)?(?:在|于))\s*{_YEAR}\s*年\s*{_month_zh()}\s*{_DAY_ZH}"
     r"(?P<tail>\s*(?:之前|以前|前))?",
     _day),
    ("day", rf"{_YEAR}\s*年\s*{_month_zh()}\s*{_DAY_ZH}(?P<tail>\s*(?:之前|以前|前))", _day),
    ("day",
     rf"\b(?:(?P<by>{_EN_BY})|on)\s+{_month_en()}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\b"
     rf"(?:,?\s+{_YEAR})?",
     _day),
    # --- One of two months or years (11月或12月, "November or December", 2026或2027年,
    # "in 2026-2027"): from said_on to the later one's last day.
    ("either",
     rf"{_BY_ZH}{_WHICH_YEAR_ZH}{_month_zh('m1')}?\s*(?:或者?|或是|还是|到|至|-|–|~)\s*{_month_zh('m2')}"
     rf"{_TAIL_ZH}",
     _either_month),
    ("either",
     rf"\b(?:(?:{_EN_BY}|in|during|around)\s+)?{_month_en('n1')}\s+(?:or|to|through|-|–)\s+"
     rf"{_month_en('n2')}{_EN_WHICH_YEAR}{_NO_DAY_EN}",
     _either_month),
    ("either",
     rf"(?:(?:在|于|到)\s*)?{_year('first')}\s*年?\s*(?P<or>或者?|或是|还是)\s*{_year('last')}\s*年"
     rf"{_WITHIN_ZH}?",
     _either_year),
    ("either",
     rf"\b(?:(?:{_EN_BY}|in|during|around)\s+)?{_year('first')}\s*(?:(?P<or>\bor\b)|-|–|/|\bto\b|,(?=[ \t]+(?:19|20|21)[0-9]{{2}}(?![0-9])"
     r"|[ \t]+[0-9]{2}(?:[ \t]*(?:[,.;:!?)\]]|$)|[ \t]+(?-i:[A-Z]))))\s*"
     # "probably in 2025, 2026" is one of two years, as 2025、2026年 is; "2024, 2025 and 2026" a list
     # (2026.14); "2027, 28 AGI" too, the second said with two digits, not "2025, 26 companies" (2026.15).
     rf"(?:{_year('last')}|(?P<short>[0-9]{{2}})(?![0-9]))(?!,?\s+(?:and|or|&)\s+['’]?[0-9]{{2}})",
     _either_year),
    # --- A month (七月, 7月, 今年11月, "in July", "by July", "November of this year").
    ("month", rf"{_BY_ZH}{_WHICH_YEAR_ZH}{_month_zh()}{_TAIL_ZH}", _month),
    ("month",
     rf"\b(?P<pre>(?P<by>{_EN_BY})\s+|(?:in|during|around)\s+|(?P<rel2>this|next|come)\s+)?"
     rf"(?P<edge>(?:early|late|mid)[-\s]?)?{_month_en()}(?(rel2)|{_EN_WHICH_YEAR}){_NO_DAY_EN}",
     _month),
    ("month", r"(?:到|在)?\s*(?:(?P<this>本|这个)月|(?P<next>下个?)月)(?:底|末)?(?:之前|以前|前)?",
     _this_or_next_month),
    ("month",
     r"\b(?:(?:by|before|at|until|towards?)\s+the\s+end\s+of\s+)?(?:(?P<this>this)|(?P<next>next))\s+month\b"
     r"|\b(?:by|before|at)\s+the\s+end\s+of\s+(?:the\s+)?(?P<thismonth>month)\b",
     _this_or_next_month),
    # --- A quarter or a half (第三季度, Q3, 下半年, "the second half of the year", H2 2026).
    ("quarter",
     rf"{_BY_ZH}{_WHICH_YEAR_ZH}(?:第\s*(?P<q>[一二三四1-4])\s*(?:个\s*)?季度"
     # ...and without 第 (明年一季度, 2026年1季度), never a count (三个季度, 两个季度).
     r"|(?<![0-9零〇一二两三四五六七八九十几数第每])(?P<q1>[一二三四1-4])\s*季度"
     # ...and one of two quarters, by the later one's end (2024年一二季度, 明年三四季度) (2026.13).
     r"|(?<![0-9零〇一二两三四五六七八九十几数第每])(?:一(?P<q2>二)|二(?P<q3>三)|三(?P<q4>四))\s*季度"
     r"|(?-i:Q)(?P<qq>[1-4])(?![0-9])"
     r"(?:\s*季度)?)(?P<tail>末|底|前|之前|以前|内|中)?",
     _quarter),
    ("quarter", r"(?:(?P<this>本|这个|当前)|(?P<next>下个?|下一个?))\s*季度(?:末|底|内)?", _quarter),
    ("quarter",
     rf"\b(?:(?P<by>{_EN_BY})\s+|(?:in|during)\s+)?(?:the\s+)?(?P<ord>first|second|third|fourth|last|final"
     rf"|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter(?:\s+of\s+(?:(?P<rel>this|next)\s+year|the\s+year)"
     rf"|(?:\s+of)?\s+(?:fiscal\s+)?{_YEAR})?\b",
     _quarter),
    ("quarter",
     rf"\b(?:(?P<by>{_EN_BY})\s+|(?:in|during)\s+)?(?-i:Q)(?P<qq>[1-4])\b(?:\s*{_YEAR}|\s*['’](?P<yy>[0-9]{{2}})\b)?",
     _quarter),
    ("quarter",
     rf"\b(?:(?P<by>{_EN_BY})\s+)?(?:(?P<this>this|the\s+current)|(?P<next>next|the\s+next|the\s+coming))"
     r"\s+quarter\b",
     _quarter),
    ("quarter", rf"\b(?P<this>{_EN_BY})\s+the\s+quarter\b", _quarter),
    ("half", rf"{_BY_ZH}{_WHICH_YEAR_ZH}(?P<h>上|下|前|后)半年(?P<tail>底|末|之前|以前|前|内|中)?", _half),
    # The middle of the year is the end of its first half: "by the middle of the year", "by mid-year",
    # 今年年中, 明年年中前 (2026.9).
    ("half",
     r"\b(?:by|before|until|till|around)\s+(?:the\s+)?(?:middle\s+of\s+(?:the\s+|this\s+|(?P<next>next)\s+)?year|mid-?year)\b",
     _mid_year),
    ("half", r"(?:(?:到|在|于)\s*)?(?:(?P<this>今年)|(?P<next>明年))\s*年中(?:之前|以前|前)?", _mid_year),
    # The start of this year is its first quarter: 今年年初 said in July is the past (2026.9).
    ("quarter", r"(?<![明去前])(?:今年|本年)\s*(?:年初|初)(?!\s*以来)", _year_start),
    ("quarter", r"\b(?:early\s+this\s+year|the\s+(?:beginning|start)\s+of\s+this\s+year)\b", _year_start),
    ("half",
     rf"\b(?:(?P<by>{_EN_BY})\s+|(?:in|during|over)\s+)?the\s+(?P<h>first|second|back|latter|front|last)"
     rf"[\s-]+half\s+of\s+(?:(?P<rel>this|next)\s+year|the\s+year|{_YEAR})\b",
     _half),
    ("half",
     rf"\b(?:(?P<pre>(?P<by>{_EN_BY})|in|during)\s+)?(?-i:H)(?P<hh>[12])\b(?:\s*{_YEAR})?",
     _half),
    # --- A decade by name (2030年代, 本世纪30年代, "the 2030s").
    # --- The middle or end of this century (本世纪中叶, "by mid-century"): 2050, 2100 (2026.9).
    ("by_year",
     r"(?:(?:到|直到|截至|在|于)\s*)?(?:本世纪|21\s*世纪|二十一世纪)\s*(?P<part>中叶|中期|末|末期|末叶)",
     _century_part),
    ("by_year",
     r"\b(?:by|before|around)\s+(?:the\s+)?(?:(?P<mid>mid-?century|middle\s+of\s+(?:the|this)\s+century)"
     r"|(?P<end>end\s+of\s+(?:the|this)\s+century))\b",
     _century_part),
    # --- A five-year plan by its number (“十五五”期间 is 2026–2030, 十四五末 the end of 2025) (2026.9).
    ("calendar_year",
     r"(?<![一二两三四五六七八九十百0-9])[“\"]?十(?P<plan>[一二三四五六七八九])五[”\"]?(?:规划)?(?P<tail>末期?|期间|时期|内)?",
     _five_year_plan),
    ("named_decade",
     r"(?:(?P<by>到|直到|截至)\s*)?(?:(?P<century>本世纪|21\s*世纪|二十一世纪|上世纪|20\s*世纪|二十世纪)\s*)?"
     r"(?<![0-9])(?P<dec>[1-9]0|[一二三四五六七八九]十)\s*年代(?P<edge>初期?|中期|末期?|中)?",
     _decade_named),
    ("named_decade",
     r"(?:(?P<by>到|直到|截至)\s*)?(?<![0-9])(?P<year>(?:19|20|21)[0-9]0)\s*年代(?P<edge>初期?|中期|末期?|中)?",
     _decade_named),
    ("named_decade",
     r"\b(?:(?P<by>by|before|until|till)\s+(?:(?P<end>the\s+end\s+of|the\s+close\s+of)\s+)?"
     r"|(?:in|during|throughout|over|within)\s+)?the\s+(?:(?P<edge>early|late|mid)[-\s]?)?"
     r"(?P<year>(?:19|20|21)[0-9]0)['’]?s\b",
     _decade_named),
    # --- A year as the subject ("2026 will see…", "2027将是…"): that calendar year.
    ("calendar_year",
     rf"(?<!\w)(?:the\s+year\s+)?{_YEAR}(?=\s+(?:will|'ll|is\s+going\s+to|is\s+gonna|could|might|may|should"
     r"|would|must|promises|looks|is\s+(?:likely|set|poised|expected|shaping\s+up|looking|when|the\s+year)))",
     _calendar_year),
    ("calendar_year", rf"{_YEAR}(?=\s*(?:将|会|可能|有望|或将|也将|必将))", _calendar_year),
    # A heading of the year's forecasts: "2025 Predictions: CIOs Drive AI Strategy" (2026.10).
    ("calendar_year",
     rf"(?<!\w){_YEAR}(?=\s+(?:(?:tech|technology|AI|market|economic)\s+)?(?:predictions|forecasts|outlook)\s*:)",
     _calendar_year),
    # "look forward to 2025 as the year when…", "2025 is the year of agents".
    ("calendar_year", rf"(?<!\w){_YEAR}(?=\s+(?:as|to\s+be|is|will\s+be)\s+the\s+year\b)", _calendar_year),
    # ...and "2026 is an important year for this", "2027 will be a big year for robots" (2026.9).
    ("calendar_year", rf"(?<!\w){_YEAR}(?=\s+(?:is|will\s+be)\s+an?\s+(?:[\w-]+\s+){{1,2}}year\b)", _calendar_year),
    # ...and the year of what a company or an agency measures: "we expect 2023 CapEx to be…",
    # "full-year 2023 total expenses will be…", "lowered its 2015 projection to 1.3 percent", as
    # 2023年的资本支出 is 2023年 (2026.14). Not a fiscal year, which is no calendar year.
    ("calendar_year",
     rf"(?<![\w-])(?<!fiscal\s)(?<!fiscal\syear\s){_YEAR}(?=\s+(?:(?:total|operating|capital|adjusted|annual)\s+)?"
     r"(?:revenues?|expenses?|capex|capital\s+expenditures|tax\s+rates?|budget|guidance|sales|earnings"
     r"|deliveries|shipments|projections?|forecasts?|growth|GDP|inflation|unemployment)\b)",
     _calendar_year),
    # ...and the best or the worst of a year: "the biggest political winner of 2026", "my biggest
    # loser of 2026 is…" (2026.17).
    ("calendar_year",
     rf"\b(?:biggest|best|worst|top|greatest|largest|hottest|most\s+[\w-]+)\s+(?:[\w-]+\s+){{0,3}}?of\s+{_YEAR}\b",
     _calendar_year),
    # --- Counted from a time named before it ("X by 2035; Y the next year"): never governs.
    ("anaphoric",
     r"\bthe\s+(?:next|following)\s+year\b|\bthe\s+year\s+after\b|\b(?:a|one)\s+year\s+later\b",
     _the_next_year),
    ("anaphoric", r"次年|翌年|第二年|同年", _the_next_year),
    # "from X one year to Y the next year": a sequence, not a count from said_on.
    ("anaphoric", r"\bone\s+year\b(?=.*\bthe\s+(?:next|following)\s+year\b)", _the_next_year),
    # --- Calendar years.
    ("calendar_year",
     rf"(?:(?:在|于|从)\s*)?{_year('first')}\s*年?\s*(?:到|至|和|-|–|—|~)\s*{_year('last')}\s*年"
     rf"{_WITHIN_ZH}?",
     _calendar_years),
    # A list of years ("for ’23, ’24 and ’25", "in 2026, 2027 and 2028"): from the first to the last.
    ("calendar_year",
     rf"(?<!\w)(?:(?:in|between|from|during|for)\s+)?{_year('first')}"
     r"(?:\s*,\s*(?:(?:19|20|21)[0-9]{2}|['’][0-9]{2})(?![0-9]))+\s*,?\s*(?:and|or)\s*"
     rf"{_year('last')}\b",
     _calendar_years),
    ("calendar_year",
     rf"(?<!\w)(?:(?:in|between|from|during|for)\s+)?{_year('first')}\s*(?:-|–|—|~|\bto\b|\band\b"
     rf"|\bthrough\b)\s*{_year('last')}\b",
     _calendar_years),
    ("calendar_year",
     rf"(?:(?:在|于)\s*)?{_YEAR}\s*年{_WITHIN_ZH}?(?!\s*(?:代|{_LATER_ZH}))",
     _calendar_year),
    ("calendar_year", rf"(?:在|于)\s*{_YEAR}(?!\s*年)", _calendar_year),
    ("calendar_year",
     rf"\b(?:(?:sometime|some\s+time)\s+)?(?:in|into|during|throughout|for|in\s+the\s+year|(?:in\s+)?calendar(?:\s+year)?)\s+"
     rf"{_EN_EDGE}{_YEAR}\b",
     _calendar_year),
    # --- By a year.
    ("by_year",
     rf"(?:(?:在|于)\s*)?{_YEAR}\s*年\s*(?:底|末)?\s*(?:之前|以前|前|左右|前后|上下)",
     _by_year),
    ("by_year", rf"(?:(?:在|于)\s*)?{_YEAR}\s*年\s*(?:底|末)", _by_year),
    ("by_year",
     rf"(?:到|至|直到|截至|截止到?)\s*{_YEAR}(?:\s*年\s*(?:底|末)?\s*"
     r"(?:之前|以前|前|左右|前后|上下|为止)?)?",
     _by_year),
    ("by_year",
     rf"\b(?:by|before|around|circa|until|till|through|no\s+later\s+than|not\s+later\s+than"
     rf"|(?:by|before|towards?)\s+the\s+end\s+of|by\s+end\s+of|(?:by|in|sometime)\s+"
     rf"(?:around|about|roughly)|approximately|roughly)\s+{_EN_EDGE}{_YEAR}\b",
     _by_year),
    # "to 2050" is the English of 到2050年: "oil demand to 2050", "remain the backbone … through to
    # 2050" (2026.13); not a comparison ("compared to 2023") nor a level ("back to 2019 levels").
    ("by_year",
     rf"\b(?:through\s+to|(?<!compared\s)(?<!relative\s)(?<!close\s)(?<!equal\s)(?<!due\s)(?<!thanks\s)to)"
     rf"\s+{_EN_EDGE}{_YEAR}\b(?!\s*(?:%|levels?\b|units?\b|figures?\b))",
     _by_year),
    # --- This year.
    ("this_year", r"(?:(?:在|到)\s*)?今年(?:年底|年内|年末|底|内|末)?(?:之前|以前|前)?",
     _this_year),
    # Not the end of a year told before ("那年年底就做完了", 当年年底, 去年年底) (2026.13).
    ("this_year", r"(?<!那年)(?<!那一年)(?<!当年)(?<!去年)(?<!前年)(?:年底|年末)(?:之前|以前|前)?|年内|本年度?内?", _this_year),
    ("this_year",
     r"\b(?:(?:by|before|until|till|at|towards?)\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+"
     r"(?:calendar\s+)?year\b",
     _this_year),
    ("this_year", r"\b(?:(?:by|before|at)\s+)?(?:the\s+)?year[-\s]end\b", _this_year),
    ("this_year",
     r"\b(?:(?:later|sometime|within|during|in|by|over)\s+)?this\s+(?:calendar\s+)?year\b",
     _this_year),
    ("this_year", r"\bwithin\s+the\s+year\b", _this_year),
    # "for the remainder of the year", "over the rest of this year": the year said_on is in (2026.17).
    ("this_year",
     r"\b(?:(?:for|over|during|in|through(?:out)?)\s+)?the\s+(?:rest|remainder|balance)\s+of\s+"
     r"(?:the|this)\s+(?:calendar\s+)?year\b",
     _this_year),
    # --- Next year. 明年底 / "by the end of next year" may come true from said_on onwards.
    ("next_year", r"(?:到\s*)?(?:明年|来年)(?:年底|年末|底|末)(?:之前|以前|前)?|到\s*明年",
     _by_end_of_next_year),
    ("next_year", r"(?:在\s*)?(?:明年|来年)(?:年内|内)?", _next_year),
    ("next_year",
     r"\b(?:(?:by|before|until|till|at)\s+)?(?:the\s+)?end\s+of\s+next\s+year\b"
     r"|\bby\s+next\s+year\b",
     _by_end_of_next_year),
    ("next_year", r"\b(?:(?:sometime|later|early|in|during)\s+)?next\s+year\b", _next_year),
    # --- Months.
    ("n_months",
     rf"{_LEAD_ZH}{_COUNT_START_ZH}(?P<n>{_FEW_TENS_ZH}|{_RANGE_ZH}|{_NUM_ZH})\s*个\s*月"
     rf"(?:{_WITHIN_ZH}|{_LATER_ZH})?{_NOT_PAST_ZH}",
     _counted(1, ranged=True)),
    ("n_months",
     rf"{_LEAD_ZH}(?<![上下前后])半\s*年(?:{_WITHIN_ZH}|{_LATER_ZH})?{_NOT_PAST_ZH}",
     _fixed(6)),
    ("n_months",
     rf"\b(?:{_EN_WITHIN}|in)\s+{_EN_APPROX}(?P<n>{_EN_RANGE}|{_EN_NUM})\s+months?\b"
     r"(?:'?\s*time\b)?",
     _counted(1, ranged=True)),
    ("n_months", rf"\b(?P<n>{_EN_RANGE}|{_EN_NUM})\s+months?\s+from\s+now\b",
     _counted(1, ranged=True)),
    ("n_months", r"\b(?:(?:with)?in\s+|in\s+the\s+next\s+)?half\s+a\s+year\b", _fixed(6)),
    ("n_months", r"\b(?:(?:with)?in\s+)?(?:the\s+next\s+)?(?:a|one)\s+month\s+or\s+two\b",
     _fixed(2)),
    ("few_months",
     rf"{_AHEAD_ZH}(?<![十百这近去])(?:几\s*个|数\s*个?)\s*月(?:{_WITHIN_ZH}|{_LATER_ZH})?"
     rf"{_NOT_PAST_ZH}",
     _fixed(6, vague=True)),
    ("few_months",
     r"\b(?:(?:(?:with)?in|over|during)\s+)?the\s+(?:next|coming)\s+(?:few\s+|several\s+)?"
     r"months\b",
     _fixed(6, vague=True)),
    ("few_months",
     r"\b(?:(?:(?:with)?in|over)\s+)?(?:a\s+few|several|a\s+matter\s+of|few)\s+months\b"
     r"(?:'?\s*time\b|\s+from\s+now\b)?",
     _fixed(6, vague=True)),
    ("few_months", r"\b(?:with)?in\s+months\b|\bmonths\s+(?:away|from\s+now)\b"
     r"|\b(?:(?:with)?in|over|during)\s+coming\s+months\b",
     _fixed(6, vague=True)),
    # --- Soon.
    ("soon",
     rf"(?:在\s*)?(?:不久的?将来|不远的?将来|不久(?:之后|以后|后)?|{SOON_ZH}(?:就)?|即将|马上|"
     r"短时间内|短期内|相对较快|近期内?|指日可待|不会(?:很|太)久|用不了多久|不用等?(?:很|太)久|快要|"
     r"为期不远|(?:已经)?不远了|近在眼前|近在咫尺)"
     r"(?!\s*(?:之前|以前|前|乐))",
     _fixed(12, vague=True)),
    ("soon",
     r"\b(?:(?:very|quite|pretty|relatively|fairly)\s+)?(?<!as\s)soon(?:er)?\b"
     r"(?!\s+as\b)(?!\s+or\s+later\b)",
     _fixed(12, vague=True)),
    ("soon",
     r"\bshortly\b|\bimminent(?:ly)?\b|\bbefore\s+long\b|\bany\s+day\s+now\b"
     r"|\b(?:won't|will\s+not)\s+be\s+long\b"
     r"|\bin\s+short\s+order\b|\bnear[-\s]term\b"
     r"|\b(?:is|are|am|be|been|'s|'re|seems?|appears?)\s+(?:just\s+|now\s+)?about\s+to\b"
     r"|(?:\bnot|n't)\s+(?:too\s+|that\s+|very\s+|so\s+)?far\s+off\b|\b(?:just\s+)?(?:a)?round\s+the\s+corner\b",
     _fixed(12, vague=True)),
    ("soon",
     r"\b(?:in\s+)?the\s+(?:very\s+)?(?:near(?:[-\s]term|\s+future)|short\s+term"
     r"|not[-\s]too[-\s]distant\s+future)\b",
     _fixed(12, vague=True)),
    # --- A decade, named as such (HORIZONS.md lists 十年 and 未来十年 here).
    ("decade",
     r"(?:在\s*)?(?:(?:未来|接下来|今后|往后|此后)的?\s*|这个|下一?个)?"
     rf"(?<![0-9零〇一二两三四五六七八九十百千几数])十\s*年(?:间|里|中)?{_NOT_PAST_ZH}",
     _fixed(120)),
    ("decade",
     r"\b(?:(?:(?:with)?in|over|during|(?:by|before)\s+the\s+end\s+of)\s+)?"
     r"(?:this|(?:the\s+)?(?:next|coming)|the|a)\s+decade\b(?!\s+ago\b)",
     _fixed(120)),
    # --- A year said with two digits near said_on's (25年, 在26年, 25和26年, 到27年): that calendar year,
    # not a count of 25 years; only a year or so behind said_on's to three ahead, never before 后/内
    # (25年后 is twenty-five years on) nor after 未来, 过去, 再过… (2026.14).
    ("calendar_year",
     rf"(?:(?P<by>到|至|截至|截止到?)\s*|(?:在|于)\s*)?{_TWO_DIGIT_START_ZH}(?:(?P<first_yy>[1-3][0-9])\s*年?\s*"
     rf"(?:和|到|至|、|-|–|~)\s*)?(?P<year_yy>[1-3][0-9])\s*年{_TWO_DIGIT_END_ZH}",
     _two_digit_year),
    # --- Within N years (N年内, 不会超过N年, within N years).
    ("n_years",
     # 半 is read whenever it is there, so "三年半前" (three and a half years ago) is the past and
     # never "三年" before "半前" (2026.13).
     rf"{_LEAD_ZH}{_COUNT_START_ZH}(?P<n>{_NUM_ZH})\s*年(?:(?P<half>半)|(?!半)){_WITHIN_ZH}?{_NOT_PAST_ZH}",
     _counted(12)),
    ("n_years",
     rf"\b{_EN_WITHIN}\s+{_EN_APPROX}(?P<n>{_EN_NUM})\s+{_EN_YEARS}\b(?!\s+ago\b)",
     _counted(12)),
    ("n_years", r"\b(?:(?:with)?in|over|during)\s+the\s+(?:next|coming)\s+(?P<unit>year)\b",
     _counted(12)),
    # A bare count ("5 years", "two decades") reads like bare N年, unless the words around it
    # make it a duration in the past, a frequency, or a span counted from something else.
    ("n_years",
     rf"(?<!\bfor\s)(?<!\bpast\s)(?<!\blast\s)(?<!\bonce\s)(?<!\bper\s)"
     rf"\b(?!an?\s+(?:year|decade))(?P<n>{_EN_NUM})\s+{_EN_YEARS}\b"
     r"(?!\s+(?:ago|old|later|earlier|before|after|following|of|since|behind|ahead|apart|long|late|early"
     r"|older|younger|in\s+the\s+making)\b)",
     _counted(12)),
    # --- In N years (N年后, in N years).
    ("in_n_years",
     rf"(?:再过|过)?\s*{_COUNT_START_ZH}(?P<n>{_NUM_ZH})\s*年(?P<half>半)?\s*{_LATER_ZH}",
     _counted(12)),
    ("in_n_years",
     rf"\bin\s+{_EN_APPROX}(?:another\s+)?(?P<n>{_EN_NUM})\s+{_EN_YEARS}\b(?:'?\s*time\b)?",
     _counted(12)),
    ("in_n_years", rf"\b(?P<n>{_EN_NUM})\s+{_EN_YEARS}\s+from\s+now\b", _counted(12)),
    # --- A range of years, counted to its upper bound.
    ("year_range",
     rf"{_LEAD_ZH}{_COUNT_START_ZH}(?P<n>{_TENS_PAIR_ZH}|{_RANGE_ZH}|{_FEW_TENS_ZH})\s*年"
     rf"(?:{_WITHIN_ZH}|{_LATER_ZH})?{_NOT_PAST_ZH}",
     _counted(12, ranged=True)),
    ("year_range",
     rf"\b(?:(?:{_EN_WITHIN}|in)\s+)?(?:between\s+)?(?P<n>{_EN_RANGE})\s+{_EN_YEARS}\b"
     # "Sixty-six years later": counted from an event the text names, not from said_on.
     r"(?!\s+(?:ago|old|later|earlier|before|after|since|apart)\b)"
     r"(?:'?\s*time\b|\s+from\s+now\b)?",
     _counted(12, ranged=True)),
    ("year_range",
     r"\b(?:(?:(?:with)?in|over)\s+)?(?:the\s+(?:next|coming)\s+)?(?:a\s+|one\s+)?"
     r"(?P<unit>year|decade)\s+or\s+two\b",
     _one_or_two),
    # --- A few years.
    ("few_years",
     # Not 那几年 (those years), nor 一几年 of 二零一几年 (201x) (2026.13).
     rf"{_AHEAD_ZH}(?<![十百这近去那一零〇])[几数]\s*年(?:{_WITHIN_ZH}|{_LATER_ZH})?{_NOT_PAST_ZH}",
     _fixed(60, vague=True)),
    ("few_years",
     r"\b(?:(?:(?:with)?in|over|during)\s+)?the\s+(?:(?:next|coming)\s+(?:few\s+|several\s+)?years"
     r"|years\s+(?:to\s+come|ahead))\b",
     _fixed(60, vague=True)),
    ("few_years",
     r"\b(?:(?:(?:with)?in|over)\s+)?(?:a\s+few|several|few)\s+years\b"
     r"(?:'?\s*time\b|\s+from\s+now\b)?",
     _fixed(60, vague=True)),
    # --- Decades.
    ("decades",
     rf"{_AHEAD_ZH}[几数]\s*十\s*年(?:{_WITHIN_ZH}|{_LATER_ZH})?{_NOT_PAST_ZH}",
     _fixed(360, vague=True)),
    ("decades",
     r"\b(?:(?:(?:with)?in|over|during)\s+)?the\s+(?:next|coming)\s+(?:few\s+|several\s+)?"
     r"decades\b",
     _fixed(360, vague=True)),
    ("decades",
     r"\b(?:(?:(?:with)?in|over)\s+)?(?:(?:a\s+few|several|few)\s+)?decades\b"
     r"(?:\s+(?:from\s+now|away)\b)?",
     _fixed(360, vague=True)),
]  # fmt: skip


def _rule(name: str, pattern: str, window: _WindowFn) -> _Rule:
    compiled = re.compile(guarded(pattern, re.IGNORECASE), re.IGNORECASE)
    return _Rule(name, compiled, window, first_characters(pattern, re.IGNORECASE))


_RULES: tuple[tuple[int, _Rule], ...] = tuple(enumerate(_rule(*row) for row in _RULE_TABLE))
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# A rule whose pattern has no Han character needs Latin words, or digits alone ("2025-2030"); one
# with Han characters needs them. compute_window tries only the rules the text's scripts allow.
_RULES_WITH_HAN = tuple((order, rule) for order, rule in _RULES if _HAN.search(rule.pattern.pattern))
_RULES_WITHOUT_HAN = tuple((order, rule) for order, rule in _RULES if not _HAN.search(rule.pattern.pattern))
_DIGIT_RULES = tuple(
    (order, rule)
    for order, rule in _RULES_WITHOUT_HAN
    if any(rule.pattern.search(sample) for sample in ("2025-2030", "2026-27", "2026/2027"))
)
_RULES_FOR_HAN_ONLY = tuple(sorted(_RULES_WITH_HAN + _DIGIT_RULES, key=lambda item: item[0]))


# Words just before a count that put it behind said_on or make it ordinal: 在过去的几年里,
# 过去4到5年里, 晚了数十年, 第二个十年. The count itself may be a range (4到5) being skipped.
_PAST_BEFORE_ZH = re.compile(
    # ...and words that make the count a measure, not a deadline: 持续数月的训练, 为期三年, 差距缩小
    # 至几个月, 落后两年, 比百度晚4年 (2026.17).
    r"(?:过去|以往|近|晚了|早了|第[0-9一二两三四五六七八九十]*个?|持续|为期|长达|历时|耗时|花了|用了|缩小至|缩小到|"
    r"缩短至|缩短到|落后|领先|相差|差距|至少|短短|比[^，,。；;]{1,12}?[晚早迟])的?\s*"
    r"(?:[0-9零〇一二两三四五六七八九十]+\s*(?:到|至|或|-|~)\s*)?$"
)
# A full date (2024年5月13日, 5月13日) names a day that has passed or is fixed, not a horizon; a
# deadline day ("到2025年3月15日", "by March 15") has a rule of its own.
_DAY_AFTER = re.compile(
    r"^\s*(?:(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*)?[0-9一二三四五六七八九十]{1,3}"
    # ...or a run of days: 2020年11月11-12日, 11月11日至12日.
    r"(?:\s*[日号]?\s*(?:-|–|—|~|～|至|到|、)\s*[0-9一二三四五六七八九十]{1,3})?\s*[日号]"
)
# Horizon words that name a meeting (展望数字经济的未来十年圆桌, 未来五年论坛): its topic, not a time.
_NAMES_A_MEETING = re.compile(r"\s*(?:圆桌|分?论坛|峰会|大会|研讨会|座谈会|报告会|专题|系列讲座)")
# A count that measures what one has or went through (有数十年的积累, 经过十年的发展): a length, not
# a deadline.
_HAS_OR_WENT_THROUGH = re.compile(r"(?:有|拥有|具有|具备|积累了|经过|历经|经历了?)\s*$")
# ...and so is the time one has spent at something (创业十年, 工作不到三年, 才创立一年半, 憋12个月, 做了8个月,
# 花了半年的时间, 训练两三个月): how long it went on, not a time from now (2026.15, 训练 2026.17).
_SPENT_AT = re.compile(
    r"(?:创业|创立|成立|工作|憋|训练|(?:做|干|待|呆|读|学|活|坚持|经营|花|用|研究|忙|打拼|奋斗|跑)了)\s*"
    r"(?:了|不到|近|快|整整|才|已经|差不多|大概|大约)?\s*$"
)


# A bare count after 的 names a period of something ("数字经济的十年", "中国的二十年"), not a time
# from now, unless what comes before 的 points ahead (未来的十年, 接下来的两年).
_OF_SOMETHING = re.compile(
    r"(?<!未来)(?<!今后)(?<!将来)(?<!以后)(?<!之后)(?<!往后)(?<!接下来)(?<!下一个)(?<!过去)的\s*$"
)
_BARE_COUNT = re.compile(r"[0-9零〇一二两三四五六七八九十百几数]+\s*年")


# "After decades confined to labs", "after years of delays": the length of what went before.
_AFTER_A_LENGTH = re.compile(
    r"\bafter\s+(?:(?:a\s+few|several|many|a|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?$",
    re.IGNORECASE,
)
_LENGTH = re.compile(r"(?:(?:a\s+few|several|many)\s+)?(?:years?|decades?|months?)", re.IGNORECASE)


# A gap or a lead measured in time ("中美差距还是1到2年", "提前三年去做设计", "two years behind the US"):
# a length, not a time from now (2026.9).
_A_GAP_BEFORE = re.compile(
    r"(?:差距(?:(?![会将要能])[^，,。；;]){0,10}?(?:是|在|有|为|约)|提前|落后|领先)[^，,。；;会将要]{0,6}$"
)
_A_GAP_AFTER = re.compile(r"\s+(?:behind|ahead\s+of)\b|\s*(?:的)?差距", re.IGNORECASE)
_AN_AGE = re.compile(r"\s*[0-9一二两三四五六七八九十]{1,3}\s*(?:岁|周岁)")
_WITHIN_AFTER = re.compile(r"\s*(?:之内|以内|内|后|之后|以后)")
# "A decade of hardcore AI research", "decades of research": the length of something, as 十年的发展
# is; "the next decade of AI" is still a time (2026.9).
_A_LENGTH_OF = re.compile(r"(?:an?\s+|one\s+)?(?:decades?|years?)", re.IGNORECASE)
_OF_A_THING = re.compile(r"\s+of\s+(?!(?:this|that|the|now|today|time|waiting)\b)", re.IGNORECASE)


def _names_no_time(text: str, m: re.Match[str]) -> bool:
    """Horizon words that name something other than a time from now: a meeting's topic, the length
    of what one has or went through, a period of something (rules 2026.7), a length after "after"
    (2026.8), the time one has spent at something (2026.15)."""
    if _NAMES_A_MEETING.match(text, m.end()):
        return True
    if _A_LENGTH_OF.fullmatch(m.group()) and _OF_A_THING.match(text, m.end()):
        return True
    if _AN_AGE.match(text, m.end()):
        return True  # "今年 50 岁的方汉": an age this year, not a time anything happens by
    # Through the match's first character, which may be the 在 of 差距还在1到2年.
    gap_before = _A_GAP_BEFORE.search(text, max(0, m.start() - 18), m.start() + 1)
    within = _WITHIN_AFTER.match(text, m.end()) or m.group().endswith(("内", "后"))
    if _SPENT_AT.search(text, max(0, m.start() - 8), m.start()) and not within:
        return True
    if (gap_before and not within) or _A_GAP_AFTER.match(text, m.end()):
        return True
    if _LENGTH.fullmatch(m.group()) and _AFTER_A_LENGTH.search(text, max(0, m.start() - 24), m.start()):
        return True
    if text.startswith("的", m.end()):
        # 经过十年的: the rule "过十年" ("in ten years' time") starts inside 经过.
        before = text[max(0, m.start() - 4) : m.start()] + ("过" if m.group().startswith("过") else "")
        if _HAS_OR_WENT_THROUGH.search(before):
            return True
    return bool(
        _OF_SOMETHING.search(text, max(0, m.start() - 6), m.start()) and _BARE_COUNT.fullmatch(m.group())
    )


# English words before a count that put it behind said_on, the count a range or not: "in the last
# two or three years", "the past 2-3 years", "the last two, three years" (2026.8).
_PAST_BEFORE_EN = re.compile(r"\b(?:last|past|previous|preceding)\s+(?:[\w-]+\s*,\s*)?$", re.IGNORECASE)


def _in_the_past(text: str, m: re.Match[str]) -> bool:
    before_zh = _PAST_BEFORE_ZH.search(text[max(0, m.start() - 12) : m.start()])
    if before_zh and _FOR_THE_COMING.match(m.group()) and _AT_LEAST_ZH.fullmatch(before_zh.group().strip()):
        before_zh = None  # 至少在未来两年内: "for at least the next two years", a claim that holds to its end
    return bool(
        before_zh
        or _PAST_BEFORE_EN.search(text[max(0, m.start() - 30) : m.start()])
        or _DAY_AFTER.match(text[m.end() :])
        or (
            _PART_OF_A_YEAR.match(m.group())
            and _A_PAST_YEAR_BEFORE.search(text, max(0, m.start() - 3), m.start())
        )
    )


_FOR_THE_COMING = re.compile(r"在?\s*(?:未来|接下来|今后|此后)")
_AT_LEAST_ZH = re.compile(r"至少的?")


# The end or start of a year already past: 去年底, 去年年底, 前年年初, 上年末 (年底 alone is this year's).
_PART_OF_A_YEAR = re.compile(r"年(?:底|初|末|中)")
_A_PAST_YEAR_BEFORE = re.compile(r"(?:去|前|上一?)年?$")


# --- Words that look like a horizon but are not one (HORIZONS.md, "rules of application").

# A title: 《未来十年》, a book "called 'The Next Five Years'".
_TITLE_PATTERN = (
    r"《[^》\n]{0,80}》|〈[^〉\n]{0,80}〉"
    r"|(?:书|书名|文章|报告|论文|演讲|节目|专栏|题为|名为|叫做|称为|标题为|\btitled|\bentitled|\bcalled|\bnamed)"
    r"\s*[“\"「『'][^”\"」』'\n]{1,60}[”\"」』']"
    # A topic in quotes: 围绕“畅想十年后的生活”等话题, “未来十年”为主题.
    r"|[“「『][^”」』\n]{1,60}[”」』](?=(?:[、，,]?[“「『][^”」』\n]{1,60}[”」』])*(?:等|这样的|这些)?(?:话题|主题|议题|为题|为主题))"
)
_TITLE = re.compile(guarded(_TITLE_PATTERN, re.IGNORECASE), re.IGNORECASE)
# A recollection ("think back to 2020, when … by 2025"): its horizons are someone's past words.
# It runs to the end of its parenthesis or dash, else to the end of the sentence.
_RECOLLECTION = re.compile(
    r"\bthink\s+back\b|\bremember\s+(?:when|back|how)\b|\brecall\s+(?:when|how)\b"
    r"|\bback\s+in(?=\s+(?:(?:19|20)\d\d|the\s+day|those\s+days|the\s+\d0s))"
    r"|(?<!\bwhen\swe\s)(?<!\bwill\s)(?<!'ll\s)\blook(?:ing)?\s+back\b|回想|回顾过去|还记得|记得(?=\s*(?:在|当|那|[0-9]))",
    re.IGNORECASE,
)
_OPENERS = {"(": ")", "（": "）", "—": "—", "–": "–", "-": "-"}
_SENTENCE_END = re.compile(r"[。！？!?;；\n]|\.(?=\s|$)")
# 即将 in an attributive ("即将上任的政府", the incoming government) names when something else
# happens: an office taken, a meeting held, never a forecast; any other attributive 即将…的
# ("即将到来的创新") is the forecast only when nothing else in the text looks forward.
_ATTRIBUTIVE = re.compile(r"即将(?P<verb>[\u4e00-\u9fff]{1,4}?)的")
_OFFICE_VERBS = frozenset(
    [
        "上任",
        "就任",
        "卸任",
        "离任",
        "上台",
        "下台",
        "退休",
        "离职",
        "出任",
        "接任",
        "就职",
        "毕业",
        "出版",
        "到期",
        "召开",
        "举行",
        "开幕",
        "闭幕",
        "举办",
    ]
)
_FUTURE_WORD = re.compile(
    r"将(?!近|军|来)|(?<![社机大学开年])会(?![议员])|\bwill\b|'ll\b|\bgoing\s+to\b", re.I
)
# A past report ("三个月内营收从零增长到…", "revenue grew … within three months"): a count of time
# that measured what happened, told without a modal.
_PAST_REPORT = re.compile(
    r"从[^。，,；;！？!?]{0,15}?(?:增长|增加|提高|提升|上升|跃升|扩大|下降|减少|降低|涨|跌|变成|变为|飙升)到"
    r"|(?:增长|增加|提升|上升|下降|翻|涨|跌|突破|达到)了"
    r"|\b(?:grew|rose|went\s+from|jumped|climbed|fell|dropped|surged|soared|shrank|reached|became)\b"
    # ...and a participle only as a verb: "increased automation" is a thing, not what happened (2026.10).
    r"|\b(?:increased|decreased|doubled|tripled)\b(?!\s+(?!(?:by|to|from|in|on|at|over|the|a|an|its|their|his|her"
    r"|our|this|that|and|or|as|for|with|since|during|than)\b)[a-z]+(?<!ly)\b)",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"将(?!近|军)|(?<![社机大学开])会(?![议员])|能|要|可能|预计|有望"
    r"|\b(?:will|would|could|might|may|shall|going\s+to|expects?|promises\s+to)\b|'ll\b",
    re.IGNORECASE,
)


def title_spans(text: str) -> list[tuple[int, int]]:
    """Ranges of `text` that are titles (《未来十年》, a talk "titled 'The World by 2030'"): words
    in them are the title's, not the speaker's."""
    if _TITLE_MARK.search(text) is None:
        return []  # every title has its brackets or quotes: most texts are searched no further
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


_TITLE_MARK = re.compile("[《〈“”\"「『']")


# Years said with two digits in a list or a span ("22年、23年就是ChatGPT这一波", "23年到25年"): years
# a step or three apart, not counts of years ("10年、20年后" is ten or twenty years on) (2026.13).
_TWO_DIGIT_YEARS_ZH = re.compile(
    r"(?<![0-9])[1-3][0-9]\s*年\s*(?:[、和到至~～-]\s*[1-3][0-9]\s*年)+(?!\s*(?:后|内|以后|之后|以内|之内|里|间))"
)


_PAST_TWO_DIGIT_YEAR_ZH = re.compile(
    rf"(?:(?:在|于)\s*)?{_TWO_DIGIT_START_ZH}(?P<yy>[1-3][0-9])\s*年{_TWO_DIGIT_END_ZH}"
)


def _two_digit_years(text: str, said_on: date) -> Iterator[tuple[int, int]]:
    if "年" not in text:
        return  # most clauses hold no year said in Chinese: no pattern to try
    century = said_on.year // 100 * 100
    for m in _TWO_DIGIT_YEARS_ZH.finditer(text):
        years = [int(n) for n in re.findall(r"[0-9]+", m.group())]
        # Years gone by; those to come are the calendar_year rule's.
        ahead = said_on.year <= century + years[0] <= century + years[-1] <= said_on.year + 3
        if all(1 <= later - earlier <= 3 for earlier, later in itertools.pairwise(years)) and not ahead:
            yield m.start(), m.end()
    # One year gone by, said with two digits: "23年我们做了…" said in 2024 is no count of 23 years.
    for m in _PAST_TWO_DIGIT_YEAR_ZH.finditer(text):
        if said_on.year - 3 <= century + int(m["yy"]) < said_on.year:
            yield m.start(), m.end()


def _blocked(text: str, said_on: date) -> list[tuple[int, int]]:
    """Ranges of `text` whose horizon words are not horizons: titles, recollections, and years
    said with two digits."""
    ranges = title_spans(text)
    ranges += _two_digit_years(text, said_on)
    for m in _RECOLLECTION.finditer(text):
        before = text[: m.start()].rstrip()
        closer = _OPENERS.get(before[-1:]) if before else None
        end = text.find(closer, m.end()) if closer else -1
        if end < 0:
            stop = _SENTENCE_END.search(text, m.end())
            end = stop.start() if stop else len(text)
        ranges.append((m.start(), end))
    return ranges


def _attributive(text: str, m: re.Match[str]) -> bool:
    at = text.find("即将", m.start(), m.end())
    if at < 0:
        if text.startswith("-to-be", m.end()):  # "the soon-to-be-released model"
            return bool(_FUTURE_WORD.search(text[: m.start()]) or _FUTURE_WORD.search(text, m.end() + 6))
        return False
    attributive = _ATTRIBUTIVE.match(text, at)
    if attributive is None:
        return False
    if attributive["verb"] in _OFFICE_VERBS:
        return True
    rest = text[: attributive.start()] + " " + text[attributive.end() :]
    return bool(_FUTURE_WORD.search(rest))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for stop in _SENTENCE_END.finditer(text, 0, start):
        lo = stop.end()
    after = _SENTENCE_END.search(text, end)
    return lo, (after.start() if after else len(text))


def _past_report(text: str, m: re.Match[str]) -> bool:
    lo, hi = _sentence_bounds(text, m.start(), m.end())
    modal = _MODAL.search(text, m.end(), hi)
    if _PAST_REPORT.search(text, m.end(), modal.start() if modal else hi):
        return True
    if modal is not None or re.search(r"[\u4e00-\u9fff]", text[lo : m.start()]):
        return False  # Chinese has no tense: a verb before the count may well be a forecast
    last_modal = max((x.end() for x in _MODAL.finditer(text, lo, m.start())), default=lo)
    return _PAST_REPORT.search(text, last_modal, m.start()) is not None


# From one year to another: "2023-2100年", "从2023年至2100年", "2024 to 2030".
_SPAN_OF_YEARS = re.compile(r"(?<!\d)\d{4}\s*年?\s*(?:-|–|—|~|至|到|\bto\b|\bthrough\b)\s*\d{4}(?!\d)")


def runs_past_the_year(words: str, due_latest: date | None, said_on: date) -> bool:
    """Whether horizon `words` name a span of years that runs past said_on's year ("从2023年至2100年",
    said in 2023): no dateline, and a change told over it is projected, not reported (2026.11)."""
    return (
        due_latest is not None and due_latest.year > said_on.year and _SPAN_OF_YEARS.search(words) is not None
    )


class _Found(NamedTuple):
    rank: tuple[bool, int, int, int]
    name: str
    match: re.Match[str]
    dates: _Dates


# The speaker saying or believing, with its subject: "I can state to claim that", "we believe", 我认为.
_SAYING = re.compile(
    r"\b(?:I|we)\s+(?:(?:can|could|would|do|really|now|also|still|firmly)\s+)*"
    r"(?:say|state|claim|tell\s+you|predict|believe|think|expect|bet|argue|am\s+confident|are\s+confident)\b"
    r"|我们?(?:可以|敢|能|也|还是|现在)?(?:说|认为|觉得|相信|预计|预测|判断|估计)",
    re.IGNORECASE,
)


def _dates_the_saying(text: str, f: _Found, g: _Found) -> bool:
    """Whether `f` is followed straight away by the speaker's saying, and `g` starts what is said."""
    if g.match.start() <= f.match.end():
        return False
    between = _BETWEEN.match(text, f.match.end())  # spaces and commas: it always matches
    saying = _SAYING.match(text, between.end() if between else f.match.end())
    return (
        saying is not None and _BEFORE_WHAT_IS_SAID.fullmatch(text, saying.end(), g.match.start()) is not None
    )


_BETWEEN = re.compile(r"[\s,，]*")
_BEFORE_WHAT_IS_SAID = re.compile(r"(?:\s+to\s+\w+)?\s+that\s+|[\s,，:：]*", re.IGNORECASE)


# A year before 的 and a noun: the thing's year, not the event's; but a figure after 的 is the
# year's value ("从2026年的约9万台跃升至2030年的120万台"), and 的时候, 的目标 date the event.
YEAR_OF_A_THING_ZH = re.compile(
    r"[ \t]*的(?!时候|时间|时|话|前|后|目标|计划|任务|年|一年|\s*[,，。；;]|\s*(?:约|近|超|[0-9零〇一二两三四五六七八九十百千]))"
)


_GOES_ON_INTO = re.compile(
    r"\band\s+(?:(?:extend|extends|continue|continues|run|runs|last|lasts|stretch|stretches)\s+)?$",
    re.IGNORECASE,
)


def _glosses(text: str, time: _Found, gloss: _Found) -> bool:
    between = text[time.match.end() : gloss.match.start()]
    return gloss.match.start() > time.match.end() and between.strip() in ("(", "（")


def _governing(text: str, found: list[_Found]) -> _Found:
    """The horizon that governs the predicted event among all found in the text.

    Words counted from a time named before them ("the following year", 次年) never govern when
    another horizon is there; a horizon wholly in the past is a reference point ("如同2020年"),
    not the prediction's; then the longest words win, then the earliest, then the rule listed first.
    """
    # "this year, I can state that by 2029 you will have…", "今年我们预计明年…": words before the
    # speaker's saying or believing date the saying; a horizon after it dates what is said.
    said = [f for f in found if any(_dates_the_saying(text, f, g) for g in found)]
    if said and len(said) < len(found):
        found = [f for f in found if f not in said]
    # "年底或可逐步打开2024年的降息预期": a time that names a thing's ("2024年的…预期") is the thing's,
    # not the event's, when the event has a time of its own (2026.13).
    of_a_thing = [f for f in found if YEAR_OF_A_THING_ZH.match(text, f.match.end())]
    if of_a_thing and len(of_a_thing) < len(found):
        found = [f for f in found if f not in of_a_thing]
    # "By 2023 (1 year from now)": the words in parentheses after a time gloss it; the time governs.
    glosses = [f for f in found if any(_glosses(text, g, f) for g in found)]
    if glosses and len(glosses) < len(found):
        found = [f for f in found if f not in glosses]
    # "…comes down towards the end of the year and into 2027", "…accelerate in the second half of this
    # year and extend into 2026": what goes on into a year runs to that year's end (2026.14).
    onward = [
        f
        for f in found
        if f.match.group().lower().startswith("into")
        and _GOES_ON_INTO.search(text, max(0, f.match.start() - 24), f.match.start())
    ]
    if onward and len(onward) < len(found):
        return max(onward, key=lambda f: f.match.start())
    last = _end_of_a_path(text, found)
    if last is not None:
        return last
    anaphoric = [f for f in found if f.name == "anaphoric"]
    if anaphoric:
        others = [
            f
            for f in found
            if not any(f.match.start() < a.match.end() and a.match.start() < f.match.end() for a in anaphoric)
        ]
        found = others or found
    return min(found, key=lambda f: f.rank)


# Between two years of a path: "and", a figure for the later year, no end of the clause.
_NEXT_STEP = re.compile(
    r"(?:[^.;:!?。；：]|(?<=\d)\.(?=\d))*?\band\b(?:[^.;:!?。；：]|(?<=\d)\.(?=\d))*?\d[^.;:!?。；：]*"
)


def _end_of_a_path(text: str, found: list[_Found]) -> _Found | None:
    """The last time of a path of figures through the years: "to 2.5% this year and to 2.3% in
    2015", "stabilise at 96.0% in 2014 and decline to 95.4% in 2015" run from the first one's
    start to the last one's end, as one of two years does (2026.16)."""
    steps = sorted(
        (
            (f, f.dates[1])
            for f in found
            if f.dates[1] is not None and (f.dates[1].month, f.dates[1].day) == (12, 31)
        ),
        key=lambda step: step[0].match.start(),
    )
    path: _Found | None = None
    first: _Found | None = None
    for (earlier, earlier_end), (later, later_end) in zip(steps, steps[1:], strict=False):
        if later_end > earlier_end and _NEXT_STEP.fullmatch(text, earlier.match.end(), later.match.start()):
            first = first or earlier  # the path goes on from where it started
            path = later._replace(dates=(first.dates[0], *later.dates[1:]))
        else:
            first = None
    return path


def compute_window(horizon_text: str | None, said_on: date, *, folded: bool = False) -> Window:
    """The due window for the horizon words in `horizon_text`, counted from `said_on`.

    Without any horizon words the prediction is undated: rule "none", due_latest None.
    `folded` says the caller has folded the text already (claims.fold), as the extractor has:
    folding again would change nothing and is a good part of the cost.
    """
    if isinstance(said_on, datetime):
        said_on = said_on.date()  # a datetime would leak into due_earliest otherwise
    if not horizon_text or not horizon_text.strip():
        return Window(said_on, None, False, False, None, "none")
    text = _fold(horizon_text, folded_already=folded)
    blocked = _blocked(text, said_on)
    reports = _PAST_REPORT.search(text) is not None
    # Rules written for one script cannot match a text without it.
    if not _HAN.search(text):
        rules = _RULES_WITHOUT_HAN
    else:
        rules = _RULES if _LATIN.search(text) else _RULES_FOR_HAN_ONLY
    found: list[_Found] = []
    overflowed: list[tuple[int, int]] = []
    behind: list[tuple[int, int]] = []  # words in the past: "in the last two or three years"
    characters = set(text)
    for order, rule in rules:
        if rule.starts is not None and rule.starts.isdisjoint(characters):
            continue
        for m in rule.pattern.finditer(text):
            if any(lo <= m.start() < hi for lo, hi in blocked):
                continue
            if _in_the_past(text, m):
                behind.append((m.start(), m.end()))
                continue
            if _names_no_time(text, m):
                continue
            if rule.name == "soon" and _attributive(text, m):
                continue
            try:
                dates = rule.window(m, said_on)
            except (ValueError, OverflowError):
                # A count so large the date leaves the calendar: no window from these words.
                overflowed.append((m.start(), m.end()))
                continue
            if dates is None or (
                reports and _past_report(text, m) and not runs_past_the_year(m.group(), dates[1], said_on)
            ):
                continue
            over = dates[1] is not None and dates[1] < said_on
            found.append(_Found((over, m.start() - m.end(), m.start(), order), rule.name, m, dates))
    # A match inside words whose date left the calendar is part of them: 八千年内 is not 年内; so is
    # one inside words in the past ("three years" of "the last two or three years"), and one
    # inside a part of its period that is over: 今年 of 今年上半年 said in July (2026.9).
    behind += [
        (f.match.start(), f.match.end()) for f in found if f.dates[1] is not None and f.dates[1] < said_on
    ]
    found = [
        f
        for f in found
        if not any(lo < f.match.end() and f.match.start() < hi for lo, hi in overflowed)
        and not any(
            lo <= f.match.start() and f.match.end() <= hi and hi - lo > len(f.match.group(0))
            for lo, hi in behind
        )
    ]
    if not found:
        first = min(overflowed, default=None)
        words = horizon_text[first[0] : first[1]] if first else None
        return Window(said_on, None, False, False, None, "none", overflowed=words)
    best = _governing(text, found)
    earliest, latest, vague, ambiguous = best.dates
    m = best.match
    name = "none" if best.name == "anaphoric" and latest is None else best.name
    if name == "anaphoric":
        name = "next_year"
    return Window(
        earliest, latest, vague, ambiguous, horizon_text[m.start() : m.end()], name, (m.start(), m.end())
    )
