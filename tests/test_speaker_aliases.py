"""Speaker aliases: how a transcript's label finds the stored speaker, and why one name names one
speaker only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.models import Speaker
from claims.models.sources import speaker_key
from claims.services.candidates import speaker_for_label
from claims.services.speakers import SpeakerDirectory, create_speaker
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman", aliases=["Sam Altman", "萨姆·奥特曼", "奥特曼", "SA"])


@pytest.mark.parametrize(
    "label",
    [
        "Sam Altman",
        "sam  altman",
        "SAM ALTMAN",
        "萨姆·奥特曼",
        "薩姆・奧特曼",
        "萨姆 · 奥特曼",
        "奥特曼",
        "SA",
        "ＳＡ",
    ],
)
def test_a_label_finds_the_speaker_by_name_or_alias(altman, label):
    assert speaker_for_label(label) == altman
    assert list(Speaker.objects.named(label)) == [altman]


def test_a_label_that_names_nobody_or_two_speakers_finds_none(altman):
    SpeakerFactory(name="Sarah Adams", aliases=["Sarah"])
    assert speaker_for_label("主持人") is None
    assert speaker_for_label("") is None
    # Two speakers cannot share an alias through the admin, but data loaded around it may.
    Speaker.objects.create(name="Stan Adler", aliases=["SA"])
    assert speaker_for_label("SA") is None
    assert SpeakerDirectory().find("SA") is None
    assert SpeakerDirectory().find("Sam Altman") == altman


def test_an_alias_that_names_another_speaker_is_refused(altman):
    other = Speaker(name="Stan Adler", aliases=["Stan", "sa"])
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    message = " ".join(error.value.message_dict["aliases"])
    assert "«sa» already names Sam Altman" in message
    with pytest.raises(ValidationError):
        create_speaker(name="奥特曼")  # a new speaker may not take an alias as a name either
    assert Speaker.objects.count() == 1


def test_aliases_are_kept_distinct_and_stripped(altman):
    altman.aliases = ["  SA ", "sa", "奥特曼", "", "Sam   Altman"]
    altman.full_clean()
    assert altman.aliases == ["SA", "奥特曼", "Sam Altman"]


def test_aliases_must_be_a_list_of_names(altman):
    altman.aliases = "SA, 奥特曼"
    with pytest.raises(ValidationError) as error:
        altman.full_clean()
    assert "as a list of names" in " ".join(error.value.message_dict["aliases"])


def test_the_key_ignores_case_width_script_and_middle_dots():
    assert speaker_key("ＳＡＭ  Altman") == speaker_key("sam altman")
    assert speaker_key("薩姆・奧特曼") == speaker_key("萨姆 · 奥特曼") == "萨姆·奥特曼"
    assert speaker_key("张 伟") == "张伟"
    assert speaker_key("Kai-Fu Lee") != speaker_key("Kaifu Lee")
