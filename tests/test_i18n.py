"""Languages: English, Simplified and Traditional Chinese for the dashboard; the API stays English."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from unittest.mock import patch

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import Field, Model
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from claims.models import Prediction
from tests.factories import ClarificationFactory, PredictionFactory, PredictionLinkFactory, SpanFactory
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


# Third-party apps whose admin pages keep their own (English) names: django-axes' access attempts,
# failures and logs, DRF's tokens. Django's own apps (auth) come translated with Django.
THIRD_PARTY_APPS = {"axes", "authtoken"}


def claims_models() -> list[type[Model]]:
    return list(apps.get_app_config("claims").get_models())


def shown_fields(model: type[Model]) -> list[Field]:
    """The fields the admin can show: concrete ones and many-to-many, not the auto-created id."""
    return [
        field
        for field in model._meta.get_fields()
        if not field.auto_created and (field.concrete or field.many_to_many)
    ]


def untranslatable_labels() -> list[str]:
    # Without an explicit lazy name Django derives one from the attribute ("due_earliest" ->
    # "due earliest", "CorpusRun" -> "corpus run", plural + "s"): plain English a catalogue can't reach.
    problems = []
    if not isinstance(apps.get_app_config("claims").verbose_name, Promise):
        problems.append("claims: AppConfig.verbose_name")
    for model in claims_models():
        for option in ("verbose_name", "verbose_name_plural"):
            if not isinstance(model._meta.original_attrs.get(option), Promise):
                problems.append(f"{model._meta.label}: Meta.{option}")
        for field in shown_fields(model):
            if not isinstance(field.verbose_name, Promise):
                problems.append(f"{model._meta.label}.{field.name}: verbose_name")
            help_text = field.help_text
            if help_text and not isinstance(help_text, Promise):
                problems.append(f"{model._meta.label}.{field.name}: help_text")
    return problems


def test_every_claims_model_and_field_label_is_a_lazy_translation() -> None:
    assert untranslatable_labels() == [], (
        "give it verbose_name=gettext_lazy(...) (and help_text=gettext_lazy(...)), in the English Django "
        "showed, then makemigrations, makemessages and translate"
    )


def test_the_label_check_finds_a_derived_name() -> None:
    field = Prediction._meta.get_field("due_earliest")
    derived = field.name.replace("_", " ")
    with patch.object(field, "verbose_name", derived):
        assert "claims.Prediction.due_earliest: verbose_name" in untranslatable_labels()


class _TextNodes(HTMLParser):
    """The text a person reads on a page, node by node (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        text = data.strip().rstrip(":").strip()
        if text and not self._skip:
            self.nodes.append(text)


def english_labels_shown(html: str) -> list[str]:
    """The English names of admin models and claims fields that a page shows as a whole text."""
    with translation.override("en"):
        labels = {str(apps.get_app_config("claims").verbose_name)}
        for model in admin.site._registry:
            if model._meta.app_label not in THIRD_PARTY_APPS:
                labels |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
        for model in claims_models():
            for field in shown_fields(model):
                labels.add(str(field.verbose_name))
                labels.add(str(field.help_text))
    wanted = {label.casefold() for label in labels if label}
    parser = _TextNodes()
    parser.feed(html)
    return sorted({node for node in parser.nodes if node.casefold() in wanted})


def test_the_english_label_scan_finds_one() -> None:
    html = '<th><a href="#">Corpus runs</a></th><label>Due earliest:</label><script>var n = "Title"</script>'
    assert english_labels_shown(html) == ["Corpus runs", "Due earliest"]


@pytest.mark.django_db
def test_the_admin_in_simplified_chinese_shows_no_english_model_or_field_label(client, staff) -> None:
    span = SpanFactory()
    prediction = span.prediction
    ClarificationFactory(prediction=prediction)
    PredictionLinkFactory(prediction=prediction, earlier__speaker=prediction.speaker)
    client.force_login(staff)
    headers = {"accept-language": "zh-CN,zh;q=0.9"}
    index = client.get(reverse("admin:index"), headers=headers)
    assert index.status_code == 200
    assert "论断与预测" in index.text and "语料运行" in index.text  # "Claims and predictions", "Corpus runs"
    assert english_labels_shown(index.text) == []
    change = client.get(reverse("admin:claims_prediction_change", args=[prediction.pk]), headers=headers)
    assert change.status_code == 200
    assert "最早到期" in change.text and "时限措辞" in change.text  # "Due earliest", "Horizon words"
    assert english_labels_shown(change.text) == []
    listing = client.get(reverse("admin:claims_prediction_changelist"), headers=headers)
    assert english_labels_shown(listing.text) == []
