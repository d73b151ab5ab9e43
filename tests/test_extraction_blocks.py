"""Extraction reads a long text block by block, and finds restatements in a window: the result does
not depend on where the blocks fall, and the work grows with the text, not with its square."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claims.extraction import extract as extraction
from claims.extraction import extract_candidates
from claims.extraction.duplicates import Restatements, find_duplicates
from claims.text import canonicalize_bytes

SEEDS = Path(__file__).resolve().parents[1] / "claims" / "demo" / "seeds"
SAID_ON = dt.date(2024, 10, 1)


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    return [canonicalize_bytes(p.read_bytes(), name=p.name) for p in sorted(SEEDS.glob("*.txt"))]


def test_the_candidates_do_not_depend_on_the_block_size(seeds, monkeypatch):
    text = seeds[2]
    whole = extract_candidates(text, said_on=SAID_ON)
    monkeypatch.setattr(extraction, "BLOCK", 500)  # dozens of blocks instead of two
    assert extract_candidates(text, said_on=SAID_ON) == whole


def test_a_text_made_of_texts_gets_their_candidates(seeds):
    """Two articles one after the other: each keeps its candidates, at the shifted offsets."""
    first, second = seeds[1], seeds[2]
    text = first + "\n\n" + second
    apart = [(c.start, c.quote, c.due_latest) for c in extract_candidates(first, said_on=SAID_ON)]
    apart += [
        (c.start + len(first) + 2, c.quote, c.due_latest) for c in extract_candidates(second, said_on=SAID_ON)
    ]
    together = [(c.start, c.quote, c.due_latest) for c in extract_candidates(text, said_on=SAID_ON)]
    assert together == apart


def test_blocks_end_at_blank_lines():
    text = ("一句话会来。" * 20 + "\n\n") * 2000
    blocks = list(extraction._blocks(text))
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:], strict=False))
    assert all(text[hi - 2 : hi] == "\n\n" for _, hi in blocks[:-1])


def test_restatements_are_found_within_the_window_only():
    summary = "他预测在未来十年内人类社会将因AI的快速发展而发生翻天覆地的变化"
    answer = "我认为在未来十年内，人类社会将因为AI的快速发展而发生翻天覆地的变化。"
    near = Restatements(window=1000)
    near.add(0, summary, None)
    near.add(500, answer, "Sam Altman")
    assert near.result() == [1, None]  # the unattributed summary restates the answer
    far = Restatements(window=1000)
    far.add(0, summary, None)
    far.add(5000, answer, "Sam Altman")
    assert far.result() == [None, None]


def test_a_headline_restates_the_text_below_it():
    restatements = Restatements()
    restatements.add(0, "张伟：未来十年内人类社会将因AI发生翻天覆地的变化", None, heading=True)
    restatements.add(100, "我认为在未来十年内，人类社会将因为AI的快速发展而发生翻天覆地的变化。", None)
    assert restatements.result() == [1, None]


def test_find_duplicates_follows_chains_to_one_original():
    a = "模型会变得越来越强大而且速度会非常快并且价格会下降"
    assert find_duplicates([a, a + "。", a + "！"], [None, "SA", "SA"]) == [1, None, 1]
