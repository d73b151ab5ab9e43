"""How likely a sentence is to be a forward-looking, checkable statement: a score in [0, 1].

Hand-set weights over the cue families of claims.extraction.cues, chosen so that the reasons a
curator would give read straight off the code: a future word is the core signal; the speaker
vouching for it (我认为…会), a horizon with a due date, or a plan make it a prediction; a question,
a report of the past, advice, a hypothetical or a wish make it something else. The extractor
proposes what scores at least PROPOSE_AT; the score is kept on the candidate so a curator can
sort the review queue by it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROPOSE_AT", "Features", "score"]

PROPOSE_AT = 0.5


@dataclass(slots=True)
class Features:
    """Counts of each cue family in a sentence (see claims.extraction.cues), plus its shape."""

    future: int = 0  # future words (将, 会, 预计, will…)
    strong: int = 0  # of which the plain future ("will", 将), not also "can" or "would" (会)
    when: int = 0  # future words that can be horizons (即将, 很快, 未来, soon…)
    modal: int = 0  # hedged forecasts (may, might, could, should as a forecast; 可能会)
    belief: int = 0  # 我认为, 我相信, I think…
    plan: int = 0  # 计划, 我们会, we plan to…
    topic: int = 0  # 模型, AI, 公司, 社会…
    question: int = 0  # 吗, 是否, 什么时候…
    past: int = 0
    advice: int = 0
    need: int = 0  # a necessity, even with a modal ("将需要", "will need to"): half a norm
    hypothetical: int = 0
    scenario: int = 0  # "如果我们能够…", "if we can…": a hypothetical posed, not expected
    hope: int = 0
    hearsay: int = 0
    speech: int = 0
    feeling: int = 0  # "会让人感到…", "will feel…"
    evaluative: int = 0
    habitual: int = 0
    generic_you: int = 0
    uncertain: int = 0
    change: bool = False  # 会 before a change: "会变得更灵活", "会越来越…"
    example: bool = False  # opens as an example: "比如…", "for example…"
    numbered: bool = False  # the authors number it as one of their forecasts: "预测二：…"
    about_forecasts: bool = False  # nothing looks forward but forecasts named as a thing
    logistics: int = 0
    boilerplate: int = 0
    horizon: int = 0  # horizon trigger words (年, 月, 快, soon…), not horizons themselves
    is_question: bool = False  # ends with the speaker's own question mark
    quoted: bool = False  # every future word is inside quotation marks (reported speech)
    has_horizon: bool = False  # claims.horizons found horizon words about the future
    dated: bool = False  # …and they give a due date
    bounded: bool = False  # …or only a lower bound ("至少还要 8—10 年", "at least ten years")
    length: int = 0  # code points


def score(f: Features) -> float:
    """The score of one sentence; 0 for boilerplate and for questions without a due date."""
    if f.boilerplate or (f.is_question and not f.dated):
        return 0.0
    futures = f.future + f.when
    forward = futures > 0 or f.plan > 0 or f.modal > 0
    value = 0.0
    if forward:
        if futures or f.plan:
            value += 0.45 + 0.05 * min(futures + f.plan + f.modal - 1, 2)
            if f.strong and futures + f.plan + f.modal == 1 and not f.hypothetical and f.length >= 12:
                value += 0.05  # "AI will contribute…", "业态都将被重塑": will says it alone
        else:
            value += 0.4 + 0.05 * min(f.modal - 1, 1)  # only hedged: "AI could…", "prices may…"
        if f.plan and futures:
            value += 0.05
        if f.topic or (f.change and not f.hypothetical):
            value += 0.1  # about the world, or about how something will differ from now
    if f.belief and (forward or f.dated):
        value += 0.2
    if f.dated:
        # Horizon words are themselves forward-looking: "今年的目标", "几个月后就能解决".
        value += 0.35 if forward else 0.5
    elif f.bounded:
        # "At least ten years" forecasts as surely as "within ten years"; it only has no deadline.
        value += 0.35 if forward else 0.5
    elif f.has_horizon:
        value += 0.05
    if f.is_question:
        # A question that carries its answer's horizon is proposed as the span holding that
        # horizon, below the statements themselves.
        value = min(value, 0.6)
    # What makes a forward-looking sentence something other than a prediction.
    if not f.dated:
        value -= 0.15 * min(f.past, 2)
        value -= 0.15 * bool(f.hope)
        value -= 0.1 * bool(f.uncertain)
        value -= 0.15 * bool(f.habitual)
        value -= 0.2 * bool(f.feeling)
        value -= 0.15 * f.example
    value -= 0.15 * f.about_forecasts  # "the predictions around AI in 2026 are…": talk of forecasts
    value -= 0.15 * f.quoted
    value -= 0.2 * (f.hope >= 2)  # a sentence that is a wish, dated or not
    value -= 0.1 * bool(f.generic_you)
    # Advice on the forecast itself (2) or in a clause after it (1, see extract.py).
    value -= {0: 0.0, 1: 0.1}.get(f.advice, 0.3)
    value -= 0.15 * bool(f.need)
    value -= 0.1 * bool(f.hypothetical)
    value -= 0.35 * bool(f.scenario)  # dated or not: the window belongs to the scenario
    value -= 0.2 * bool(f.hearsay)
    value -= 0.2 * bool(f.speech)
    value -= 0.25 * bool(f.evaluative)
    value -= 0.4 * bool(f.logistics)
    if f.question and not f.is_question:
        value -= 0.1  # an embedded question ("我不知道是否会…")
    if f.length < 8 and not f.dated:
        value -= 0.15
    return round(max(0.0, min(1.0, value)), 2)
