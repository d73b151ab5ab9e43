"""`manage.py extract_candidates`: the JSON contract on every seed, and storing for a source."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.extraction import extract_candidates
from claims.models import CandidateState, ExtractionCandidate
from claims.services.candidates import reject_candidate
from claims.text import canonicalize_bytes
from tests.clock import NOW
from tests.factories import SourceFactory

SEEDS = Path(__file__).resolve().parent.parent / "claims" / "demo" / "seeds"
SAID_ON = {
    "000": "2024-10-01",
    "001": "2024-05-13",
    "002": "2024-05-30",
    "003": "2024-09-18",
    "004": "2025-03-20",
}
CONTRACT_KEYS = ["start", "end", "quote", "horizon_text", "due_earliest", "due_latest", "score", "speaker"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("extract_candidates", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_it_prints_the_json_contract_for_each_seed(seed):
    said_on = SAID_ON[seed.name[:3]]
    candidates = json.loads(run(str(seed), "--said-on", said_on, "--json"))
    text = canonicalize_bytes(seed.read_bytes(), name=seed.name)
    assert len(candidates) >= 20, "every seed holds dozens of forward-looking statements"
    previous = -1
    for c in candidates:
        assert list(c) == CONTRACT_KEYS
        assert text[c["start"] : c["end"]] == c["quote"]
        assert c["start"] > previous  # in text order
        previous = c["start"]
        assert dt.date.fromisoformat(c["due_earliest"]) >= dt.date(2024, 1, 1)
        if c["horizon_text"] is None:
            assert c["due_latest"] is None
        else:
            # In the quote, or before it: the host's question that dates an answer, the heading
            # over a list item.
            assert text.find(c["horizon_text"], 0, c["end"]) >= 0
        if c["due_latest"] is not None:
            assert dt.date.fromisoformat(c["due_latest"]) >= dt.date.fromisoformat(c["due_earliest"])
        assert 0.5 <= c["score"] <= 1
        assert c["speaker"] is None or isinstance(c["speaker"], str)


def test_the_labelled_seeds_name_their_speakers():
    candidates = json.loads(run(str(SEEDS / "004_ea5b8727a9de0152.txt"), "--said-on", "2025-03-20", "--json"))
    # 004 labels Altman "SA" and names him in full in its introduction.
    assert {c["speaker"] for c in candidates} == {None, "Sam Altman", "主持人"}  # None: the introduction
    unlabelled = json.loads(run(str(SEEDS / "001_db852270f7b26be9.txt"), "--said-on", "2024-05-13", "--json"))
    assert {c["speaker"] for c in unlabelled} == {None}


def test_offsets_count_into_the_canonicalized_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeff主持人：你好。\r\n\r\nSA：我认为明年会更好。\r\n".encode())
    [c] = json.loads(run(str(path), "--said-on", "2024-10-01", "--json"))
    canonical = "主持人：你好。\n\nSA：我认为明年会更好。\n"
    assert canonical[c["start"] : c["end"]] == c["quote"] == "我认为明年会更好。"
    assert (c["horizon_text"], c["due_earliest"], c["due_latest"]) == ("明年", "2025-01-01", "2025-12-31")
    assert c["speaker"] == "SA"


def test_without_json_it_prints_a_readable_list(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("我认为明年会更好。", encoding="utf-8")
    assert run(str(path), "--said-on", "2024-10-01").splitlines() == [
        "[0, 9) 1.00 due 2025-12-31 我认为明年会更好。",
        "1 candidate(s)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give either a PATH or --source ID."),
        (("x.txt",), "--said-on YYYY-MM-DD is required"),
        (("missing.txt", "--said-on", "2024-10-01"), "missing.txt: No such file"),
        (("x.txt", "--said-on", "10/01/2024"), "give the day the words were said as YYYY-MM-DD"),
    ],
)
def test_it_explains_what_is_wrong(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("我认为明年会更好。".encode("gbk"))
    with pytest.raises(CommandError, match="not valid UTF-8"):
        run(str(path), "--said-on", "2024-10-01")


@pytest.mark.django_db
def test_it_stores_candidates_for_a_source_and_never_reproposes_decisions(curator):
    source = SourceFactory(said_on=dt.date(2024, 10, 1))
    first = run("--source", str(source.pk))
    stored = list(ExtractionCandidate.objects.filter(source=source))
    assert first.startswith(f"Source #{source.pk}: {len(stored)} new candidate(s)")
    assert len(stored) == 3
    assert [c.quote for c in stored] == [
        "我认为2025年将是代理大规模使用的一年。",
        "明年会更好。",
        "我们会在几个月内实现1000万token的上下文。",
    ]
    assert stored[0].speaker_label == "Sam Altman"
    assert stored[0].due_latest == dt.date(2025, 12, 31)

    reject_candidate(stored[1], user=curator, now=NOW)
    again = run("--source", str(source.pk))
    assert again.startswith(f"Source #{source.pk}: 0 new candidate(s), 3 in all")
    assert ExtractionCandidate.objects.filter(source=source).count() == 3
    stored[1].refresh_from_db()
    assert stored[1].state == CandidateState.REJECTED


@pytest.mark.django_db
def test_storing_needs_a_dated_source():
    source = SourceFactory(said_on=None, published_on=None)
    with pytest.raises(CommandError, match="has no date"):
        run("--source", str(source.pk))
    with pytest.raises(CommandError, match="There is no source #999999"):
        run("--source", "999999")


def test_the_editors_summary_of_003_is_marked_as_restating_altman():
    seed = SEEDS / "003_6244441d9e2e7e9c.txt"
    text = canonicalize_bytes(seed.read_bytes(), name=seed.name)
    candidates = extract_candidates(text, said_on=dt.date(2024, 9, 18))
    restated = {c.quote: candidates[c.duplicate_of] for c in candidates if c.duplicate_of is not None}
    summary = "推理模型的特点是升级速度非常快，几个月内能解决当前无法解决的问题。"
    assert restated[summary].quote == "因此，现在模型无法解决的问题，过几个月它们就能解决。"
    assert restated[summary].speaker == "Sam Altman"
    assert all(original.duplicate_of is None for original in restated.values())
