"""The evaluation set: the extractor meets its targets and beats the cue-word baseline."""

from __future__ import annotations

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
