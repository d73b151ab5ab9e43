"""The due-window conventions of docs/horizons.md, phrase by phrase.

Pure Python: claims.horizons needs no Django, so nothing here touches the database.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from claims.horizons import RULES_VERSION, Window, add_months, compute_window, parse_number

D = date
SAID = D(2024, 3, 15)  # a mid-month day, so month and year arithmetic are easy to read
END_2024 = D(2024, 12, 31)
NEXT_Y = (D(2025, 1, 1), D(2025, 12, 31))
PLUS_6M = D(2024, 9, 15)
PLUS_12M = D(2025, 3, 15)
PLUS_5Y = D(2029, 3, 15)
PLUS_10Y = D(2034, 3, 15)
PLUS_30Y = D(2054, 3, 15)

# (phrase, said_on, due_earliest, due_latest, vague) -- every row of the HORIZONS.md table in
# Simplified, Traditional and English, then the tricky cases.
WINDOWS: list[tuple[str, date, date, date | None, bool]] = [
    # a calendar year: Jan 1 .. Dec 31 of that year
    ("2025年", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("在2025年", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("在2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("in 2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("In 2027", SAID, D(2027, 1, 1), D(2027, 12, 31), False),
    ("２０２６年", SAID, D(2026, 1, 1), D(2026, 12, 31), False),
    ("二〇三〇年", SAID, D(2030, 1, 1), D(2030, 12, 31), False),
    ("in 2020", SAID, D(2020, 1, 1), D(2020, 12, 31), False),  # past years are not special
    ("1900年", SAID, D(1900, 1, 1), D(1900, 12, 31), False),  # lowest year read as a year
    ("2199年", SAID, D(2199, 1, 1), D(2199, 12, 31), False),  # highest year read as a year
    # by a year: said_on .. Dec 31 of that year
    ("2030年前", SAID, SAID, D(2030, 12, 31), False),
    ("2030年之前", SAID, SAID, D(2030, 12, 31), False),
    ("到2030年", SAID, SAID, D(2030, 12, 31), False),
    ("到2030", SAID, SAID, D(2030, 12, 31), False),
    ("2030年左右", SAID, SAID, D(2030, 12, 31), False),
    ("2030年底", SAID, SAID, D(2030, 12, 31), False),
    ("by 2030", SAID, SAID, D(2030, 12, 31), False),
    ("around 2030", SAID, SAID, D(2030, 12, 31), False),
    ("Through 2026, the firm predicts", SAID, SAID, D(2026, 12, 31), False),
    ("by the end of 2026", SAID, SAID, D(2026, 12, 31), False),
    ("before 2030", SAID, SAID, D(2030, 12, 31), False),
    ("by 2020", SAID, SAID, D(2020, 12, 31), False),  # already past: computed as written
    # this year: said_on .. Dec 31 of said_on's year
    ("今年", SAID, SAID, END_2024, False),
    ("今年年底", SAID, SAID, END_2024, False),
    ("年底前", SAID, SAID, END_2024, False),
    ("年内", SAID, SAID, END_2024, False),
    ("年內", SAID, SAID, END_2024, False),
    ("this year", SAID, SAID, END_2024, False),
    ("by the end of the year", SAID, SAID, END_2024, False),
    ("By the End of This Year", SAID, SAID, END_2024, False),
    ("今年", D(2024, 12, 31), D(2024, 12, 31), D(2024, 12, 31), False),
    # next year: Jan 1 .. Dec 31 of next year; 明年底 counts from said_on
    ("明年", SAID, *NEXT_Y, False),
    ("next year", SAID, *NEXT_Y, False),
    ("明年底", SAID, SAID, D(2025, 12, 31), False),
    ("明年年底", SAID, SAID, D(2025, 12, 31), False),
    ("by the end of next year", SAID, SAID, D(2025, 12, 31), False),
    ("明年", D(2024, 12, 31), *NEXT_Y, False),
    # a few months: said_on + 6 months, vague
    ("几个月", SAID, SAID, PLUS_6M, True),
    ("几个月内", SAID, SAID, PLUS_6M, True),
    ("接下来几个月", SAID, SAID, PLUS_6M, True),
    ("过几个月", SAID, SAID, PLUS_6M, True),
    ("几个月后", SAID, SAID, PLUS_6M, True),
    ("幾個月", SAID, SAID, PLUS_6M, True),
    ("幾個月內", SAID, SAID, PLUS_6M, True),
    ("接下來幾個月", SAID, SAID, PLUS_6M, True),
    ("within months", SAID, SAID, PLUS_6M, True),
    ("in a few months", SAID, SAID, PLUS_6M, True),
    ("in the coming months", SAID, SAID, PLUS_6M, True),
    # N months: said_on + N months
    ("三个月内", SAID, SAID, D(2024, 6, 15), False),
    ("十八个月内", SAID, SAID, D(2025, 9, 15), False),
    ("6个月内", SAID, SAID, PLUS_6M, False),
    ("６個月內", SAID, SAID, PLUS_6M, False),
    ("未来6个月", SAID, SAID, PLUS_6M, False),
    ("未來十二個月", SAID, SAID, PLUS_12M, False),
    ("半年内", SAID, SAID, PLUS_6M, False),
    ("两三个月内", SAID, SAID, D(2024, 6, 15), False),  # a range of months: the upper bound
    ("within 6 months", SAID, SAID, PLUS_6M, False),
    ("within six months", SAID, SAID, PLUS_6M, False),
    ("in the next 18 months", SAID, SAID, D(2025, 9, 15), False),
    ("within 18 months", SAID, SAID, D(2025, 9, 15), False),
    # soon: said_on + 12 months, vague
    ("很快", SAID, SAID, PLUS_12M, True),
    ("不久", SAID, SAID, PLUS_12M, True),
    ("不久的将来", SAID, SAID, PLUS_12M, True),
    ("即将", SAID, SAID, PLUS_12M, True),
    ("马上", SAID, SAID, PLUS_12M, True),
    ("短时间内", SAID, SAID, PLUS_12M, True),
    # "Won't be long" (004: 新版本不會很久的) is the same promise as 很快.
    ("新版本不會很久的", SAID, SAID, PLUS_12M, True),
    ("用不了多久", SAID, SAID, PLUS_12M, True),
    ("The new version won't be long", SAID, SAID, PLUS_12M, True),
    ("相对较快", SAID, SAID, PLUS_12M, True),
    ("不久的將來", SAID, SAID, PLUS_12M, True),
    ("即將", SAID, SAID, PLUS_12M, True),
    ("馬上", SAID, SAID, PLUS_12M, True),
    ("短時間內", SAID, SAID, PLUS_12M, True),
    ("相對較快", SAID, SAID, PLUS_12M, True),
    ("soon", SAID, SAID, PLUS_12M, True),
    ("Shortly", SAID, SAID, PLUS_12M, True),
    ("in the near future", SAID, SAID, PLUS_12M, True),
    # within N years: said_on + N years
    ("五年内", SAID, SAID, PLUS_5Y, False),
    ("两年内", SAID, SAID, D(2026, 3, 15), False),
    ("兩年內", SAID, SAID, D(2026, 3, 15), False),
    ("二十年内", SAID, SAID, D(2044, 3, 15), False),
    ("十五年内", SAID, SAID, D(2039, 3, 15), False),
    ("不超过五年", SAID, SAID, PLUS_5Y, False),
    ("不会超过十年", SAID, SAID, PLUS_10Y, False),
    ("不會超過十年", SAID, SAID, PLUS_10Y, False),
    ("未来五年", SAID, SAID, PLUS_5Y, False),
    ("未来五年内", SAID, SAID, PLUS_5Y, False),
    ("接下来5年", SAID, SAID, PLUS_5Y, False),
    ("within 5 years", SAID, SAID, PLUS_5Y, False),
    ("within five years", SAID, SAID, PLUS_5Y, False),
    ("in the next ten years", SAID, SAID, PLUS_10Y, False),
    ("no more than five years", SAID, SAID, PLUS_5Y, False),
    ("within twenty years", SAID, SAID, D(2044, 3, 15), False),
    # in N years: said_on + N years
    ("五年后", SAID, SAID, PLUS_5Y, False),
    ("3年后", SAID, SAID, D(2027, 3, 15), False),
    ("五年後", SAID, SAID, PLUS_5Y, False),
    ("in 5 years", SAID, SAID, PLUS_5Y, False),
    ("in five years' time", SAID, SAID, PLUS_5Y, False),
    # a range of years: said_on + the upper bound
    ("一两年", SAID, SAID, D(2026, 3, 15), False),
    ("一年甚至两年", SAID, SAID, D(2026, 3, 15), False),
    ("两三年", SAID, SAID, D(2027, 3, 15), False),
    ("兩三年", SAID, SAID, D(2027, 3, 15), False),
    ("三到五年", SAID, SAID, PLUS_5Y, False),
    ("3-5年", SAID, SAID, PLUS_5Y, False),
    ("一兩年內", SAID, SAID, D(2026, 3, 15), False),
    ("3-5 years", SAID, SAID, PLUS_5Y, False),
    ("two to three years", SAID, SAID, D(2027, 3, 15), False),
    ("a year or two", SAID, SAID, D(2026, 3, 15), False),
    # a few years: said_on + 5 years, vague
    ("几年", SAID, SAID, PLUS_5Y, True),
    ("未来几年", SAID, SAID, PLUS_5Y, True),
    ("接下来的几年", SAID, SAID, PLUS_5Y, True),
    ("几年后", SAID, SAID, PLUS_5Y, True),
    ("幾年", SAID, SAID, PLUS_5Y, True),
    ("接下來的幾年", SAID, SAID, PLUS_5Y, True),
    ("in a few years", SAID, SAID, PLUS_5Y, True),
    ("over the next few years", SAID, SAID, PLUS_5Y, True),
    ("in the years to come", SAID, SAID, PLUS_5Y, True),
    ("In the next couple of years, models will", SAID, SAID, D(2026, 3, 15), False),
    ("the challenges in the years ahead", SAID, SAID, PLUS_5Y, True),
    # a decade: said_on + 10 years
    ("十年", SAID, SAID, PLUS_10Y, False),
    ("未来十年", SAID, SAID, PLUS_10Y, False),
    ("未來十年", SAID, SAID, PLUS_10Y, False),
    ("this decade", SAID, SAID, PLUS_10Y, False),
    ("in the next decade", SAID, SAID, PLUS_10Y, False),
    # decades: said_on + 30 years, vague
    ("几十年", SAID, SAID, PLUS_30Y, True),
    ("幾十年", SAID, SAID, PLUS_30Y, True),
    ("未来几十年", SAID, SAID, PLUS_30Y, True),
    ("decades", SAID, SAID, PLUS_30Y, True),
    ("in the coming decades", SAID, SAID, PLUS_30Y, True),
    # longest match wins
    ("十年内", SAID, SAID, PLUS_10Y, False),  # not 年内 (this year)
    ("十年內", SAID, SAID, PLUS_10Y, False),
    ("明年底前", SAID, SAID, D(2025, 12, 31), False),  # not 明年
    ("未来十年内", SAID, SAID, PLUS_10Y, False),  # not 十年 alone
    ("几年内", SAID, SAID, PLUS_5Y, True),  # not 年内
    ("二十年", SAID, SAID, D(2044, 3, 15), False),  # not 十年
    ("2025年内", SAID, D(2025, 1, 1), D(2025, 12, 31), False),  # not 年内
    ("到2030年左右", SAID, SAID, D(2030, 12, 31), False),
    ("the next two decades", SAID, SAID, D(2044, 3, 15), False),  # not decades
    ("in the next year or two", SAID, SAID, D(2026, 3, 15), False),  # not next year
    # month-end clamping
    ("6个月内", D(2024, 8, 31), D(2024, 8, 31), D(2025, 2, 28), False),
    ("6个月内", D(2023, 8, 31), D(2023, 8, 31), D(2024, 2, 29), False),
    ("within 6 months", D(2023, 8, 31), D(2023, 8, 31), D(2024, 2, 29), False),
    ("几个月", D(2024, 8, 31), D(2024, 8, 31), D(2025, 2, 28), True),
    ("一个月内", D(2024, 1, 31), D(2024, 1, 31), D(2024, 2, 29), False),
    ("一年内", D(2024, 2, 29), D(2024, 2, 29), D(2025, 2, 28), False),
    ("四年内", D(2024, 2, 29), D(2024, 2, 29), D(2028, 2, 29), False),
    ("soon", D(2024, 2, 29), D(2024, 2, 29), D(2025, 2, 28), True),
    # full sentences
    ("我认为到2030年左右会出现", SAID, SAID, D(2030, 12, 31), False),
    ("We'll have agents in 2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("我认为AGI会在五年内实现", SAID, SAID, PLUS_5Y, False),
    ("他說幾年後就會普及", SAID, SAID, PLUS_5Y, True),
    ("I think we'll see this within the next 5 years or so.", SAID, SAID, PLUS_5Y, False),
    ("Sam said it could happen by the end of the year.", SAID, SAID, END_2024, False),
    # undated: no horizon, event-relative, open-ended, and words that only look like one
    ("Sixty-six years later --", SAID, SAID, None, False),  # counted from the event before it
    ("人形機器人進入家庭場景至少還要 8—10 年左右", SAID, SAID, None, False),  # a lower bound
    ("至少要等三年的时间", SAID, SAID, None, False),
    ("", SAID, SAID, None, False),
    ("   ", SAID, SAID, None, False),
    ("我认为这件事会发生", SAID, SAID, None, False),
    ("It will happen eventually", SAID, SAID, None, False),
    ("AGI之后十年", SAID, SAID, None, False),
    ("ten years after AGI", SAID, SAID, None, False),
    # counts behind said_on, ordinal decades and full dates are not horizons (rules 2026.2)
    ("在过去的几年里", SAID, SAID, None, False),
    ("过去4到5年里", SAID, SAID, None, False),
    ("过去18到24个月内", SAID, SAID, None, False),
    ("晚了数十年", SAID, SAID, None, False),
    ("第二个十年", SAID, SAID, None, False),
    ("今天（2024年5月13日）", SAID, SAID, None, False),
    ("在实现AGI后的几年内", SAID, SAID, None, False),
    ("在實現AGI後的幾年內", SAID, SAID, None, False),
    ("after we reach superintelligence", SAID, SAID, None, False),
    ("within five years of AGI", SAID, SAID, None, False),
    ("超过十年", SAID, SAID, None, False),  # a lower bound, not a deadline
    ("2030年以后", SAID, SAID, None, False),
    ("after 2030", SAID, SAID, None, False),
    ("2025", SAID, SAID, None, False),  # a bare number is not yet a year
    ("1899年", SAID, SAID, None, False),  # below the year range
    ("2200年", SAID, SAID, None, False),  # above the year range
    ("三年前", SAID, SAID, None, False),  # the past
    ("三年半前我们开始创业", SAID, SAID, None, False),  # ...and a half: never 三年 before 半前 (2026.13)
    ("一年半之前", SAID, SAID, None, False),
    ("十年前", SAID, SAID, None, False),
    ("不久前", SAID, SAID, None, False),
    ("as soon as possible", SAID, SAID, None, False),
    # conventions HORIZONS.md leaves open (see the module docstring of claims.horizons)
    ("2025年到2030年", SAID, D(2025, 1, 1), D(2030, 12, 31), False),
    ("between 2025 and 2030", SAID, D(2025, 1, 1), D(2030, 12, 31), False),
    ("十几年", SAID, SAID, D(2043, 3, 15), True),
    ("一年半内", SAID, SAID, D(2025, 9, 15), False),
    ("in early 2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),  # no finer grain than the year
]


# The rows added in rules 2026.3: calendar units, one of two, decades by name, a year as the
# subject, more words for soon; then words that look like a horizon but are not one, and the
# horizon that governs when there are several.
WINDOWS += [
    # a month: the next such month unless a year is given; first of the month for "in July"
    ("七月", SAID, D(2024, 7, 1), D(2024, 7, 31), False),
    ("7月", SAID, D(2024, 7, 1), D(2024, 7, 31), False),
    ("今年11月", SAID, D(2024, 11, 1), D(2024, 11, 30), False),
    ("在今年11月", SAID, D(2024, 11, 1), D(2024, 11, 30), False),
    ("明年3月", SAID, D(2025, 3, 1), D(2025, 3, 31), False),
    ("2025年3月", SAID, D(2025, 3, 1), D(2025, 3, 31), False),
    ("2025年3月底前", SAID, SAID, D(2025, 3, 31), False),
    ("到2025年3月", SAID, SAID, D(2025, 3, 31), False),
    ("7月底", SAID, SAID, D(2024, 7, 31), False),
    ("7月前", SAID, SAID, D(2024, 7, 31), False),
    ("十二月", SAID, D(2024, 12, 1), D(2024, 12, 31), False),
    ("二月", SAID, D(2025, 2, 1), D(2025, 2, 28), False),  # February has passed: next February
    ("三月", SAID, D(2024, 3, 1), D(2024, 3, 31), False),  # this month has not ended
    ("in July", SAID, D(2024, 7, 1), D(2024, 7, 31), False),
    ("by July", SAID, SAID, D(2024, 7, 31), False),
    ("by the end of July", SAID, SAID, D(2024, 7, 31), False),
    ("in November of this year", SAID, D(2024, 11, 1), D(2024, 11, 30), False),
    ("November of this year", SAID, D(2024, 11, 1), D(2024, 11, 30), False),
    ("in January", SAID, D(2025, 1, 1), D(2025, 1, 31), False),
    ("in March 2026", SAID, D(2026, 3, 1), D(2026, 3, 31), False),
    ("by March 2026", SAID, SAID, D(2026, 3, 31), False),
    ("in September 2025", SAID, D(2025, 9, 1), D(2025, 9, 30), False),
    ("next July", SAID, D(2025, 7, 1), D(2025, 7, 31), False),
    ("下个月", SAID, SAID, D(2024, 4, 30), False),
    ("本月底", SAID, SAID, D(2024, 3, 31), False),
    ("by the end of the month", SAID, SAID, D(2024, 3, 31), False),
    ("next month", SAID, SAID, D(2024, 4, 30), False),
    # one of two months or years: said_on to the later one's last day
    ("11月或12月", SAID, SAID, D(2024, 12, 31), False),
    ("今年11月或12月", SAID, SAID, D(2024, 12, 31), False),
    ("十一月或十二月", SAID, SAID, D(2024, 12, 31), False),
    ("November or December", SAID, SAID, D(2024, 12, 31), False),
    ("November or December of this year", SAID, SAID, D(2024, 12, 31), False),
    ("2026或2027年", SAID, SAID, D(2027, 12, 31), False),
    ("2026年或2027年", SAID, SAID, D(2027, 12, 31), False),
    ("in 2026-2027", SAID, SAID, D(2027, 12, 31), False),
    ("2026 or 2027", SAID, SAID, D(2027, 12, 31), False),
    ("in 2026-27", SAID, SAID, D(2027, 12, 31), False),
    ("probably in 2026, 2027, it's going to keep going up", SAID, SAID, D(2027, 12, 31), False),
    # rules 2026.15: the second of the pair said with two digits, but not a count after the year
    ("he's predicting 2027, 28 AGI, something like that", SAID, SAID, D(2028, 12, 31), False),
    ("in 2026, 27.", SAID, SAID, D(2027, 12, 31), False),
    ("In 2025, 26 companies went public", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    # rules 2026.16: a path of figures through the years runs to the last one; not "and beyond"
    (
        "the ratio will stabilise at 96.0% in 2025 and decline to 95.4% in 2026",
        SAID,
        D(2025, 1, 1),
        D(2026, 12, 31),
        False,
    ),
    ("from 3.0% in 2023 to 2.5% this year and to 2.3% in 2025.", SAID, SAID, D(2025, 12, 31), False),
    ("growth will stay strong in 2025 and beyond", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("2.5% in 2025; the deficit, 3% in 2026", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("we expect it to stay in a similar range in the first-quarter", SAID, SAID, D(2024, 3, 31), False),
    ("in the second-half of the year", SAID, SAID, D(2024, 12, 31), False),
    # rules 2026.17: the rest of the year is this year; "beyond Q1" only starts the period
    ("for the remainder of the year, we expect margins in the mid-70s", SAID, SAID, D(2024, 12, 31), False),
    ("over the rest of this year", SAID, SAID, D(2024, 12, 31), False),
    (
        "Beyond Q1, for the remainder of the year, we expect gross margins to return to the mid-70s",
        SAID,
        SAID,
        D(2024, 12, 31),
        False,
    ),
    ("after the first half, growth will pick up", SAID, SAID, None, False),
    ("revenue recognized beyond the next 12 months", SAID, SAID, None, False),
    ("做搜索比百度晚4年", SAID, SAID, None, False),
    ("拿开源模型训练两三个月就够了", SAID, SAID, None, False),
    ("直到11年后腾讯全资收购搜狗，他才结束这段事业", SAID, SAID, None, False),
    ("他有十年经验", SAID, SAID, None, False),
    (
        "the boom is going to be the biggest political winner of 2026",
        SAID,
        D(2026, 1, 1),
        D(2026, 12, 31),
        False,
    ),
    ("2026 growth will be 4.6%", SAID, D(2026, 1, 1), D(2026, 12, 31), False),
    ("the class of 2026", SAID, SAID, None, False),
    ("每隔几年，他们就会有新的突破", SAID, SAID, None, False),
    ("相隔十年", SAID, SAID, None, False),
    ("一年 6000 美元。", SAID, SAID, None, False),
    ("我们一年有大约15亿的现金流", SAID, SAID, None, False),
    ("一年内会实现", SAID, SAID, D(2025, 3, 15), False),
    ("深度学习通过10年发展，能对数据做很多抽象", SAID, SAID, None, False),
    ("经过三年的努力", SAID, SAID, None, False),
    ("我们叫做数位公共建设，四年期。", SAID, SAID, None, False),
    ("三年期国债利率", SAID, SAID, None, False),
    ("再过两年就好了", SAID, SAID, D(2026, 3, 15), False),
    ("在未来三年期间会增长", SAID, SAID, D(2027, 3, 15), False),
    ("结果他们昨天就解决了，我今天签起来就很快了。", SAID, SAID, None, False),
    ("这件事很快就会解决。", SAID, SAID, D(2025, 3, 15), True),
    # a year said with two digits near said_on's is that year (said 2024-03-15); not a count of years
    ("其中一些将在25年实现", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("25和26年会发生什么", SAID, SAID, D(2026, 12, 31), False),
    ("25年、26年会爆发", SAID, SAID, D(2026, 12, 31), False),
    ("到27年会普及", SAID, SAID, D(2027, 12, 31), False),
    ("23年我们做了很多尝试", SAID, SAID, None, False),  # a year gone by, not twenty-three years on
    ("25年后会普及", SAID, SAID, D(2049, 3, 15), False),  # ...but 25年后 is twenty-five years on
    ("在10年实现", SAID, SAID, D(2034, 3, 15), False),  # ...and 2010 is too far back to be meant
    # words in parentheses right after a time gloss it: the time governs
    ("By 2025 (1 year from now)", SAID, SAID, D(2025, 12, 31), False),
    # "into 2025" is that year; after another time and "and" it governs: it goes on to the year's end
    ("expected to carry over into 2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("comes down towards the end of the year and into 2025", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    (
        "will accelerate in the second half of this year and extend into 2025",
        SAID,
        D(2025, 1, 1),
        D(2025, 12, 31),
        False,
    ),
    # the year of what a company or an agency measures is that calendar year; a fiscal year is not
    (
        "we expect 2025 CapEx to be in the range of $34-39 billion",
        SAID,
        D(2025, 1, 1),
        D(2025, 12, 31),
        False,
    ),
    ("our full-year 2025 total expenses will be", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("the slight majority of our 2025 expense dollar growth", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("it lowered its 2025 projection to 1.3 percent", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("fiscal 2025 revenue will grow", SAID, SAID, None, False),
    ("in 2026, 26 companies will", SAID, D(2026, 1, 1), D(2026, 12, 31), False),  # a count, not '26
    # a quarter or half: said_on to its last day
    ("第三季度", SAID, SAID, D(2024, 9, 30), False),
    ("第一季度", SAID, SAID, D(2024, 3, 31), False),
    ("明年第一季度", SAID, SAID, D(2025, 3, 31), False),
    ("2025年第二季度", SAID, SAID, D(2025, 6, 30), False),
    ("Q3", SAID, SAID, D(2024, 9, 30), False),
    ("in Q3 2025", SAID, SAID, D(2025, 9, 30), False),
    ("by Q2", SAID, SAID, D(2024, 6, 30), False),
    ("the third quarter", SAID, SAID, D(2024, 9, 30), False),
    ("in the fourth quarter of next year", SAID, SAID, D(2025, 12, 31), False),
    ("下个季度", SAID, SAID, D(2024, 6, 30), False),
    ("next quarter", SAID, SAID, D(2024, 6, 30), False),
    ("下半年", SAID, SAID, D(2024, 12, 31), False),
    ("今年下半年", SAID, SAID, D(2024, 12, 31), False),
    ("上半年", SAID, SAID, D(2024, 6, 30), False),
    ("明年上半年", SAID, SAID, D(2025, 6, 30), False),
    ("the second half of the year", SAID, SAID, D(2024, 12, 31), False),
    ("in the first half of 2026", SAID, SAID, D(2026, 6, 30), False),
    ("H2 2026", SAID, SAID, D(2026, 12, 31), False),
    ("in H1", SAID, SAID, D(2024, 6, 30), False),
    # a decade: Jan 1 of its first year to Dec 31 of its last
    ("2030年代", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("本世纪30年代", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("二十一世纪三十年代", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("the 2030s", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("in the 2030s", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("in the late 2030s", SAID, D(2030, 1, 1), D(2039, 12, 31), False),
    ("by the end of the 2030s", SAID, SAID, D(2039, 12, 31), False),
    ("by the 2030s", SAID, SAID, D(2030, 12, 31), False),
    # a year as the subject
    ("2026 will see the first agents at work", SAID, D(2026, 1, 1), D(2026, 12, 31), False),
    ("2027 will likely see", SAID, D(2027, 1, 1), D(2027, 12, 31), False),
    ("2027年将是代理之年", SAID, D(2027, 1, 1), D(2027, 12, 31), False),
    ("2027将是代理之年", SAID, D(2027, 1, 1), D(2027, 12, 31), False),
    # 即将, about to, not far off, around the corner
    ("快要", SAID, SAID, D(2025, 3, 15), True),
    ("AGI is about to arrive", SAID, SAID, D(2025, 3, 15), True),
    ("we're about to see", SAID, SAID, D(2025, 3, 15), True),
    ("AGI is not far off", SAID, SAID, D(2025, 3, 15), True),
    ("around the corner", SAID, SAID, D(2025, 3, 15), True),
    ("just around the corner", SAID, SAID, D(2025, 3, 15), True),
    # a day with "by" or "on"
    ("到2025年3月15日", SAID, SAID, D(2025, 3, 15), False),
    ("2025年3月15日之前", SAID, SAID, D(2025, 3, 15), False),
    ("by June 30, 2025", SAID, SAID, D(2025, 6, 30), False),
    ("on July 4", SAID, D(2024, 7, 4), D(2024, 7, 4), False),
    # looks like a horizon but is not one
    ("即将上任的政府", SAID, SAID, None, False),
    ("即将上任的政府将放松监管", SAID, SAID, None, False),
    ("即将到来的众多创新", SAID, SAID, D(2025, 3, 15), True),
    ("《未来十年》这本书", SAID, SAID, None, False),
    ("他写了一本书叫做“未来五年”", SAID, SAID, None, False),
    ('a book called "The Next Five Years"', SAID, SAID, None, False),
    ("三个月内营收从零增长到1亿美元", SAID, SAID, None, False),
    ("Revenue grew from zero to $100 million within three months", SAID, SAID, None, False),
    ("三个月内营收将从零增长到1亿美元", SAID, SAID, D(2024, 6, 15), False),
    ("in the past five years", SAID, SAID, None, False),
    ("over the last three months", SAID, SAID, None, False),
    ("(think back to 2020, when people said we'd have self-driving cars by 2025)", SAID, SAID, None, False),
    (
        "AI will cure diseases by 2035 (think back to 2020, when no one expected this by 2025)",
        SAID,
        SAID,
        D(2035, 12, 31),
        False,
    ),
    ("11月的事情", SAID, SAID, None, False),
    ("今天（2024年5月13日）", SAID, SAID, None, False),
    ("5月13日", SAID, SAID, None, False),
    # the governing horizon wins
    (
        "We will find life on Mars by 2035; colonization will follow the next year",
        SAID,
        SAID,
        D(2035, 12, 31),
        False,
    ),
    ("到2035年发现火星生命，次年开始殖民", SAID, SAID, D(2035, 12, 31), False),
    ("the next year will be big", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("像2020年那样，到2030年会出现", SAID, SAID, D(2030, 12, 31), False),
    ("the following year", SAID, SAID, None, False),
    # rules 2026.9: a part of the year over by said_on (2024-03-15) is the past, not the year around it
    ("今年一月份销量增长了", SAID, SAID, None, False),
    ("今年年初就已经到了万亿级别", SAID, SAID, D(2024, 3, 31), False),  # the first quarter, not over yet
    # ...its own window, wholly before said_on, which the extractor reads as the past (no horizon)
    ("去年上半年营收增长", SAID, SAID, D(2023, 6, 30), False),
    ("2024年1月发布了", SAID, D(2024, 1, 1), D(2024, 1, 31), False),
    ("今年上半年营收增长", D(2024, 7, 10), D(2024, 7, 10), D(2024, 6, 30), False),
    ("今年二季度将发布", SAID, SAID, D(2024, 6, 30), False),
    ("early this year it will ship", SAID, SAID, D(2024, 3, 31), False),
    ("今年年初以来涨了三成", SAID, SAID, None, False),  # since the start of the year: the past
    ("A decade of hardcore AI research as scientists worked", SAID, SAID, None, False),  # a length
    ("decades of research", SAID, SAID, None, False),
    ("in the next decade of AI, robots will", SAID, SAID, PLUS_10Y, False),  # still a time
    ("二三十年内，机器人将进入家庭", SAID, SAID, D(2054, 3, 15), False),  # a pair of tens, not 年内
    ("一二十年后", SAID, SAID, D(2044, 3, 15), False),
    ("by the mid-2030s", SAID, SAID, D(2035, 12, 31), False),
    ("到2030年代中期将达到", SAID, SAID, D(2035, 12, 31), False),
    ("到本世纪中叶将超过", SAID, SAID, D(2050, 12, 31), False),
    ("by mid-century", SAID, SAID, D(2050, 12, 31), False),
    ("by the end of the century", SAID, SAID, D(2100, 12, 31), False),
    ("“十五五”期间将实现量产", SAID, D(2026, 1, 1), D(2030, 12, 31), False),  # the 15th five-year plan
    ("到十四五末", SAID, SAID, D(2025, 12, 31), False),
    ("中美差距还在1到2年", SAID, SAID, None, False),  # a gap measured in time, not a deadline
    ("苹果的硬件大概会提前三年去做设计", SAID, SAID, None, False),  # a lead
    ("China is two years behind the US", SAID, SAID, None, False),
    ("差距还要一两年的时间才能追上", SAID, SAID, D(2026, 3, 15), False),  # what it still takes: a time
    ("差距会在两年内缩小", SAID, SAID, D(2026, 3, 15), False),
    ("那三年后呢，模型会不会更便宜？", SAID, SAID, D(2027, 3, 15), False),  # 那 as "then"
    ("在那三年后，我们", SAID, SAID, None, False),  # "after those three years"
    ("with the bulk of the cuts done by the middle of the year", SAID, SAID, D(2024, 6, 30), False),
    ("by mid-year", D(2024, 8, 1), D(2024, 8, 1), D(2025, 6, 30), False),  # said after it: next year's
    ("明年年中前", SAID, SAID, D(2025, 6, 30), False),
    ("今年 50 岁的方汉看起来比实际年轻", SAID, SAID, None, False),  # an age this year
    ("I think 2025 is an important year for this", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("2023 was a big year", SAID, SAID, None, False),
    # rules 2026.13: "to 2050" is 到2050年; a comparison or a level is no horizon; 三年半前 is the past
    ("Petchems to remain key driver of increasing oil demand to 2050", SAID, SAID, D(2050, 12, 31), False),
    ("Transport will remain the backbone of oil demand through to 2040", SAID, SAID, D(2040, 12, 31), False),
    ("from 2024 to 2050", SAID, D(2024, 1, 1), D(2050, 12, 31), False),  # a span of years, as before
    ("Compared to 2030 goals, the plan is modest", SAID, SAID, None, False),
    ("prices fell back to 2030 levels", SAID, SAID, None, False),
    # ...and a year that names a thing's (2024年的降息预期) yields to the event's own time
    ("年内难以降息，但年底或可逐步打开2025年的降息预期", SAID, SAID, D(2024, 12, 31), False),
    ("出货量将从2025年的约9万台跃升至2030年的120万台", SAID, SAID, D(2030, 12, 31), False),
    ("这个变化正在发生，而且发生得很快", SAID, SAID, None, False),  # 很快 of a speed
    ("预计2025年一二季度释放完毕", SAID, SAID, D(2025, 6, 30), False),  # one of two quarters
    ("22年、23年就是ChatGPT这一波", SAID, SAID, None, False),  # years said with two digits
    ("10年、20年后会普及", SAID, SAID, D(2044, 3, 15), False),  # ...not counts far apart, nor before 后
    ("最开始那几年我感觉研究非常多", SAID, SAID, None, False),  # those years
    ("比如说二零一几年的文章吧", SAID, SAID, None, False),  # 201x
    ("后来，那年年底就做完了", SAID, SAID, None, False),  # that year's end, told before
    ("今年三四季度", SAID, SAID, D(2024, 12, 31), False),
    ("发展的速度也很快", SAID, SAID, None, False),
    ("应该会很快", SAID, SAID, D(2025, 3, 15), True),  # ...but "it should be soon"
    ("都是大矩阵乘法，自然很快。", SAID, SAID, None, False),  # a clause's last word, of a speed
    # rules 2026.12: 至少 before the coming years is "for at least the next …"; before a wait, a bound
    ("我个人判断至少在接下来一到两年，卡不会成为很大瓶颈", SAID, SAID, D(2026, 3, 15), False),
    ("至少在未来两年内", SAID, SAID, D(2026, 3, 15), False),
    ("至少两年", SAID, SAID, None, False),
    ("至少要等三年", SAID, SAID, None, False),
    # rules 2026.11: a change told over years not yet over is projected; over years gone, reported
    ("从2024年至2100年，美国总人口从3.4亿缓慢增长到近4亿", SAID, D(2024, 1, 1), D(2100, 12, 31), False),
    ("从2024-2100年，印度出生人口从2306万逐年下降至1355万", SAID, D(2024, 1, 1), D(2100, 12, 31), False),
    ("从2010年至2020年，美国总人口从3.1亿增长到3.3亿", SAID, SAID, None, False),
    ("三个月内营收从零增长到一亿", SAID, SAID, None, False),
    # rules 2026.10: a heading of a year's forecasts; "increased" before a noun reports nothing
    ("# 2025 Predictions: CIOs Drive AI Strategy", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("2025 outlook: rates fall", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("2025 predictions are hard to make", SAID, SAID, None, False),  # no heading's colon: no year given
    (
        "and 2025 promises to accelerate the trend toward increased automation and AI use",
        SAID,
        D(2025, 1, 1),
        D(2025, 12, 31),
        False,
    ),
    ("revenue increased sharply within two years", SAID, SAID, None, False),  # a report: the verb
    # rules 2026.8: a length after "after" went before; words before "I can say that" date the saying
    ("After decades confined largely to research labs, quantum may be close", SAID, SAID, None, False),
    ("after years of delays, the chip will ship", SAID, SAID, None, False),
    ("after several years of work", SAID, SAID, None, False),
    ("after five years the plant will pay for itself", SAID, SAID, PLUS_5Y, False),  # a count: kept
    (
        "but this year, I can state to claim that by 2029 you will have machines",
        SAID,
        SAID,
        D(2029, 12, 31),
        False,
    ),
    ("this year we think that by 2030 it will work", SAID, SAID, D(2030, 12, 31), False),
    ("今年我们预计明年营收将增长", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("今年营收将增长", SAID, SAID, D(2024, 12, 31), False),
    ("In 2025, growth will be 2%, and in 2026, 3%", SAID, D(2025, 1, 1), D(2025, 12, 31), False),
    ("去年底发布了", SAID, SAID, None, False),  # a past year's end
    ("去年年底之后", SAID, SAID, None, False),
    ("前年年底之后我都满意", SAID, SAID, None, False),
    ("年底前将发布", SAID, SAID, D(2024, 12, 31), False),  # this year's
    ("三年和五年（实现全无人）", SAID, SAID, PLUS_5Y, False),  # two counts: the later
    ("2025年和2026年会更好", SAID, SAID, D(2026, 12, 31), False),  # two years: one of them
    ("How soon in calendar ’24 can we expect it?", SAID, D(2024, 1, 1), D(2024, 12, 31), False),
    ("the chip ships in '25", SAID, D(2025, 1, 1), D(2025, 12, 31), False),  # two digits: said_on's century
    ("by '27 it will be everywhere", SAID, SAID, D(2027, 12, 31), False),
    ("a robust roadmap for ’24, ’25 and ’26", SAID, D(2024, 1, 1), D(2026, 12, 31), False),  # a list
    ("music of the '90s", SAID, SAID, None, False),  # a decade, no year
    ("money that has gone in over the last two, three years", SAID, SAID, None, False),  # behind said_on
    ("in the last two or three years", SAID, SAID, None, False),  # ...and no count inside it either
    ("during the past 2-3 years", SAID, SAID, None, False),
    ("in the next two or three years", SAID, SAID, D(2027, 3, 15), False),
    # rules 2026.7: a run of days is a dateline; words before a meeting's name are its topic
    ("2024年3月11-12日，论坛在京举行", SAID, SAID, None, False),
    ("3月11日至12日举行", SAID, SAID, None, False),
    ("在展望数字经济的未来十年圆桌上发表观点", SAID, SAID, None, False),
    ("在展望數字經濟的未來十年圓桌上發表觀點", SAID, SAID, None, False),
    ("未来五年论坛", SAID, SAID, None, False),
    ("未来十年，圆桌会更多", SAID, SAID, PLUS_10Y, False),  # a clause break: a time again
    ("likely to improve further in coming months", SAID, SAID, PLUS_6M, True),
    ("在轴承业务有数十年的沉淀与积累", SAID, SAID, None, False),  # what one has
    ("经过十年的发展，我们成为龙头", SAID, SAID, None, False),
    # rules 2026.15: the time spent at something is how long it went on
    ("您已经创业十年了", SAID, SAID, None, False),
    ("在谷歌工作不到三年就回国了", SAID, SAID, None, False),
    ("但也才創立一年半", SAID, SAID, None, False),
    ("在与世无隔的环境憋12个月", SAID, SAID, None, False),
    ("差不多做了8个月", SAID, SAID, None, False),
    ("花了半年的时间来调研", SAID, SAID, None, False),
    ("工作三年内会见分晓", SAID, SAID, D(2027, 3, 15), False),  # 内: a window still
    ("还有三年的时间", SAID, SAID, D(2027, 3, 15), False),  # time left is a deadline
    ("明年一季度", SAID, SAID, D(2025, 3, 31), False),  # a quarter without 第
    ("2025年1季度", SAID, SAID, D(2025, 3, 31), False),
    ("今年二季度", SAID, SAID, D(2024, 6, 30), False),
    ("三个季度内", SAID, SAID, None, False),  # a count of quarters is no quarter
    ("我们要预测数字经济的十年", SAID, SAID, None, False),  # a period of something
    ("未来的十年，AI会普及", SAID, SAID, PLUS_10Y, False),
    ("接下来的五年会很关键", SAID, SAID, D(2029, 3, 15), False),
]


@pytest.mark.parametrize(
    ("phrase", "said_on", "earliest", "latest", "vague"),
    WINDOWS,
    ids=[f"{phrase or '<empty>'}@{said_on}" for phrase, said_on, *_ in WINDOWS],
)
def test_it_computes_the_window(
    phrase: str, said_on: date, earliest: date, latest: date | None, vague: bool
) -> None:
    window = compute_window(phrase, said_on)
    assert (window.due_earliest, window.due_latest, window.vague) == (earliest, latest, vague)


# (phrase, rule, matched): which rule won and the exact words it quotes from the text.
RULES: list[tuple[str, str, str | None]] = [
    ("2025年", "calendar_year", "2025年"),
    ("by 2030", "by_year", "by 2030"),
    ("明年底", "next_year", "明年底"),
    ("十年内", "n_years", "十年内"),
    ("年内", "this_year", "年内"),
    ("未来十年", "decade", "未来十年"),
    ("几个月内", "few_months", "几个月内"),
    ("三个月内", "n_months", "三个月内"),
    ("不会超过十年", "n_years", "不会超过十年"),
    ("不會超過十年", "n_years", "不會超過十年"),  # quoted in the original script
    ("五年后", "in_n_years", "五年后"),
    ("两三年", "year_range", "两三年"),
    ("in a few years", "few_years", "in a few years"),
    ("decades", "decades", "decades"),
    ("soon", "soon", "soon"),
    ("我认为到2030年左右会出现", "by_year", "到2030年左右"),
    ("We'll have agents in 2025", "calendar_year", "in 2025"),
    ("AGI之后十年", "event_relative", "AGI之后十年"),
    ("ten years after AGI", "event_relative", "ten years after AGI"),
    ("在实现AGI后的几年内", "event_relative", "在实现AGI后的几年内"),
    ("after we reach superintelligence", "event_relative", "after we reach superintelligence"),
    ("It will happen eventually", "none", None),
    ("超过十年", "none", "超过十年"),  # open-ended: undated, but the words are kept
    ("at least five years", "none", "at least five years"),
    ("2025-2030", "calendar_year", "2025-2030"),
    ("十几年", "year_range", "十几年"),
    ("今年11月", "month", "今年11月"),
    ("by the end of July", "month", "by the end of July"),
    ("November or December of this year", "either", "November or December of this year"),
    ("2026或2027年", "either", "2026或2027年"),
    ("2025-2030", "calendar_year", "2025-2030"),  # a range of years, not one of two
    ("our baseline forecast for 2025 calls for 2.5% growth", "calendar_year", "for 2025"),
    ("2014到2017年中国经济的矛盾将浮上表层", "calendar_year", "2014到2017年"),  # 中国, not 年中 "within"
    ("2014到2017年中，矛盾将浮上表层", "calendar_year", "2014到2017年中"),
    ("明年第一季度", "quarter", "明年第一季度"),
    ("H2 2026", "half", "H2 2026"),
    ("本世纪30年代", "named_decade", "本世纪30年代"),
    ("2027 will likely see agents", "calendar_year", "2027"),
    ("AGI is not far off", "soon", "not far off"),
    ("X by 2035; Y the next year", "by_year", "by 2035"),
    ("the following year", "none", "the following year"),  # counted from a time not given
    ("《未来十年》里说，五年内会有", "n_years", "五年内"),  # a title is no horizon
]


@pytest.mark.parametrize(("phrase", "rule", "matched"), RULES)
def test_it_names_the_rule_and_quotes_the_words(
    phrase: str,
    rule: str,
    matched: str | None,
) -> None:
    window = compute_window(phrase, SAID)
    assert (window.rule, window.matched) == (rule, matched)


@pytest.mark.parametrize(
    ("phrase", "ambiguous"),
    [
        ("2030年前", True),
        ("到2030年", True),
        ("2030年左右", True),
        ("by 2030", True),
        ("around 2030", True),
        ("2030年", False),
        ("in 2030", False),
        ("今年年底", False),
        ("明年底", False),
        ("五年内", False),
    ],
)
def test_it_marks_only_by_a_year_as_boundary_ambiguous(phrase: str, ambiguous: bool) -> None:
    assert compute_window(phrase, SAID).boundary_ambiguous is ambiguous


@pytest.mark.parametrize("text", [None, "", "  \n"])
def test_it_leaves_empty_text_undated(text: str | None) -> None:
    assert compute_window(text, SAID) == Window(SAID, None, False, False, None, "none")


def test_it_counts_from_the_date_part_of_a_datetime() -> None:
    window = compute_window("几个月", datetime(2024, 3, 15, 23, 59))  # noqa: DTZ001
    assert (window.due_earliest, window.due_latest) == (SAID, PLUS_6M)
    assert type(window.due_earliest) is date


def test_it_has_a_rules_version() -> None:
    assert RULES_VERSION == "2026.17"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 11, 15), 2, D(2025, 1, 15)),
        (D(2024, 3, 15), 0, D(2024, 3, 15)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
    ],
)
def test_it_adds_months_clamping_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1), ("二", 2), ("两", 2), ("兩", 2), ("三", 3), ("九", 9), ("十", 10),
        ("十五", 15), ("十八", 18), ("二十", 20), ("二十五", 25), ("百", 100), ("一百", 100),
        ("两百", 200), ("一百零五", 105), ("零", 0), ("6", 6), ("18", 18), ("１８", 18),
        (" 5 ", 5), ("five", 5), ("Twenty", 20), ("twenty-five", 25),
        ("两三", None), ("几", None), ("", None), ("abc", None), ("5年", None),
    ],
)  # fmt: skip
def test_it_parses_numbers(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


def test_it_has_at_least_eighty_window_cases() -> None:
    assert len(WINDOWS) >= 80


@pytest.mark.parametrize("phrase", ["在不遠的將來", "未來十年內", "二〇三〇年前", "by 2030", "明年底"])
def test_text_folded_by_the_caller_gets_the_same_window(phrase: str) -> None:
    from claims.fold import fold

    given, folded = compute_window(phrase, SAID), compute_window(fold(phrase), SAID, folded=True)
    # `matched` quotes the text given: the same span of the folded one.
    assert (folded.due_earliest, folded.due_latest, folded.rule, folded.span) == (
        given.due_earliest,
        given.due_latest,
        given.rule,
        given.span,
    )
