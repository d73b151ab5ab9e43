"""One Traditional-to-Simplified folding (claims.fold, OpenCC's character table) for the horizons,
the language guess and the extractor: what the extractor dates, a saved prediction dates the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from claims.demo.loader import read_demo_file
from claims.extraction import extract_candidates
from claims.fold import fold, fold_table, simplified_forms, traditional_forms
from claims.horizons import compute_window
from claims.language import guess_language
from claims.models import ExtractionCandidate, Prediction, Status
from claims.services.candidates import accept_candidate, store_candidates
from tests.clock import NOW
from tests.factories import SourceFactory, SpeakerFactory

SAID_ON = dt.date(2024, 10, 1)
# Every Traditional form of each Simplified character the table simplifies to (将: 將; 干: 乾, 幹).
_TRADITIONAL_FORMS: dict[str, list[str]] = {}
for _code, _simplified in fold_table().items():
    if _code > 0x3400:
        _TRADITIONAL_FORMS.setdefault(_simplified, []).append(chr(_code))


def test_the_table_is_one_character_for_one_and_folds_to_itself():
    for code, simplified in fold_table().items():
        assert len(simplified) == 1, chr(code)
    sample = "在不遠的將來，電腦還會開頭遲到兩三個月。ＡＧＩ２０３０年"
    assert fold(sample) == "在不远的将来,电脑还会开头迟到两三个月。AGI2030年"  # full-width comma too
    assert len(fold(sample)) == len(sample)
    assert fold(fold(sample)) == fold(sample)


def test_horizon_words_read_the_same_in_every_traditional_form():
    """The horizon rules see Traditional text through the one table: the demo's horizon words
    (and the near future, the data-loss case) give the same window with any character written in
    any of its Traditional forms."""
    phrases = {entry["horizon_text"] for entry in read_demo_file()["prediction"] if entry["horizon_text"]}
    phrases |= {"在不远的将来", "还要两三年", "头几个月", "迟早"}
    tried = 0
    for words in sorted(phrases):
        simplified = compute_window(words, SAID_ON)
        expected = replace(simplified, matched=None)
        for position, character in enumerate(words):
            for form in _TRADITIONAL_FORMS.get(character, []):
                written = words[:position] + form + words[position + 1 :]
                window = compute_window(written, SAID_ON)
                assert replace(window, matched=None) == expected, written
                # The match quotes the words as written.
                assert fold(window.matched or "") == fold(simplified.matched or ""), written
                tried += 1
    assert tried >= 50


@pytest.mark.parametrize(
    ("words", "due_latest"),
    [
        # 遠, 遲, 還, 開 and 頭 were missing from the horizons' own 40-character table.
        ("在不遠的將來", dt.date(2025, 10, 1)),
        ("還有幾個月", dt.date(2025, 4, 1)),
        ("未來兩三年內", dt.date(2027, 10, 1)),
        ("在接下來的幾年裡", dt.date(2029, 10, 1)),
    ],
)
def test_horizons_in_traditional_characters_are_dated(words, due_latest):
    window = compute_window(words, SAID_ON)
    assert window.due_latest == due_latest, window
    assert window.matched and window.matched in words


def test_the_language_guess_tells_the_scripts_apart_with_the_same_table():
    # No character of this sentence was in the language guess's old list of thirty.
    sentence = "在不遠的將來電腦網絡變得無處可見"
    assert guess_language(sentence) == "zh-Hant"
    assert guess_language(fold(sentence)) == "zh-Hans"
    assert set(sentence) & traditional_forms() and not set(fold(sentence)) & traditional_forms()
    assert not simplified_forms() & traditional_forms()
    assert guess_language("Agents will change the world in the near future.") == "en"


@pytest.mark.django_db
def test_an_accepted_candidate_keeps_the_window_the_extractor_proposed():
    """The data loss of issue 11: the extractor dated 「在不遠的將來」, and accepting the candidate
    saved the prediction undated because Prediction.save folded with a smaller table."""
    text = (
        "主持人：你怎麼看人工智慧的未來？\n\n"
        "Sam Altman：我認為在不遠的將來，AI代理將會改變每個人的工作方式。\n"
    )
    source = SourceFactory(text=text, language="zh-Hant", said_on=SAID_ON)
    SpeakerFactory(name="Sam Altman")
    [proposed] = extract_candidates(text, said_on=SAID_ON)
    assert (proposed.horizon_text, proposed.due_latest) == ("在不遠的將來", dt.date(2025, 10, 1))

    store_candidates(source)
    candidate = ExtractionCandidate.objects.get(source=source)
    assert (candidate.horizon_text, candidate.due_earliest, candidate.due_latest) == (
        "在不遠的將來",
        SAID_ON,
        dt.date(2025, 10, 1),
    )

    prediction = accept_candidate(candidate, user=None, now=NOW)

    saved = Prediction.objects.get(pk=prediction.pk)
    assert saved.status == Status.DRAFT and not saved.window_overridden
    assert (saved.horizon_text, saved.due_earliest, saved.due_latest) == (
        candidate.horizon_text,
        candidate.due_earliest,
        candidate.due_latest,
    )
    assert saved.vague  # "the near future" is a vague horizon, as the extractor said


def test_a_long_english_header_does_not_hide_a_chinese_body():
    header = "Transcript of a panel, recorded and published with the speakers' consent. " * 40
    body = "我认为在未来三年内，智能体将会被大规模使用。" * 200
    assert len(header) > 2_000
    assert guess_language(header + body) == "zh-Hans"
    assert guess_language(header + body + header) == "zh-Hans"
    assert guess_language(header * 20) == "en"
