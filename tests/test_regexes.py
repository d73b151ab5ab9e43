"""The scan's shortcuts change its speed, never what it finds.

claims.regexes works out what a pattern's matches can start with; the cue scan and the horizon
rules use it to skip positions and whole clauses, and the cue scan writes alternatives with the
same first character once. Each shortcut is checked here against the plain pattern.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims import horizons
from claims.extraction import cues
from claims.regexes import first_characters, guarded
from tests.test_extraction_cues import corpus


@pytest.mark.parametrize(
    ("pattern", "flags", "starts"),
    [
        ("将要|会", 0, {"将", "会"}),
        (r"\b(?:in|by)\s+\d{4}", 0, {"i", "b"}),
        (r"(?<![社机])会(?!议)", 0, {"会"}),
        (r"(?:明|今)?年内", 0, {"明", "今", "年"}),
        (r"\d+年", 0, set("0123456789")),
        # re.IGNORECASE also pairs "k" with the Kelvin sign, "s" with "ſ", "i" with "İ" and "ı".
        ("key|sun|in", re.IGNORECASE, {"k", "K", "\u212a", "s", "S", "\u017f", "i", "I", "\u0130", "\u0131"}),
        # ...and inline flags, in either direction: "(?-i:May)" is the month, never "may".
        ("(?i:forecast)|x", 0, {"f", "F", "x"}),
        ("(?-i:May)|june", re.IGNORECASE, {"M", "j", "J"}),
    ],
)
def test_first_characters_lists_every_character_a_match_can_start_with(pattern, flags, starts):
    assert first_characters(pattern, flags) == starts


@pytest.mark.parametrize("pattern", [r"x?", r".年", r"\s*明年", r"(?:a|)b?", r"\w+"])
def test_first_characters_gives_up_where_a_match_can_start_anywhere_or_be_empty(pattern):
    assert first_characters(pattern) is None


def test_ignorecase_starts_agree_with_re_on_every_code_point():
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    starts = first_characters(f"[{letters}]", re.IGNORECASE)
    matched = {chr(c) for c in range(0x110000) if re.fullmatch(f"[{letters}]", chr(c), re.IGNORECASE)}
    assert starts == matched


@given(st.text(alphabet="将要会年内明今后 0123456789inbyKkſ\u212a", max_size=40))
def test_a_guarded_pattern_finds_what_the_pattern_finds(text):
    for pattern in [r"将要|会(?!议)", r"(?:明|今)?年内", r"\b(?:in|by)\s+\d{4}", r"(?<!\d)\d+年"]:
        plain, fast = (
            re.compile(pattern, re.IGNORECASE),
            re.compile(guarded(pattern, re.IGNORECASE), re.IGNORECASE),
        )
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _plain_cue_pattern() -> re.Pattern[str]:
    """The cue alternation as listed, one named group per alternative, without any shortcut."""
    parts = [
        f"(?P<{group}_{tag}{n}>{alternative})"
        for tag, listed in (("zh", cues._CHINESE), ("en", cues._ENGLISH))
        for n, (group, alternative) in enumerate(listed)
    ]
    zh = "|".join(parts[: len(cues._CHINESE)])
    en = "|".join(parts[len(cues._CHINESE) :])
    return re.compile(f"(?:{zh})|(?:(?<![A-Za-z])(?=[A-Za-z])|(?='))(?:{en})", re.IGNORECASE)


def test_the_cue_scan_finds_what_the_cue_lists_say_on_every_measured_text():
    """Alternatives written once behind a shared first character keep their order: on the seeds
    and the dev half the scan finds the same cues, of the same families, as the lists taken one by one."""
    plain = _plain_cue_pattern()
    texts, _ = corpus()
    for name, text in texts.items():
        expected = [
            (m.start(), m.end(), m.lastgroup.rpartition("_")[0].rstrip("0123456789"))
            for m in plain.finditer(text)
        ]
        assert [(c.start, c.end, c.family) for c in cues.scan(text)] == expected, name


def test_a_later_alternative_never_overtakes_an_earlier_one_that_starts_alike():
    # "会" is listed for one family after an alternative of another that can start with 会 too:
    # grouping the later 会… alternatives with an earlier 会 group must not jump the one between.
    parts = [("future1", "会议"), ("past2", "(?:会|曾)经"), ("future1", "会")]
    pattern = re.compile(cues._branches(parts, "zh"))
    assert pattern.fullmatch("会").lastgroup == "future1_zh2"
    assert pattern.match("会经").lastgroup == "past2_zh1"
    assert pattern.match("会议").lastgroup == "future1_zh0"


def test_skipping_rules_whose_first_characters_are_missing_changes_no_window(monkeypatch):
    """compute_window skips a rule when the text holds none of the characters its words start
    with; on every sentence of the measured texts the windows are those of trying every rule."""
    texts, _ = corpus()
    sentences = [s for text in texts.values() for s in re.split(r"(?<=[。！？!?.\n])", text) if s.strip()]
    said_on = dt.date(2024, 10, 1)
    fast = [horizons.compute_window(s, said_on) for s in sentences]
    every_rule = tuple((order, rule._replace(starts=None)) for order, rule in horizons._RULES)
    monkeypatch.setattr(horizons, "_RULES", every_rule)
    monkeypatch.setattr(
        horizons,
        "_RULES_WITHOUT_HAN",
        tuple(r for r in every_rule if r[0] in _orders(horizons._RULES_WITHOUT_HAN)),
    )
    monkeypatch.setattr(
        horizons,
        "_RULES_FOR_HAN_ONLY",
        tuple(r for r in every_rule if r[0] in _orders(horizons._RULES_FOR_HAN_ONLY)),
    )
    assert sum(w.due_latest is not None for w in fast) > 100
    assert [horizons.compute_window(s, said_on) for s in sentences] == fast


def _orders(rules) -> set[int]:
    return {order for order, _ in rules}
