"""The cue lists earn their place: no phrase in them was written for one sentence of one text.

A phrase of the cue lists (claims.extraction.cues.cue_phrases: each alternative, each word of an
English word list) that is a phrase rather than a word (four Han characters or more, or two
English words or more, counted outside character classes) must match in at least two of the
texts the extractor is measured on (the five seeds and the second set's dev half), or inside a
gold item of either set. A phrase found in one text only, and not in anything the gold calls a
prediction, was fitted to that text: say it generally (a pattern over the ways the same thing is
said) or leave it out. Phrases that match none of these texts were fitted to none of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from claims.extraction.cues import cue_phrases, mask_non_modal
from claims.extraction.markup import matching_view
from claims.fold import fold
from claims.text import canonicalize_bytes

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "claims" / "demo" / "seeds"
SEED_GOLD = ROOT / "tests" / "eval" / "gold.toml"
DEV = ROOT / "tests" / "eval" / "dev"


def _seen(text: str) -> str:
    """The text as the cue scan reads it."""
    return mask_non_modal(matching_view(fold(text)).text)


def corpus() -> tuple[dict[str, str], list[str]]:
    """(texts by name, gold quotes), all as the cue scan reads them."""
    texts: dict[str, str] = {}
    quotes: list[str] = []
    seeds = tomllib.loads(SEED_GOLD.read_text(encoding="utf-8"))
    for key, name in seeds["files"].items():
        texts[f"seed {key}"] = _seen(canonicalize_bytes((SEEDS / name).read_bytes(), name=name))
    quotes += [q for item in seeds["item"] for q in [item["quote"], *item.get("also", [])]]
    dev = tomllib.loads((DEV / "gold.toml").read_text(encoding="utf-8"))
    for source in dev["source"]:
        path = DEV / source["file"]
        texts[f"dev {source['key']}"] = _seen(canonicalize_bytes(path.read_bytes(), name=path.name))
    quotes += [q for item in dev["item"] for q in [item["quote"], *item.get("also", [])]]
    return texts, [_seen(q) for q in quotes]


def is_phrase(pattern: str) -> bool:
    literal = re.sub(r"\[[^\]]*\]|\(\?<?[=!][^)]*\)|\\[bBsSwWdD]", "", pattern)
    han = len(re.findall(r"[\u3400-\u9fff]", literal))
    words = len(re.findall(r"[A-Za-z']+", literal))
    return han >= 4 or words >= 2


def fitted_to_one_text(
    phrases: Iterable[tuple[str, str]], texts: dict[str, str], gold: list[str]
) -> list[tuple[str, str, str]]:
    """(family, phrase, the one text) for each phrase found in one text only and in no gold item."""
    out = []
    for family, pattern in phrases:
        if not is_phrase(pattern):
            continue
        found = re.compile(pattern, re.IGNORECASE)
        where = [name for name, text in texts.items() if found.search(text)]
        if len(where) == 1 and not any(found.search(q) for q in gold):
            out.append((family, pattern, where[0]))
    return out


@pytest.fixture(scope="module")
def measured():
    return corpus()


def test_no_cue_phrase_was_fitted_to_one_text(measured):
    texts, gold = measured
    assert len(texts) == 125  # five seeds, one hundred and twenty dev texts
    fitted = fitted_to_one_text(cue_phrases(), texts, gold)
    assert fitted == [], "say these generally or leave them out: " + "; ".join(
        f"{family} {pattern!r} (only in {where})" for family, pattern, where in fitted
    )


def test_the_check_finds_a_phrase_fitted_to_one_sentence(measured):
    texts, gold = measured
    # "录下这些内容" once silenced one sentence of seed 000 ("我们会录下这些内容带回去…").
    planted = [("logistics", "录下这些内容"), ("logistics", "提问")]
    assert fitted_to_one_text(planted, texts, gold) == [("logistics", "录下这些内容", "seed 000")]


def test_word_lists_are_counted_word_by_word():
    phrases = dict.fromkeys(pattern for _, pattern in cue_phrases())
    assert r"\b(?:will)\b" in phrases and r"\b(?:going\s+to)\b" in phrases
    assert all(is_phrase(p) for p in (r"\b(?:going\s+to)\b", "回答一两个问题")) and not is_phrase(
        r"\b(?:will)\b"
    )
