"""The words that make a sentence look forward, and the ones that say it does not.

All patterns run on folded text (claims.fold): Chinese in Simplified only, ASCII
punctuation, straight apostrophes. They are compiled into one alternation with a named group per
family, so the whole text is scanned once and each match is filed under its sentence by offset
(see claims.extraction.extract); `Cue.family` is the group's name.

Families, and why each exists:
- future: modal and future words (将, 会 as a modal, 预计; will, expect, going to); "when" is
  the future words that can be horizons themselves (即将, 未来, 很快; soon, by 2030), and only
  sentences with one of those or a horizon trigger (年, 月, years) go to claims.horizons. 会 inside a word (社会, 机会, 会议, 学会, 大会…) and 将 as the object marker
  (将其, 将它们) are masked first, so they never count.
- belief: the speaker vouching for a forecast (我认为, 我相信, 我预计, I think, I expect): with a
  future word it is the classic prediction, "我认为…会".
- plan: commitments and plans (计划, 打算, 目标是, we plan to).
- topic: what the sentence is about (模型, AI, 公司, 社会…), which separates a forecast about the
  world from one about the speaker's afternoon.
- question words, past, advice, hypothetical, hope, hearsay, speech ("我会说"), evaluative ("将会
  非常有趣"), uncertain ("不知道") and logistics lower a sentence's score (scoring.py);
  boilerplate (links, "关注公众号", "--END--") removes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.horizons import SOON_ZH
from claims.regexes import first_characters, guarded

__all__ = [
    "CONDITION_ZH",
    "CUE_PATTERN",
    "FAMILIES",
    "OTHERS_SAY",
    "PEOPLE_AS_THEY_DO",
    "STILL_TO_COME_EN",
    "SURE_TO_COME_ZH",
    "TOPIC_PATTERN",
    "Cue",
    "count_topics",
    "mask_non_modal",
    "scan",
]

# What follows the modal 将 directly: a verb, an adverb or a preposition, never the object that
# 将 takes as an object marker (将它们推向世界, 将AI融入生活).
_VERB_AFTER_MODAL = (
    r"(?:作为|融入|成为|变成|变得|会|要|在|于|是|有|被|能|可以|可能|进一步|继续|逐渐|逐步|彻底|不|带来|推出|发布|改变|"
    r"实现|出现|面临|达到|迎来|进入|开始|导致|使|让|帮助|持续|大幅|更|越来越|极大|深刻|全面|迅速|很快|从|对|与|和|"
    r"以|为|把|得到|获得|提供|产生|影响|推动|引发|取代|替代|重塑|改写|决定|继续|保持|拥有|具备|需要|走向|扩展|扩大|"
    r"超过|超越|提升|提高|降低|减少|增加|增长|下降|发展|形成|创造|打开|开启|转向|用|看到|见证|迎接)"
)

# 预测 as a noun, not the verb: after 的 (but 我的预测 vouches, see "belief"), or before what a
# forecast has or is (预测中, 预测是, 预测的). Under a forecast named so a sentence may still
# forecast by its horizons ("在中预测的情形下，…到2050年跌破700万"); one about the thing itself, its
# data, report, method or figure, forecasts nothing ("人口预测报告数据比较全面", "下图是…人口预测：").
FORECAST_AS_A_THING_ZH = r"预测(?=数据|报告|结果|方法|差异|值|如|[:)*]|\s*$)"
FORECAST_AS_A_NOUN_ZH = rf"(?<!我的)(?<!们的)(?:(?<=的)预测|预测(?=中(?![国方])|与|是|的(?!情形|情景|情况))|{FORECAST_AS_A_THING_ZH})"

# 会 and 将 inside words where they are not the future modal. Masked (replaced by a placeholder
# of the same length) before the cue scan, so offsets are kept.
_NON_MODAL_PATTERN = (
    # "forecast" as a noun, talked about, is no forecast: "our forecasts for growth", "Growth
    # Forecasts on AI Boost", "the economic forecast" (the verb stays: "Gartner forecasts that…").
    r"(?i:(?<=\bthe\s)|(?<=\bour\s)|(?<=\btheir\s)|(?<=\bits\s)|(?<=\bthese\s)|(?<=\bthose\s)|(?<=\bthis\s)"
    r"|(?<=\bmy\s)|(?<=\bhis\s)|(?<=\bher\s)|(?<=\byour\s)|(?<=\bgrowth\s)|(?<=\beconomic\s)|(?<=\blatest\s))"
    r"(?i:forecasts?)\b(?!\s+that\b)|"
    r"社会|机会|会议|学会|大会|会员|协会|研究会|促进会|交流会|开会|聚会|约会|宴会|(?<!早)晚会|委员会|峰会|理事会|董事会|"
    r"(?<![中美英法德俄日韩])国会|议会|工会|会计|"
    # ...but the modal before a verb that begins the same way: 会面临, 会见到, 会长期, 会谈到.
    r"会长(?!期|远|久)|会谈(?!到|及)|会面(?!临|对)|会见(?!到|证)|会场|会话|(?<!具)体会|领会|误会|"
    # 为什么会, 怎么会: "why did it", "how could it", an explanation, not a forecast.
    r"(?<=为什么)会|(?<=为何)会|(?<=怎么)会|"
    # 那会儿, 那会的: "back then" ("那会儿我们是引领过一…", "那会的提法叫…"), not "that will".
    r"(?<=那)会(?=儿|的)|"
    r"博览会|研讨会|(?<![明今去前后0-9〇一二两三四五六七八九十几每])年会|"
    # "论坛2017年会暨…颁奖典礼": after a year 年会 is the meeting only where its ceremony follows
    # ("2025年会…" is otherwise "in 2025 … will").
    r"(?<=[0-9])年会(?=暨|期间|开幕式|闭幕式)|"
    # 未来 in a name (未来论坛, 未来智库, 未来科学大奖): an institution, not the future.
    r"未来(?=论坛|智库|科学大奖|研究院|学院|基金会|实验室)|"
    # ...or in a meeting's name (展望数字经济的未来十年圆桌): its topic (claims.horizons agrees).
    r"未来[^，。,；;\s]{0,4}(?=圆桌|分?论坛|峰会|大会|研讨会|座谈会|报告会)|"
    # To predict the future (预测未来, "predict the future") is to talk of forecasting, not to forecast.
    r"预测(?=未来)|\bpredict(?:s|ed|ing)?(?=\s+the\s+future\b)|"
    # ...and so is a forecast named as a thing: "人口预测报告", "预测数据", "联合国的预测".
    rf"{FORECAST_AS_A_NOUN_ZH}|"
    # ...and so is asking what to expect: "What to expect from AI in 2026", "what they expect".
    r"\b[Ww]hat\s+(?:to|(?:we|they|experts|analysts|you|people)(?:\s+can)?)\s+expect\b|集会|舞会|运动会|演唱会|座谈会|"
    r"酒会|庙会|商会|交易会|发布会|讨论会|联合会|基金会|奥运会|世博会|会晤|会师|会合(?!作|理|法|适|格|并)|融会|盛会|省会|"
    r"分会|教会|散会|入会|赴会|与会|会馆|会堂|会客|会诊|会考(?!虑|验|察)|会心|照会|附会|一会儿|待会儿?|过会儿|会儿|"
    # A 会 that an enumeration comma follows ends a noun ("研讨会、交流会、论坛"): a modal never does.
    r"会(?=、)|"
    # 将 as the object marker (like 把): before a pronoun, or with the verb that takes the object.
    r"将(?=(?:其|它|他|她|这|那|之|此|我|你|自己|所有|一些|每|多个|各种|任何))|"
    # ...after a verb of means, ability or need, where the modal cannot stand: 通过将电池容量增加,
    # 能够将动作编码为, 需要将数据送回 (the modal comes first: 将能够, 将需要).
    r"(?:(?<=通过)|(?<=可以)|(?<=能够)|(?<=不能)|(?<=试图)|(?<=旨在)|(?<=用于)|(?<![主重])(?<=要))将|"
    # ...and after helping someone to, the one helped in between: "我们帮助他们将大模型应用落地".
    r"(?:(?<=帮助)|(?<=帮助他们)|(?<=帮助我们)|(?<=帮助企业)|(?<=帮助客户)|(?<=帮他们)|(?<=帮我们))将|"
    # ...after an adverb in 地 or after 是, where the modal cannot stand either: 快速地将经验数字化,
    # 作用是将成本降至接近零 (the modal comes first: 将快速地, 将是). 地 after an adjective only:
    # 各地将, 当地将, 基地将 are places, and what they will do.
    r"(?:(?<=[速步效好断渐续极妥然著]地)|(?<![但可于])(?<=是))将(?![来要会近])|"
    # The verbs that take 将 as 把 whatever stands between: 将…视为, 将…定义为.
    r"将(?=[^,，。.;；:：!?！？]{1,20}?(?:推向|视为|看作|比作|定义为|分解为|转化为|归结为|交给|放在))|"
    # ...and those that may also follow the modal: 将 straight before a verb or an adverb is the
    # modal (将融入生活, 将作为平台), else the object marker (将AI融入生活).
    rf"将(?!{_VERB_AFTER_MODAL})(?=[^,，。.;；:：!?！？]{{2,20}}?(?:作为|变成|呈现|带给|用于|应用于|整合|融入|融合|"
    r"引入|个性化|商品化|连接|结合|相结合|对接|集中(?:在|于|到)|(?:上升|提升|提高|降低|推)到|投入(?:到|在)|"
    r"分为|分成|划分为|归为|归类为|列为|列入|纳入|定位为|命名为|切成|编码为|提供给|转换为|转换成|改造为|改造成|"
    r"打造成|打造为|翻译成|翻译为|压缩到|压缩为|送到|送回|交到|放到|放进|分配给|降至|"
    # ...and the verbs that put what 将 takes somewhere or together: 将计算扩展到网络边缘,
    # 将数据添加到真实环境中, 将各个层面联系起来.
    r"(?:添加|扩展|延伸|部署|迁移|复制|映射)(?:到|至)|(?:联系|关联|结合|连接|串联|组合)起来))|"
    r"将近|将军|将领(?!先|导|跑|衔)|将士|武将|大将|麻将|将就|将心比心|(?<![衰变])老将|名将|猛将|悍将|"
    # Expectation as a noun: 比我预期的 (see _EXPECTED_PAST for the ones that tell the past).
    # ...but not 可以预期的, "to be expected": a forecast.
    r"(?:(?:比|超出|超过|出乎|低于|高于)(?:我们?|任何人)?|我们?|任何人|(?<!可以)(?<!可))(?:预期|预计|预料)的|"
    # ...a result measured against it ("数据好于预期", "不及预期"), and the market's expectations as a
    # mood that moves ("紧缩预期再度升温", "增长预期积极", "经营环境预期、收入预期…均有回落").
    r"预期(?:(?<=好于预期)|(?<=低于预期)|(?<=高于预期)|(?<=不及预期)|(?<=符合预期)|(?<=差于预期)|(?<=弱于预期)"
    r"|(?<=强于预期)|(?<=超预期))|"
    r"预期(?=再度|升温|降温|退坡|回落|回升|积极|悲观|乐观|转弱|转强|落空|[、，,]|也均|均)"
)
_MASK = "\u25a1"  # □: not a letter of any pattern below


def mask_non_modal(folded: str) -> str:
    """`folded` with non-modal 会/将 words blotted out, same length."""
    masked = _NON_MODAL().sub(lambda m: _MASK * len(m.group(0)), folded)
    if any(verb in masked for verb in _HINGE_VERBS):
        masked = _HINGES_ON.sub(lambda m: _MASK * len(m.group(0)), masked)
    return masked


# What an outcome will hinge on is no outcome: "our CapEx will depend on the returns", "that'll
# inform our level of future spend", "the global economy will be influenced by developments in
# trade negotiations", "inflation is likely to be affected by…" (not "will be driven by smaller
# models": what will drive it is a forecast). Its own pattern, tried only in texts with its verbs
# (a test of substrings, quicker than any pattern): in the one above, its first letters would have
# the whole alternation tried at every "a", "i" and "w".
_HINGE_VERBS = ("depend", "inform", "influenced", "affected", "determined", "shaped", "dictated")
_HINGES_ON = re.compile(
    r"(?:\bwill|'ll|(?:\b(?:is|are)|'s)\s+(?:(?:just|also|still)\s+)?(?:likely|going)\s+to)(?=\s+(?:(?:also|still|largely|mostly"
    r"|partly|just)\s+)?(?:depend\s+(?:on|upon)|be\s+(?:influenced|affected|determined|shaped|dictated)\s+by|inform)\b)",
    re.IGNORECASE,
)


# Future words that can also be (part of) a horizon: the sentence goes to claims.horizons.
# Words that say by themselves that it will come, as surely as 将 does: "实现是时间问题" (only not
# yet), "已经为期不远了", "放松限购是大势所趋", "内容的3D化是必然趋势", "万亿美元营收可期" (为期不远 is
# no row of HORIZONS.md: no window). extract.py counts them as the plain future.
SURE_TO_COME_ZH = (
    r"是时间(?:的)?问题|只是时间(?:的)?问题|只不过是时间(?:的)?问题|不过是时间(?:的)?问题|就是时间(?:的)?问题"
    r"|为期不远|大势所趋|是(?:未来|必然)的?趋势|可期"
)
# ...and in English, what is still ahead: "there's a lot more to come", "the best is yet to come".
STILL_TO_COME_EN = r"(?:more|plenty|the\s+best|worse|better)\s+(?:is\s+|are\s+)?(?:still\s+|yet\s+)?to\s+come"
_WHEN_ZH = (
    r"在(?:不久的|不远的)?(?:未来|将来)|不久的(?:未来|将来)|不远的(?:未来|将来)|"
    # 未来 as "in the future", not the noun of "AI的未来" or "未来图景".
    r"未来(?=[^的,，。]{0,2}(?:会|将|可能|几|\d|[一二两三四五六七八九十]|某|一段|数))|"
    # ...and at the head of a clause, before anything but 的: "未来人类和机器人的比例将…".
    r"(?:(?<=[，,：:。；;！!？?\s“「（(])|^)未来(?![的图愿])|"
    r"即将|将来(?!自)|今后|往后|接下来(?!的?问题|一个问题|是|就是)|"
    rf"{SOON_ZH}|马上|不久(?!前)|快要|以后(?!的)|明年|"
    # "从2025年开始": from a year on (a past year gives a window already over, and no candidate).
    r"从\s*(?:(?:19|20|21)\d\d\s*年?|明年|今年)\s*(?:开始|起)"
)
_FUTURE_ZH = (
    r"将要|将会|终将|必将|将|会|预计|预期|预测|预料|有望|势必|迟早|注定|就要|就能|就可能|"
    r"还在后头|在后头|无法阻挡|不可阻挡|势不可挡|终究|终归|早晚|"
    rf"{SURE_TO_COME_ZH}|"
    # What things come to in the end: "大模型最后都差不多", "前两个最后都没有 AI 大" (not 最后 of a
    # sequence: "最后，我相信…", "他最后透露"). 最终 is as often the last step of a process told.
    r"最(?<=[\u4e00-\u9fff]最)后(?=都|也|还是|一定|肯定|会|可能)|到最后|"
    # A hedge before a measurable outcome forecasts it, as in English ("could lead to", "may rise").
    r"可能(?=(?:会|还|也|都|因此|最终)?(?:成为|变得|导致|出现|需要|改变|带来|推动|引发|造成|颠覆|取代|替代|超过|达到|上涨|下跌|增长|下降"
    r"|转型|进入|扩大|受到|帮助|接近|失去|推迟|放缓|加速|消失|崛起|普及|实现|重新|提升|提高|降低|减少|增加|扩展|主导|占据|迎来"
    r"|被))|"
    # What is about to be: "3:1现在也快变成一个共识了".
    r"快(?<![很更越加赶尽]快)(?=变成|成为|达到|实现)|"
    # ...and so does the research note's 或 ("may"), before a modal or an adverb, where it joins no
    # two things: "或将降至9.1亿平", "年底或可逐步打开降息预期", "通胀或都回落至3%" (not 上涨或下跌, 或者);
    # and 大概率, "most likely": "今年大概率不衰退".
    # ...and before a verb that never opens the second of two things ("制造业投资或承压", "年内或延续对
    # 供、需两端的适度支持", "二季度市场或进入阶段性反弹").
    r"或(?:将|会|可|能|无法|难以)|或(?=(?:都|也|仍|还)[\u4e00-\u9fff])"
    r"|或(?=承压|延续|进入|迎来|面临|继续|维持|开启|再度|进一步|逐步)|大概率(?!事件)|"
    # ...and "should" of a thing before what it brings about, as in English ("3D打印应该有助于…",
    # "多组学应该释放出…", "automation should boost…"); 我们应该, 你应该 advise.
    r"(?<![我你您们家府业司])应该(?=有助于|能够|可以|释放|促使|推动|开启|带来|降低|提高|催化|证明|随着|"
    r"改变|成为|出现|超过|达到)|"
    # ...and so does saying it is unlikely: "…是不太可能的", "不太可能被…捕捉到".
    r"不太可能|不大可能|极不可能|"
    # What surely can be is a forecast: "端侧推理一定能萌发巨头", "我们肯定能吃到红利".
    r"一定(?:能|可以)|肯定(?:能|可以)|必然(?:能|可以)|必定(?:能|可以)|"
    # What is at hand (no window: 在即 is no row of HORIZONS.md): "筑底在即".
    r"在即|"
    # Whether something not yet done will be: "AGI在现有框架下难以实现", "实现不了", "比较容易实现".
    r"难以实现|很难实现|不可能实现|容易实现|实现不了|"
    # How long it will take: "开放道路的无人驾驶可能要十年二十年以上", "至少要三年".
    r"(?:可能|恐怕|至少|还)要(?=\s*[数几一二两三四五六七八九十百\d]+\s*(?:年|个月))"
)
_WHEN_EN = (
    r"\b(?:in\s+the\s+(?:near\s+|not[-\s]too[-\s]distant\s+)?future|soon|next\s+(?:year|decade|month|quarter)"
    r"|coming\s+(?:years|decades|months|weeks)|by\s+(?:19|20|21)\d\d|by\s+the\s+end\s+of|later\s+this\s+year"
    r"|about\s+to|(?:not|n't)\s+(?:too\s+|that\s+|very\s+|so\s+)?far\s+off"
    r"|within\s+(?:the\s+next\s+)?(?:\w+\s+){0,2}(?:years?|months?|decades?)"
    r"|starting\s+(?:in\s+)?(?:19|20|21)\d\d|from\s+(?:19|20|21)\d\d\s+on(?:wards?)?)\b"
)
_FUTURE_EN = (
    r"\b(?:will|won't|shall|gonna|going\s+to|expect(?:s|ing)?|(?:is|are|be|were|was)\s+(?:expected|predicted|projected|forecast|estimated)\s+to|predicts?|forecasts?"
    r"|anticipate[sd]?|promis(?:es|ing)\s+to|(?:is|are|seems?|looks?)\s+likely|likely\s+to|bound\s+to|set\s+to|poised\s+to"
    r"|(?:well\s+)?positioned\s+to|(?:somewhere\s+)?down\s+the\s+(?:road|line)"
    r"|on\s+track\s+to|eventually|someday|there'?s\s+going\s+to|next\s+(?:generation|model)"
    # A forecast reported in the past: "noting that the cuts would vault Block…", "saying it would…".
    r"|(?:noting|saying|writing|adding|arguing|warning|predicting|estimating)\s+(?:that\s+)?(?:[\w'-]+\s+){1,6}?would"
    # What is still ahead: "there's a lot more to come", "the best is yet to come".
    rf"|{STILL_TO_COME_EN}"
    r"|(?:only|just)?\s*a\s+matter\s+of\s+time"
    r"|(?:yet|still)\s+to\s+come|ahead\s+of\s+us"
    r"|(?:is|are|be|'s|'re)\s+on\s+(?:the|its|their)\s+way"  # "relief can be on the way": coming
    r"|inevitabl[ey]|unstoppable|gonna|(?:well\s+)?within\s+(?:our\s+)?(?:grasp|reach)"
    r"|(?:is|are)\s+(?:very\s+|so\s+)?close\s+to\s+(?:building|achieving|reaching|having|creating)"
    # A hedge before a measurable outcome forecasts it, as 可能 before 成为, 导致 does: "unemployment
    # could spike to 20%", "AI could wipe out half of all entry-level jobs".
    # Where things are headed: "we're headed for a recession", "prices are heading toward $5".
    r"|(?:is|are|'s|'re)\s+(?:now\s+)?(?:head(?:ed|ing)|rushing|racing|hurtling|barrell?ing)\s+(?:for|toward|towards|into)"
    # ...what is meant or about to happen: "Gaudi3 is the one that's really supposed to close the gap",
    # "they are just on the cusp of being able to…".
    r"|(?:is|are|'s|'re)\s+(?:really\s+|also\s+)?(?:supposed|slated|scheduled)\s+to|on\s+the\s+(?:cusp|verge|brink)\s+of"
    r"|(?:could|may|might)\s+(?:well\s+|soon\s+|eventually\s+|even\s+)?(?:rise|fall|spike|surge|soar|jump|climb"
    r"|double|triple|halve|reach|hit|top|exceed|surpass|overtake|replace|eliminate|wipe\s+out|disappear"
    r"|collapse|shrink|decline|drop|grow|increase|decrease|cause|lead\s+to|result\s+in|see|be\s+looking\s+at"
    r"|take\s+(?:away|over)|destroy|transform|disrupt|upend|reshape|threaten))\b|'ll\b"
    # A heading the authors call a forecast: "Prediction 3: …", "# 2025 Predictions: CIOs Drive …".
    # The year stays a horizon's word: only the rest is the cue.
    r"|(?<![^\n#* \t])(?<![^\n#*] )predictions?\s*#?\d{1,2}\s*:"
    r"|(?<=\d{4} )(?<![^\n#* \t]\d{4} )(?<![^\n#*] \d{4} )predictions?\s*:"
)
# Hedged forecasts: as much a forecast as "will" when a horizon, a topic or the speaker's belief
# goes with them, else not enough on their own (scoring.py). "should" only where it predicts
# ("we should be able to…", "it should be ready by…"), not where it advises ("you should").
# "could have done", "might have been": a past that did not happen, not a forecast.
_PARTICIPLE = r"(?:been|had|done|gone|made|seen|taken|known|got|gotten|given|[a-z]+ed)\b"
_MODAL_EN = (
    rf"\b(?:may(?!\s+(?:i|we|have|\d))|might(?!\s+have\s+{_PARTICIPLE})|could(?!\s+(?:you|i|we)\b)(?!\s+have\s+{_PARTICIPLE})"
    rf"|(?<!you\s)should(?=\s+(?:eventually|soon|likely|easily|(?:(?:probably|definitely|certainly|also|all|now|then)\s+)?"
    # ...and guidance: "revenue growth should be in the low 20s", "should be roughly 67%".
    r"(?:be\s+able\s+to|be\s+(?:roughly|approximately|about|around|in\s+the|between|flat|relatively"
    r"|ready|available|possible|out|here|there|finished|live|complete|in\s+place"
    r"|widespread|common|cheaper|faster|better)|see|start\s+to\s+see|get\s+(?:to|there)|reach|happen|arrive|hit"
    r"|ship|land|come\s+(?:down|out)|go\s+up|double|triple|converge|fall|rise|drop|decline|grow|improve"
    r"|become|continue|emerge|accelerate|shrink|expand|deliver|boost|lift|benefit|pay\s+off|outperform|ease|recover"
    r"|rebound|pick\s+up|slow))\b)|probably|possibly"
    # Odds: "there's a good chance the Fed is done", "a high chance of a recession".
    r"|(?:there'?s|there\s+is)\s+a\s+(?:very\s+)?(?:good|high|strong|real|decent|fair)\s+chance"
    r"|(?:good|high|strong|decent|fair)\s+chance\s+(?:that|of))\b"
)
_BELIEF = (
    r"我[^,，。.;；:：!?！？我你他]{0,5}?(?:认为|相信|预计|预期|猜测?|觉得|确信|坚信|估计|"
    r"期待|期望|赌|敢说|可以预见|预见)|"
    r"我们(?:也|都|仍然|确实|真的)?(?:认为|相信|预计|坚信|期待|确信|估计|测算|预估)|"
    r"我的(?:猜测|直觉|看法|基本假设|预测|感觉)|在我们?看来|毫无疑问|"
    r"\bI\s+(?:(?:really|still|do|genuinely|strongly)\s+)?(?:think|believe|expect|bet|predict|guess|suspect|imagine"
    r"|am\s+(?:(?:actually|fairly|pretty|quite|very|really|reasonably)\s+){0,2}(?:confident|convinced|sure|optimistic))\b"
    r"|\bI'm\s+(?:(?:actually|fairly|pretty|quite|very|really|reasonably)\s+){0,2}(?:confident|convinced|sure|optimistic)\b"
    # The one view held ("my guess is…", "our expectation:"), not predictions talked about as things
    # ("I got many of my predictions right", "Here are my predictions").
    r"|\b(?:my|our)\s+(?:guess|bet|sense|prediction|expectation|view|hunch)\b|\bI'd\s+(?:bet|guess|wager)\b"
    r"|\bwe\s+(?:believe|expect|think|predict|anticipate|forecast|project)\b"
    r"|\b(?:we(?:'re|\s+are)|I(?:'m|\s+am))\s+(?:now\s+)?(?:forecasting|predicting|expecting|projecting|anticipating)\b"
    r"|\b(?:I|we)\s+(?:really\s+)?look\s+forward\s+to\b|\blook\s+forward\s+to\b"
    # "I wouldn't be surprised if…", "I'd be surprised if…": a forecast either way.
    r"|\b(?:I|we)(?:'d|\s+would)(?:n't|\s+not)?\s+be\s+(?:very\s+|really\s+|at\s+all\s+)?surprised\s+(?:if|to\s+see)\b"
)
_PLAN = (
    r"(?:我们?|他们|公司|OpenAI)(?:也|都|还|确实|正在|一直)?(?:计划|打算)|计划(?=在|于|将|要|让|把)|我们会|我们将|准备(?=在|要|推出|发布)|"
    # A target set for a time: "今年的具体目标", "中长期目标" (not 目标用户, the target users); the
    # time word stays the horizon's.
    r"目标(?:(?<=今年的目标)|(?<=明年的目标)|(?<=今年目标)|(?<=明年目标)|(?<=年度目标)|(?<=具体目标)"
    r"|(?<=长期目标)|(?<=短期目标)|(?<=阶段性目标)|(?<=年度的目标)|(?<=具体的目标))(?!用户|市场|客户|人群|群体|受众)|"
    # A stated intention, planned or intended: one phrase.
    r"\b(?:(?:plan(?:s|ning)?|intend(?:s|ing)?)\s+to|we(?:'re|\s+are)\s+going\s+to|we'll|we\s+will)\b"
    # ...or a target aimed at: "Block says it's now aiming for north of $2 million per head", "we aim
    # to…" (not a body's standing purpose: "a foundation, which aims to help standardize…").
    r"|\b(?:aiming\s+(?:to|for)|(?:we|I)\s+aim\s+to)\b"
)
# What the forecast is about: a sentence about models, companies or society rather than about the
# speaker's afternoon.
_TOPIC = (
    r"模型|人工智能|AGI|ASI|AI|GPT|o1|o2|o3|技术|代理|智能体|系统|世界|社会|经济|产品|OpenAI|互联网|"
    r"芯片|数据|推理|计算|研究|科学|公司|行业|用户|市场|语音|上下文|token|设备|平台|应用|机器人|广告|"
    r"开源|工作|商业|医疗|教育|监管|政府|能源|浏览器|软件|编程|代码|汽车|驾驶|交通|出行|"
    r"(?<![A-Za-z])(?:models?|compan(?:y|ies)|markets?|technolog(?:y|ies)|software|hardware|chips?|compute"
    r"|data|research(?:ers)?|scien(?:ce|tists?)|econom(?:y|ies|ic)|jobs?|work(?:ers|force)?|employment"
    r"|industr(?:y|ies)|business(?:es)?|products?|users?|customers?|people|world|society|countr(?:y|ies)"
    r"|governments?|regulat(?:ion|ors?)|laws?|polic(?:y|ies)|energy|climate|health(?:care)?|medicine|drugs?"
    r"|diseases?|cancer|education|schools?|students?|internet|web|robots?|cars?|vehicles?|agents?|devices?"
    r"|phones?|computers?|cloud|programming|code|coding|developers?|engineers?|prices?|costs?|revenue"
    r"|inflation|interest\s+rates|elections?|voters?|China|America|Europe|humanity|humans?|machines?|systems?"
    r"|platforms?|apps?|tools?|services?|startups?|investors?|capital|stocks?|sales|demand|supply"
    r"|GDP|growth|recession|unemployment|wages?|tariffs?|trade|margins?|expenses?|earnings|profits?|taxe?s?)(?![A-Za-z])"
    # A figure is what a forecast can be checked against: "expected to be $3.5 billion", "升至3.8%".
    r"|[$€£¥]\s?\d|\d\s*(?:%|％|percent\b|basis[\s-]points?\b|billion\b|million\b|trillion\b|亿|万亿|个百分点)"
    r"|营收|收入|利润|通胀|利率|就业|失业|出口|房价|销量|增速"
)
_QUESTION_WORD = (
    r"吗(?=[?？]|$)|呢(?=[?？]|$)|什么时候|是否|有没有|会不会|能不能|难道|"
    r"会(?:是|带来|发生)?(?:什么|怎样|如何)|将(?:是|带来|发生)?(?:什么|怎样|如何)|\bwhether\b"
    # An embedded question: "how things will improve", "what the world will look like".
    # ...not what something is: "that's how long it will take", "this is what will happen".
    r"|(?<!\bthat's\s)(?<!\bthat\sis\s)(?<!\bthis\sis\s)(?<!\bit's\s)(?<!\bhere's\s)"
    r"\b(?:how|what)\s+(?:\w+\s+){0,2}(?:will|would|\w+'ll)\b"
)
_PAST = (
    r"过去|当时|那时|那时候|曾经|曾|刚刚|刚才|去年|上次|以前|(?<![年底月])之前|最初|起初|后来|原本|本来|那一年|"
    r"目前为止|多年来|最近|我发现|"
    # What was not done: "未提及「暂停」", "未能获得" (not 未来, 尚未, 未必).
    r"(?<!尚)未(?:能|曾|提及|提到|披露|公布|透露|表态|回应)|"
    # Earlier in the current period: "今天早些时候宣布了", "Earlier this month, … surveyed".
    r"(?:早些时候|\bearlier\s+this\s+(?:year|month|week)\b)|"
    r"提出了|分享了|讨论了|描绘了|宣布了|表示了|决定了|认定了|不久前|"
    r"成为了|变成了|出现了|发生了|得到了|获得了|推出了|发布了|改变了|"
    r"取代了|替代了|带来了|创造了|完成了|超过了|达到了|开始了|进入了|经历了|实现了|"
    r"提高了|提升了|增加了|减少了|降低了|增长了|下降了|扩大了|缩小了|"
    r"写过(?!去|来)|见过(?!去|来)|说过(?!去|来)|想过(?!去|来)|做过(?!去|来)|听过(?!去|来)|用过(?!去|来)|问过(?!去|来)"
    r"|讲过(?!去|来)|谈过(?!去|来)|试过(?!去|来)|经历过(?!去|来)|发生过(?!去|来)|"
    r"(?:(?<![0-9])\d{1,3}|[一二两三四五六七八九十几]+)\s*(?:年|个月|天|周)前|"
    r"\b(?:ago|last\s+(?:year|month|week)|used\s+to|was|were|did|had)\b(?!\s+going\s+to)"
    # A forecast told as something in the past, one way or another: "it was going to…", "think back
    # to 2020, when…", "back in 2019", "remember when…".
    r"|(?<![A-Za-z])(?:(?:was|were)\s+going\s+to|think\s+back|remember\s+when|looking\s+back"
    r"|back\s+in(?=\s+(?:(?:19|20)\d\d|the\s+day|those\s+days|the\s+\d0s|the\s+early|the\s+late)))(?![A-Za-z])"
    r"|\b(?:predicted|expected(?!\s+to)"
    # English tells the past by the verb: the common ones of reports ("the product reached…").
    r"|reached|grew|rose|fell|became|went|came|took|gave|saw|launched|released|shipped|announced|introduced"
    r"|raised|doubled|tripled|dropped|jumped|surged|began|started|showed|built|sold|spent|felt|thought"
    r"|(?:has|have)\s+(?:already\s+|now\s+|recently\s+)?(?:been|become|replaced|created|changed|seen|made|done|had"
    r"|shown|brought|reached|grown))\b"
    # ...and any verb in -ed right after its pronoun: "This year they invited me", "we shipped it".
    r"|\b(?:I|we|they|he|she)\s+(?:(?:also|then|just|first|finally|recently)\s+)?[a-z]{2,}(?<!e)ed\b"
)
# Necessity and norms, even with a modal in front: "我们将需要…", "we will need to…", "很有必要".
_NEED = r"(?:将|会)(?:需要|必须|不得不)|(?:很|是)?有必要|是必要的"
# What nobody expected: the past, though the words are those of forecasting (预料, 预期).
_EXPECTED_PAST = (
    r"(?:(?:出乎|超出)(?:意料|预期)|没(?:有)?人?(?:预料|想)到|预料到)|\b(?:nobody|no\s+one)\s+expected\b"
)
_ADVICE = (
    # "应该会…", "应该非常快": what will likely happen, not what ought to; so is "应该不会…",
    # "应该不是一个大的问题", "应该没有那么难" (what ought not to be is 不应该).
    r"应该(?!会|将|能|可以|快|很快|非常快|相当快|比较快|不会|不是|没有|没那么)|应当|必须|不应|不要|别(?=[把让再去做])|建议|最好|务必|不妨|请你|你需要|你得|你要|让我们|"
    # "Don't…" tells someone what not to do; "I don't think", "we don't know" tell nobody.
    r"\b(?:should|must|need\s+to|have\s+to|let's)\b|(?<![A-Za-z][ \t])(?<![A-Za-z])don't\b"
)
# The words that pose a condition. 要是 is "if" only where it does not end another word: 主要是,
# 只要是, 需要是 are "is mainly", "as long as it is", "needs to be".
CONDITION_ZH = r"如果|假如|假设|要(?<![主只需重想就还总必首不]要)是|倘若"
# "if" when it opens a condition, not "if anything", "as if" or "if you look at the numbers".
_HYPOTHETICAL = (
    # "我可以想象…", "我难以想象…": the speaker's own view of what will be, not a scenario posed.
    # 一旦, "once": "一旦技术接近天花板，…就能够…", "一旦一个竞争对手开始支出，…就会迫使…".
    # Not "unless": "the slump will accelerate unless there is a deal" says what is expected.
    rf"{CONDITION_ZH}|一旦|即使|即便|想(?<!我可以想)(?<!我能想)(?<!难以想)(?<!无法想)象(?!空间|力)|设想|万一|\b(?:(?<!\bI\s)(?<!\bcan\s)imagine|suppose)\b"
    # "if needed", "if required": the plan's proviso, not a scenario.
    r"|(?<!\bas\s)\bif\b(?!\s+(?:anything|not|ever|so|any|needed|required|necessary|warranted|need\s+be"
    r"|you\s+(?:ask|look|think)\b|history\s+is\s+any\s+guide"
    r"|the\s+past\s+is\s+any\s+guide|current\s+trends\s+(?:hold|continue)))"
)
# The wish verbs are words, each with the "to" that makes it a wish ("want to", "would like to",
# "they would prefer not to be regulated"), not phrases taken from one text.
_HOPE = (
    r"希望|但愿|梦想|想要|担忧|\b(?:hope|hopes|hoping|hopefully|wish|wants?(?=\s+to\b)"
    r"|would(?=\s+love\s+to\b|\s+like\s+to\b|\s+prefer\s+to\b|\s+prefer\s+not\s+to\b)|I'd(?=\s+love\s+to\b))\b"
)
# A scenario: a condition on what someone can do ("如果我们能够…", "if we can do a decade's research
# in a year, then…"), posed rather than expected.
_SCENARIO = (
    rf"(?:(?:{CONDITION_ZH})(?:我们|你们?|他们|人们)?(?:能够?|可以)"
    r"|(?<![A-Za-z])if\s+(?:we|you|they|people)\s+(?:can|could)(?![A-Za-z]))"
)
# People in general, as a group: what they do is what they usually do.
_PEOPLE_IN_GENERAL = r"人们|大家|很多人|许多人|不少人|大部分人|大多数人"
# Anyone in general, before what they say: "人们总是", "大家又会", "有人".
_ANYONE = rf"(?:{_PEOPLE_IN_GENERAL}|每个人|有人)(?:总是|经常|都|又|也|可能)?会?"
# People in general, or the users of a product, before 会: what they do whenever they do it ("用户会问
# 我该怎么用", "人们会非常不满", "不同专长的人会一起合作"), not a forecast. A habit of the sentence, not a
# cue of the scan: extract.py looks for it only where 会 is, so the scan is not tried at every 的 and
# 我; 会 stays a future word. A change that 会 opens ("人们会越来越…") is a forecast all the same, and
# so is what they do in a future the sentence names.
PEOPLE_AS_THEY_DO = (
    # ...and the speaker on what they do ("我会下载很多PDF", "我也会帮他们看一下"): a habit or a life of
    # their own, not a forecast about the world.
    rf"(?:{_PEOPLE_IN_GENERAL}|用户们?|消费者|客户|的人|(?<![你他她它])我(?!们))(?:也|都|就|还|又|往往|通常|一定|肯定|不|平时)?"
    r"(?=会(?!越来越|逐渐|变得))"
    # ...and a system doing its work: "然后模型会给出一个回答", "它会生成一个L×L的矩阵", "它会使用一个被称为
    # Indexer的模块", "它会基于一个端侧模型…": how it works, told as what it does each time.
    r"|(?:它们?|模型|系统)(?:也|就|只|都|还)?(?=会(?:在|给出|基于|使用|用到|生成|进行|处理|帮|把|自动))"
)
# ...saying what they think, not asking: what extract.py lets report a forecast.
OTHERS_SAY = re.compile(rf"{_ANYONE}(?:说|认为|觉得)")
_HEARSAY = (
    # Anyone in general saying or asking: "人们总是说", "大家又会问", "有人提到".
    rf"{_ANYONE}(?:说|问|询问|认为|觉得|提到)|"
    r"他说|她说|我们说|他们说|你说|据报道|\b(?:people|they)\s+(?:often\s+|usually\s+)?say\b"
)
# Saying or thinking rather than forecasting: 我会说 (I'd say), 你可能会想 (you may think).
_SPEECH = (
    # "我会说", "我会告诉你"; "你可能会想", "你会觉得", "你可能会说", "你不会遇到": a turn of speech, not an outcome.
    r"我(?:不)?会(?:说|告诉|特意|称之为|称它为|把它称为|叫它)|我要说|(?:你|就)(?:可能|也许)?(?:不)?会(?:想|觉得|发现|遇到|说)|会安慰"
    # An effort, not an outcome: "我们会尽力…", "we will do our best".
    r"|会(?:尽力|尽全力|尽最大努力|努力)|\b(?:will|'ll)\s+(?:do\s+our\s+best|try\s+our\s+best|work\s+hard)\b"
    # Attention, not an outcome: "we will monitor economic developments", "we'll be watching very
    # closely", "we're going to be data dependent".
    r"|\b(?:we|I)(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to|'m\s+going\s+to|\s+am\s+going\s+to)\s+"
    r"(?:also\s+|continue\s+to\s+|just\s+)?(?:be\s+)?(?:monitor|monitoring|watch|watching|data\s+dependent)\b"
    # What the speaker is about to do in the talk, not what will happen: "I'll just speak for
    # myself", "I will question your premise", "I'm not going to characterize it", "I'll point out
    # one example". Not "I will say" or "I will repeat": what is said next is often the forecast.
    r"|\bI(?:'ll|\s+will|'m\s+(?:not\s+)?going\s+to|\s+am\s+(?:not\s+)?going\s+to|\s+won't)\s+(?:just\s+|also\s+)?"
    r"(?:speak|characterize|comment|question|point\s+out|turn\s+to|get\s+into|go\s+into|speculate)\b"
)
# A feeling rather than an outcome: "会让人感到模糊", "will feel manageable".
# Only the feeling verb: the modal before it stays a future word.
_FEELING = r"(?<=[会将])(?:让人|让我们)?(?:感到|觉得|感觉)"
# A judgment rather than an outcome: "that will be very interesting". It takes the modal with it,
# so a sentence whose only future word is in a judgment is not forward-looking at all.
_EVALUATIVE = (
    r"(?:将|会|就是)(?:会|是|将是)?[^,，。!?]{0,8}?(?:有趣|很棒|非常棒|很酷|太酷|奇怪|不好意思|令人兴奋|"
    r"可怕|糟糕|好事|很好的项目|了不起|巨大的进步|很好的方式|巨大的成功|区别|不同之处)|"
    r"\b(?:will|'ll|going\s+to)\s+be\s+(?:really\s+|very\s+|so\s+|super\s+|pretty\s+|quite\s+)?"
    r"(?:interesting|fun|exciting|great|cool|amazing|awesome|tremendous|fascinating|wild|crazy|weird|strange|nice"
    r"|scary|the\s+(?:(?:fundamental|big|biggest|key|main|real)\s+)?difference)\b"
    # ...as the predicate, not before a noun it describes: "There will be great ships made around the
    # world" forecasts the ships.
    r"(?=\s*(?:[^\w\s]|$)|\s+(?:\w+ing|for|to|if|and|or|but|because|when|that|in|at|with|as|so|too|though|than"
    r"|now|again|here|there)\b)"
)
# Habits and generic truths rather than forecasts: "计算机能力每两三个月就会发生一次飞跃". 每 as a
# frequency (每天, 每个月, 每两年), not 每个 as "every" (每个行业都将…, a forecast about each).
_HABITUAL = (
    r"每(?:[天周月年次当隔]|个(?:[天周月]|星期|季度)|两|三|几|\s*[0-9]+\s*个?\s*(?:月|年|周|天|小时))|总是|一直|通常|往往|经常|常常|有时(?:候|(?!间))|平时|平常|"
    # "很多时候一个工作做出来能够Sota一个月就很好了", "版权和确权很多时候会出问题": often, as 经常 is.
    r"(?:很多|许多|大多数|多数)时候|"
    # Whenever something holds: "当模型表现得很好时，你会…" (extract.py lets 将 stand: "当…时，…都将改变").
    r"(?<![相适应正充担每])当(?![然前地时下今中选作成做初年天日场代])(?=[^，。,；;!?！？]{1,30}?(?:时|的时候|以后|之后))|"
    # What is done now: "现在我们会直接跟用户说…" (会 of the present, as "we now tell users…").
    r"(?:现在|如今|目前)(?=[，,]?[^，。,；;]{0,6}?(?:也|都|就)?会(?!有|是|变|更|越))|"
    r"\b(?:always|usually|often|typically|every\s+(?:day|week|month|year|time))\b"
)
# A generic "you" who can do something: advice or a truism ("你可以…", "you can…"), not a
# forecast; "你会看到…" / "you will be able to…" about everyone is one.
# "我们可以这么做" is an option, the same as "you can".
# Only the pronoun is the cue: "could" stays free for the modal scan, so "we could have ASI by
# late 2027" is still a hedged forecast (with the generic "we" held against it).
_GENERIC_YOU = r"(?:你们?|我们)(?:都|就|也|不)?(?:能够?|可以)|\b(?:you|we)(?=\s+(?:can|could)\b)"
_UNCERTAIN = (
    r"(?:不知道|不确定|(?:很难|难以)(?:有确切的)?(?:预测|预料)|说不好|说不准|不好说|(?<!不)难说)|"
    r"(?<![A-Za-z])(?:(?:don't|won't)\s+know|not\s+sure|no\s+idea|hard\s+to\s+(?:say|predict|know)|can(?:'t|not)\s+predict"
    r"|who\s+knows|unclear"
    r"|(?:only\s+)?time\s+will\s+tell|remains\s+to\s+be\s+seen|anyone's\s+guess)(?![A-Za-z])"
)
_TALK_COURSE_ZH = (
    r"(?:将|会|要|来)(?:简要|简单|重点|首先)?(?:介绍|谈谈|聊聊|讲讲|分享一下|展示一下|回顾一下|讨论|讲解)"
)
_LOGISTICS = (
    r"稍后|等下|待会|"
    # The questions of the talk: "留些时间让大家提问", "回答一两个问题", "接下来的问题", "问你更多问题".
    r"(?:留(?:些|一些|点)时间|(?:观众|现场)?提问(?:环节|时间)|回答(?:一两个|几个|一些)?问题|问你(?:更多|几个|一些)"
    r"|(?:接下来|下一个|最后一个)的?问题)|"
    # The show and its time: "下周继续", "谢谢大家的收听", "在这一集里", "你将听到我与…", "时间差不多了".
    r"(?:(?:欢迎)?下周(?:继续|见|再见)|(?:感谢|谢谢)(?:大家的?|各位的?)?(?:收听|收看|观看)|(?:在)?(?:这一集|这集|本集|本期|这期节目)"
    r"|你将(?:听到|看到)我|时间(?:差不多|到了|有限))|(?:上面|前面|刚才)所?说的|"
    # The talk's own course: "我将介绍一些真实的案例研究", "我们将简要介绍…", "我们来谈谈…".
    # (One alternative for each first word, so that the scan files each behind its character.)
    rf"我们?{_TALK_COURSE_ZH}|下面{_TALK_COURSE_ZH}|下文{_TALK_COURSE_ZH}|本文{_TALK_COURSE_ZH}|接下来{_TALK_COURSE_ZH}|"
    # ...and what the text sets out to do: "本文旨在评估边缘计算的现状", "本文旨在…寻找…有望脱颖而出".
    r"本文旨在|"
    # The talk itself: "I'll show you", "we're going to talk about", "in this post I will…".
    r"\b(?:(?:(?:I|we)(?:'ll|\s+will|\s+won't|\s+will\s+not|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to"
    r"|\s+are\s+going\s+to|'d\s+like\s+to|\s+want\s+to)|let\s+me)"
    r"\s+(?:(?:now|briefly|quickly|first|also|then|later|next|certainly|definitely|surely|necessarily)\s+)?(?:talk|speak|tell\s+you|show"
    r"|walk|take\s+(?:a\s+few\s+)?questions|discuss|cover|go\s+through|start|begin|end|wrap|come\s+(?:back|to\s+(?:this|that))|get\s+into"
    r"|summari[sz]e|sum\s+up|recap|give\s+you\s+(?:an?\s+|some\s+|a\s+few\s+|other\s+)?(?:examples?|others)"
    r"|(?:get|ask)\s+(?:my|a|one|your|this|that)\s+question"
    r"|turn\s+to|move\s+(?:on|over\s+to)|explain|describe|share|read|play|answer|open\s+it\s+up|hand\s+it|ask\s+(?:you|about)|focus\s+on"
    # ...and a broadcast's own flow: "we'll leave it there", "I'll ask him about that", "we'll see you
    # tomorrow", "we will continue to follow this story", "we're going to have more on this".
    r"|ask\s+(?:him|her|them)|leave\s+it\s+there|see\s+you|get\s+to\s+(?:that|this|it|those|these)|continue\s+to\s+follow"
    r"|have\s+(?:much\s+)?more\s+(?:on|about)|hear\s+from|be\s+(?:speaking|joined)\s+(?:with|by)"
    r"|be\s+(?:talking|discussing|looking\s+at|back|right\s+back))"
    r"|is\s+about\s+to\s+(?:start|begin)|(?:I'm|we're|I\s+am|we\s+are)\s+about\s+to\s+(?:show|tell|read|play|ask|start)"
    r"|stay\s+tuned|stay\s+with\s+us|coming\s+up\s+next|after\s+the\s+break|when\s+we\s+come\s+back"
    r"|that(?:'ll|\s+will)\s+do\s+it|(?:our|my)\s+next\s+guest|in\s+(?:just\s+)?a\s+(?:moment|few\s+minutes)"
    r"|joins?\s+us\s+(?:live|now|tonight)|join\s+us\s+(?:live|now|tonight)|thanks?\s+(?:you\s+)?for\s+(?:joining|watching)"
    # Making predictions is the act, not a prediction: "I’ll make a series of 33 provocative
    # predictions about 2030", "closed out the year by making bold predictions".
    r"|(?:(?:I|we)(?:'ll|\s+will|'m\s+going\s+to|'re\s+going\s+to)?\s+|\bby\s+)mak(?:e|es|ing)\s+(?:[\w-]+\s+){0,5}?(?:predictions|forecasts)"
    # ...and a call's: "A brief question and answer session will follow", "I'll hand the call over to
    # Lisa", "let me open up the call for questions", "I'll take the first question".
    r"|question[- ]and[- ]answer\s+session|(?:hand|turn|open(?:\s+up)?)\s+the\s+(?:call|lines?)\b|(?:first|next)\s+question"
    r"|subscribe)\b"
)
_BOILERPLATE = (
    r"https?://|\]\(|!\[|关注公众号|点赞|转发|往期回顾|阅读约需|全文约|合作请联系|联系负责人|欢迎各大|"
    r"(?<!\n)\(\d{1,2}:\d{2}\)|--END|(?:原文|原视频|视频|素材|图片|封面图|音频)(?:来源|链接|出处)|文章作者|发布时间|发布地"
)
# Anything a horizon rule of claims.horizons could match contains one of these; only sentences
# with one (or with a future word) are handed to compute_window, which tries every rule.
_HORIZON_TRIGGER = (
    r"年|月|快|久|即将|马上|短期|短时间|近期|将来|指日可待|不远|季度|世纪|十[一二三四五六七八九]五|"
    r"\b(?:years?|months?|decades?|century|soon|shortly|imminent|near|before\s+long|any\s+day|short\s+order"
    r"|january|february|march|april|june|july|august|september|october|november|december|quarter|half"
    r"|q[1-4]|h[12]|about\s+to|far\s+off|corner)\b"
    r"|(?<![0-9])(?:19|20|21)\d\d(?![0-9])"
    r"|[‘'’][0-9]{2}(?![0-9])"  # a year in two digits: "for ‘24 and ‘25", "online by '27"
)

# The order matters where families overlap: the first listed wins (我预计 is a belief, not also a
# future word; 接下来的问题 is logistics, not a future word).
_FAMILY_PATTERNS = (
    ("boilerplate", _BOILERPLATE),
    ("logistics", _LOGISTICS),
    ("speech", _SPEECH),
    ("hearsay", _HEARSAY),
    ("feeling", _FEELING),
    ("belief", _BELIEF),
    ("evaluative", _EVALUATIVE),
    ("plan", _PLAN),
    ("past", _EXPECTED_PAST),
    ("need", _NEED),
    ("when", _WHEN_ZH),
    ("future", _FUTURE_ZH),
    ("when", _WHEN_EN),
    ("future", _FUTURE_EN),
    ("modal", _MODAL_EN),
    ("question", _QUESTION_WORD),
    ("past", _PAST),
    ("advice", _ADVICE),
    ("scenario", _SCENARIO),
    ("hypothetical", _HYPOTHETICAL),
    ("hope", _HOPE),
    ("habitual", _HABITUAL),
    ("generic_you", _GENERIC_YOU),
    ("uncertain", _UNCERTAIN),
    ("horizon", _HORIZON_TRIGGER),
)
FAMILIES = (*dict.fromkeys(name for name, _ in _FAMILY_PATTERNS), "topic")
# Topic words are everywhere in these texts; they are counted only in sentences that already
# look forward (count_topics), instead of being filed for every sentence by the main scan.
TOPIC_PATTERN = re.compile(guarded(_TOPIC, re.IGNORECASE), re.IGNORECASE)


def _top_level_alternatives(pattern: str) -> list[str]:
    """`pattern` split at its top-level "|" (outside groups and character classes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 1 + pattern.startswith("^]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return [part for part in parts if part]


def _is_latin(alternative: str) -> bool:
    """Whether an alternative matches English words: it starts at a word boundary, an ASCII
    letter or an apostrophe ("'ll")."""
    head = re.sub(r"^(?:\(\?<!?[^()]*\))+", "", alternative)  # lookbehinds in front
    return (
        head.startswith(("\\b", "'"))
        or re.match(r"\(?\??:?[A-Za-z]", head) is not None
        and not head.startswith(("(?:我", "(?:OpenAI"))
    )


# The scan tries the Chinese alternatives only where one can start, and the English ones only at
# the start of a word: Python's re tries an alternation branch by branch, so each guard saves
# trying a hundred branches at most positions.
_CHINESE: list[tuple[str, str]] = []
_ENGLISH: list[tuple[str, str]] = []
for _index, (_name, _pattern) in enumerate(_FAMILY_PATTERNS):
    for _alternative in _top_level_alternatives(_pattern):
        (_ENGLISH if _is_latin(_alternative) else _CHINESE).append((f"{_name}{_index}", _alternative))


def _branches(parts: list[tuple[str, str]], tag: str) -> str:
    """One alternation of `parts` ((group, alternative) in priority order), each alternative
    followed by an empty named group "<family><index>_<tag><n>" that tells which one matched.

    Alternatives that start with the same uncased character are written once behind it
    ("将(?:要…|会…)") so that re's branch loop skips them all with one comparison; an alternative is
    moved up only past ones that cannot start where it does, so the first listed still wins.
    """
    items: list[tuple[str | None, list[str]]] = []  # (first character or None, alternatives)
    for n, (group, alternative) in enumerate(parts):
        marked = f"(?P<{group}_{tag}{n}>)"
        first = alternative[:1]
        if not _HAN_CHARACTER.fullmatch(first) or alternative[1:2] in ("?", "*", "+", "{"):
            items.append((None, [f"(?:{alternative}){marked}"]))
            continue
        rest = f"(?:{alternative[1:]}){marked}"
        for index in range(len(items) - 1, -1, -1):
            head, alternatives = items[index]
            if head == first:
                alternatives.append(rest)
                break
            if head is None:
                starts = first_characters(alternatives[0], re.IGNORECASE)
                if starts is None or first in starts:
                    items.append((first, [rest]))
                    break
        else:
            items.append((first, [rest]))
    return "|".join(
        alternatives[0] if head is None else f"{head}(?:{'|'.join(alternatives)})"
        for head, alternatives in items
    )


_HAN_CHARACTER = re.compile(r"[\u3400-\u9fff]")


_ALTERNATION_ZH = _branches(_CHINESE, "zh")
_ALTERNATION_EN = _branches(_ENGLISH, "en")


@cache
def _NON_MODAL() -> re.Pattern[str]:  # noqa: N802 - stands for the compiled pattern
    return re.compile(guarded(_NON_MODAL_PATTERN))


# Each half behind its guard: the Chinese alternatives are tried only where one can start (the
# 80% of positions where none can are skipped in one test), the English ones only at a word's start.
CUE_PATTERN = re.compile(
    guarded(_ALTERNATION_ZH, re.IGNORECASE) + f"|(?:(?<![A-Za-z])(?=[A-Za-z])|(?='))(?:{_ALTERNATION_EN})",
    re.IGNORECASE,
)
_GROUP_FAMILY = {name: name.rpartition("_")[0].rstrip("0123456789") for name in CUE_PATTERN.groupindex}


def cue_phrases() -> list[tuple[str, str]]:
    """Every phrase of the cue lists as (family, pattern): each alternative of each family, and
    each word of a list of English words (r"\\b(?:will|won't|…)\\b" gives "will", "won't", …), so that
    what each one matches can be counted on its own (tests/test_extraction_cues.py)."""
    phrases: list[tuple[str, str]] = []
    for family, pattern in _FAMILY_PATTERNS:
        for alternative in _top_level_alternatives(pattern):
            # A list of English words between word boundaries is a list of cues; a Chinese group
            # is one cue written several ways ("回答一两个问题", "提问环节": the talk's questions).
            m = re.fullmatch(r"(\\b)\(\?:(.*)\)(\\b)?", alternative)
            inner = _top_level_alternatives(m.group(2)) if m and _balanced(m.group(2)) else []
            if m and len(inner) > 1:
                before, after = m.group(1) or "", m.group(3) or ""
                phrases.extend((family, f"{before}(?:{word}){after}") for word in inner)
            else:
                phrases.append((family, alternative))
    return phrases


def _balanced(pattern: str) -> bool:
    """Whether `pattern` is a whole group body (its parentheses pair up inside it)."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    family: str


def count_topics(masked: str, start: int, end: int) -> int:
    """Whether `masked[start:end]` holds a topic word (模型, AI, 公司…): 1 or 0 (the score asks no
    more, and the first one ends the search)."""
    return int(TOPIC_PATTERN.search(masked, start, end) is not None)


def scan(masked: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Every cue in `masked[start:end]` (folded, then masked by mask_non_modal), in order.

    One pass: where families overlap the first alternative listed wins (a belief phrase such as
    我预计 is a belief, not also a future word; a future word that is also a horizon trigger,
    such as 很快, is a future word, and the horizon itself is found by claims.horizons).
    """
    end = len(masked) if end is None else end
    return [
        Cue(m.start(), m.end(), _GROUP_FAMILY[m.lastgroup or ""])
        for m in CUE_PATTERN.finditer(masked, start, end)
    ]
