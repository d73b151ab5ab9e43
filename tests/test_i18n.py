"""Languages: English, Simplified and Traditional Chinese for the dashboard; the API stays English."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PredictionFactory
from tests.i18n_scan import templates, unmarked, unmarked_refusals

ROOT = Path(settings.BASE_DIR)
OVERVIEW = reverse("dashboard:overview")

# Overrides of third-party pages for developers (the API's schema viewers), English by design.
NOT_TRANSLATED = {"templates/drf_spectacular/redoc.html", "templates/drf_spectacular/swagger_ui.html"}


def checked_templates() -> list[str]:
    names = [
        str(path.relative_to(ROOT)) for path in templates(ROOT / "templates", ROOT / "claims" / "templates")
    ]
    return [name for name in names if name not in NOT_TRANSLATED]


@pytest.mark.parametrize("name", checked_templates())
def test_every_template_string_is_marked_for_translation(name: str) -> None:
    assert unmarked((ROOT / name).read_text()) == []


def test_the_scan_finds_an_unmarked_string() -> None:
    source = '{% load i18n %}<p title="Shown">{% translate "Marked" %} Plain <b>{{ x }}</b></p>'
    assert unmarked(source) == ["Shown", "Plain"]
    marked = '{% blocktranslate %}All {{ n }} here{% endblocktranslate %}<a class="x y" href="/z">{{ y }}</a>'
    assert unmarked(marked) == []


# The Python that words a curator's refusals. api/ is left out: the API answers in English by
# contract (tracker/i18n.py), and so is claims/services/dataset.py (its messages are the dataset
# commands' output, for the operator).
REFUSING_MODULES = sorted(
    str(path.relative_to(ROOT))
    for folder in ("claims/models", "claims/services", "claims/admin")
    for path in (ROOT / folder).glob("*.py")
    if path.name != "dataset.py"
) + ["claims/charts.py", "claims/feeds.py"]


@pytest.mark.parametrize("name", REFUSING_MODULES)
def test_every_refusal_a_curator_reads_is_marked_for_translation(name: str) -> None:
    assert unmarked_refusals((ROOT / name).read_text()) == []


def test_the_refusal_scan_finds_an_unmarked_message() -> None:
    source = """
raise ValidationError({"status": f"#{pk} is split", "note": gettext("Marked")})
raise ValidationError(gettext("Give %(x)s.") % {"x": 1})
raise CandidateDecided("Candidate is taken.")
"""
    assert unmarked_refusals(source) == ["2: f'#{pk} is split'", "4: Candidate is taken."]


def test_the_list_of_unmarked_templates_names_real_templates() -> None:
    for name in NOT_TRANSLATED:
        assert (ROOT / name).is_file(), name


@pytest.mark.django_db
def test_english_without_accept_language(client) -> None:
    page = client.get(OVERVIEW)
    assert page.status_code == 200
    assert b'<html lang="en">' in page.content
    assert "Predictions" in page.text


@pytest.mark.django_db
def test_accept_language_simplified_chinese(client) -> None:
    page = client.get(OVERVIEW, headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert b'<html lang="zh-hans">' in page.content
    assert "预测" in page.text  # "Predictions" in the header
    assert "登录" in page.text  # "Log in"


@pytest.mark.django_db
def test_accept_language_traditional_chinese(client) -> None:
    page = client.get(OVERVIEW, headers={"accept-language": "zh-TW"})
    assert b'<html lang="zh-hant">' in page.content
    assert "預測" in page.text
    assert "登入" in page.text


@pytest.mark.django_db
def test_switcher_remembers_the_choice_over_accept_language(client) -> None:
    page = client.get(OVERVIEW)
    assert 'action="/i18n/setlang/"' in page.text and "繁體中文" in page.text and "简体中文" in page.text
    switched = client.post(reverse("set_language"), {"language": "zh-hant", "next": OVERVIEW})
    assert switched.status_code == 302 and switched["Location"] == OVERVIEW
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    later = client.get(OVERVIEW, headers={"accept-language": "en"})
    assert b'<html lang="zh-hant">' in later.content
    assert "預測" in later.text


@pytest.mark.django_db
def test_the_api_stays_english(client) -> None:
    missing = client.get("/api/predictions/999999/", headers={"accept-language": "zh-Hans"})
    assert missing.status_code == 404
    assert missing["Content-Language"] == "en"
    assert "Not found" in missing.text or "No Prediction" in missing.text


def read_catalogue(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file, plurals joined; no polib needed."""
    entries: list[tuple[str, str, bool]] = []
    for block in path.read_text().split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += line[1:-1]
            else:
                key, _, rest = line.partition(" ")
                fields[key] = rest[1:-1]
        if "msgid" in fields and fields["msgid"]:
            translated = [value for name, value in fields.items() if name.startswith("msgstr")]
            entries.append((fields["msgid"], "" if "" in translated else "|".join(translated), fuzzy))
    return entries


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_every_message_is_translated(language: str) -> None:
    entries = read_catalogue(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert entries
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_the_compiled_catalogue_matches_the_po_file(language: str, tmp_path: Path) -> None:
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(folder / "django.po")], check=True)
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes(), "run manage.py compilemessages"


@pytest.mark.django_db
def test_the_prediction_pages_speak_traditional_chinese(client) -> None:
    prediction = PredictionFactory()
    headers = {"accept-language": "zh-TW"}
    page = client.get(reverse("dashboard:prediction", args=[prediction.pk]), headers=headers)
    assert "審核紀錄" in page.text and "判定標準" in page.text  # "Review record", "Resolution criteria"
    listing = client.get(reverse("dashboard:prediction-list"), headers=headers)
    assert (
        "篩選與排序" in listing.text and "1 則預測" in listing.text
    )  # "Filters and sorting", "1 prediction"
    speaker = client.get(reverse("dashboard:speaker", args=[prediction.speaker_id]), headers=headers)
    assert "預測紀錄" in speaker.text  # "Track record"
