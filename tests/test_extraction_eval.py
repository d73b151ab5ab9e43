"""The evaluation set: the extractor meets its targets and beats the cue-word baseline."""

from __future__ import annotations

import functools

import pytest

from tests.eval import evaluate


def test_it_meets_the_targets_on_the_annotated_seeds():
    ours = evaluate.evaluate()
    assert ours.items == 152 and ours.dated == 41
    assert ours.dated_recall >= 0.95, ours.misses
    assert ours.due_agreement >= 0.9, ours.disagreements
    assert ours.precision >= 0.7, ours.false_positives


def test_it_beats_the_plain_cue_word_baseline():
    ours, baseline = evaluate.evaluate(), evaluate.evaluate(evaluate.baseline_candidates)
    assert baseline.precision < 0.4  # "a sentence with a cue word" is mostly not a prediction
    assert ours.precision >= baseline.precision + 0.3
    assert ours.dated_recall >= baseline.dated_recall
    assert ours.due_agreement >= baseline.due_agreement


def test_the_script_reports_the_figures_and_succeeds(capsys):
    assert evaluate.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("extractor: precision 0.")
    assert "baseline : precision 0." in out
    assert "below target" not in out


def test_every_gold_quote_occurs_exactly_once():
    texts, said_on, items = evaluate.load_gold()
    assert set(said_on) == set(texts) == {"000", "001", "002", "003", "004"}
    for item in items:
        for span in item.spans:
            assert texts[item.source].count(texts[item.source][span.start : span.end]) == 1


def test_a_candidate_matches_by_overlapping_half_of_the_shorter_span():
    gold = evaluate.Span(10, 30)
    assert evaluate.matches(evaluate.Proposal(0, 20, None), gold)  # half of the 20-long gold
    assert not evaluate.matches(evaluate.Proposal(0, 12, None), gold)  # touches 2 of 12
    assert evaluate.matches(evaluate.Proposal(0, 100, None), gold)  # a run-on sentence around it


# --- the second set: real texts in both languages, split by text into dev and test -------------


@functools.cache
def _split_scores(split: str) -> dict[str, evaluate.Scores]:
    return evaluate.evaluate_split(split)


def test_the_second_set_is_split_by_text_and_each_half_has_both_languages_and_labelled_transcripts():
    seen_keys: set[str] = set()
    seen_texts: set[str] = set()
    per_language = {language: 0 for language in evaluate.LANGUAGES}
    for split in evaluate.SPLITS:
        sources, items = evaluate.load_split(split)
        assert not seen_keys & set(sources), "a text is in both halves"
        assert not seen_texts & {s.text for s in sources.values()}, "a text is in both halves"
        seen_keys |= set(sources)
        seen_texts |= {s.text for s in sources.values()}
        for language in evaluate.LANGUAGES:
            mine = [s for s in sources.values() if s.language == language]
            per_language[language] += len(mine)
            assert any(s.labelled for s in mine), f"{split} has no labelled {language} transcript"
        assert {item.source for item in items} == set(sources), "a text without gold items"
        assert any(item.speaker for item in items) and any(item.due_latest for item in items)
    assert all(count >= 5 for count in per_language.values()), per_language


def test_every_quote_of_the_second_set_occurs_exactly_once_and_speakers_only_in_labelled_texts():
    for split in evaluate.SPLITS:
        sources, items = evaluate.load_split(split)
        for item in items:
            text = sources[item.source].text
            for span in item.spans:
                assert text.count(text[span.start : span.end]) == 1
            assert item.speaker is None or sources[item.source].labelled


def test_a_gold_file_that_breaks_its_own_rules_is_refused(tmp_path, monkeypatch):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "a.txt").write_text("明年我们会发布新模型。明年见。", encoding="utf-8")
    record = """[[source]]
key = "a"
file = "a.txt"
language = "zh"
kind = "k"
title = "t"
url = "u"
found_in = "f"
speakers = []
labelled = false
said_on = 2025-01-01
said_on_basis = "b"
excerpt = "e"
"""
    monkeypatch.setattr(evaluate, "HERE", tmp_path)
    gold = tmp_path / "dev" / "gold.toml"
    gold.write_text(record + '[[item]]\nsource = "a"\nquote = "明年"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="occurs 2 times"):
        evaluate.load_split("dev")
    gold.write_text(
        record + '[[item]]\nsource = "a"\nquote = "明年我们会发布新模型。"\ndue_latest = 2026-12-31\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="needs its horizon words"):
        evaluate.load_split("dev")
    gold.write_text(
        record + '[[item]]\nsource = "a"\nquote = "明年我们会发布新模型。"\nspeaker = "张伟"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="speaker in a text without labels"):
        evaluate.load_split("dev")
    gold.write_text(record.replace('title = "t"\n', "") + "", encoding="utf-8")
    with pytest.raises(ValueError, match="missing title"):
        evaluate.load_split("dev")


def test_speakers_are_judged_by_the_full_name_in_labelled_transcripts():
    span = evaluate.Span(0, 10)
    item = evaluate.GoldItem("s", span, (span,), None, None, "x" * 10, "Kai-Fu Lee")
    intro = evaluate.GoldItem("s", evaluate.Span(20, 30), (evaluate.Span(20, 30),), None, None, "y" * 10)
    proposals = [
        evaluate.Proposal(0, 10, None, speaker="**Kai-Fu Lee：**"),  # markup and colon trimmed
        evaluate.Proposal(0, 10, None, speaker="Lee"),  # the raw short label is not the full name
        evaluate.Proposal(0, 10, None, speaker=None),  # a labelled turn credited to nobody
        evaluate.Proposal(20, 30, None, speaker="Q"),  # the unlabelled introduction credited to a label
        evaluate.Proposal(20, 30, None, speaker=None),  # no label on either side: not judged
    ]
    scores = evaluate.Scores()
    evaluate.score_source([item, intro], proposals, "s", scores, speakers=True)
    assert (scores.speaker_right, scores.speaker_judged) == (1, 4)
    unlabelled = evaluate.Scores()
    evaluate.score_source([item, intro], proposals, "s", unlabelled)
    assert unlabelled.speaker_judged == 0


# The test half's figures as last measured (README, Quality). The targets
# (evaluate.SPLIT_TARGETS) are not met there yet; `make eval` reports them and fails while they
# are not. These tests keep what has been reached from slipping: raise a floor when a change on
# the dev half lifts a figure, never lower one to make a change pass. The first five texts keep
# the floors they had before the half grew; the whole half has its own, from its first measurement.
FIRST_TEST_TEXTS_FLOORS = {
    "zh": {
        "recall": 0.80,
        "dated_recall": 1.0,
        "due_agreement": 0.81,
        "precision": 0.67,
        "speaker_accuracy": 0.78,
    },
    "en": {
        "recall": 0.74,
        "dated_recall": 1.0,
        "due_agreement": 0.85,
        "precision": 0.69,
        "speaker_accuracy": 1.0,
    },
}


# The whole half, first measured when it grew (2026-12-08).
TEST_HALF_FLOORS = {
    "zh": {
        "recall": 0.65,
        "dated_recall": 0.84,
        "due_agreement": 0.87,
        "precision": 0.45,
        "speaker_accuracy": 0.87,
    },
    "en": {
        "recall": 0.76,
        "dated_recall": 0.88,
        "due_agreement": 0.78,
        "precision": 0.68,
        "speaker_accuracy": 0.71,
    },
}


@functools.cache
def _first_test_texts_scores() -> dict[str, evaluate.Scores]:
    return evaluate.evaluate_split("test", only=evaluate.FIRST_TEST_TEXTS)


def _below(scores: evaluate.Scores, floors: dict[str, float]) -> dict[str, float | int]:
    # Figures only: a failure message must not show the test half's items (never tuned on).
    # pytest would print the Scores object, misses and all, if an assertion named it.
    figures = scores.as_dict()
    return {name: figures[name] for name, floor in floors.items() if figures[name] < floor}


@pytest.mark.parametrize("language", evaluate.LANGUAGES)
def test_the_test_half_does_not_fall_below_its_measured_figures(language):
    below = _below(_split_scores("test")[language], TEST_HALF_FLOORS[language])
    assert not below, below


@pytest.mark.parametrize("language", evaluate.LANGUAGES)
def test_the_first_five_test_texts_do_not_fall_below_their_measured_figures(language):
    below = _below(_first_test_texts_scores()[language], FIRST_TEST_TEXTS_FLOORS[language])
    assert not below, below


def test_the_first_five_test_texts_are_in_the_test_half():
    sources, _ = evaluate.load_split("test")
    assert set(evaluate.FIRST_TEST_TEXTS) <= set(sources)


def test_the_script_reports_each_half_per_language_and_never_lists_test_items(capsys):
    evaluate.main(["--split", "dev"])
    out = capsys.readouterr().out
    for language in evaluate.LANGUAGES:
        assert f"dev {language} extractor: precision" in out
        assert f"dev {language} baseline : precision" in out
    assert ", speaker " in out
    evaluate.main(["--split", "test", "-v"])
    out = capsys.readouterr().out
    assert "test zh extractor: precision" in out and "test en baseline : precision" in out
    assert not any(line.startswith(("MISS", "FALSE", "DUE", "SPEAKER")) for line in out.splitlines())
