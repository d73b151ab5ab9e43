from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from claims.demo.loader import PREDICTIONS_FILE, SEEDS_DIR, load_demo, read_demo_file
from claims.groups import is_adjudicator
from claims.models import Outcome, Prediction, PredictionLink, Source, Span, Speaker
from claims.services.lineage import is_slipped
from claims.services.stats import track_records_by_speaker
from tests.clock import noon

TODAY = dt.date(2026, 11, 23)
NOW = noon(TODAY)


def test_the_demo_file_is_consistent():
    """The curated data is checked as data: keys, speakers, horizon words, value sets."""
    data = read_demo_file(PREDICTIONS_FILE)
    speaker_keys = {s["key"] for s in data["speaker"]}
    files = {s["file"] for s in data["source"]}
    keys = [p["key"] for p in data["prediction"]]
    assert len(keys) == len(set(keys)), "prediction keys must be unique"
    assert files == {p.name for p in SEEDS_DIR.glob("*.txt")}
    for entry in data["prediction"]:
        where = f"prediction {entry['key']}"
        assert entry["speaker"] in speaker_keys, where
        assert entry["source"] in files, where
        assert entry["kind"] in ("prediction", "claim"), where
        assert entry.get("confidence", "") in ("", "certain", "expects", "likely", "maybe"), where
        assert entry["spans"], where
        quotes = [span["quote"] for span in entry["spans"]]
        assert entry["statement"] in quotes, f"{where}: statement must be a span's quote"
        if entry["horizon_text"]:
            assert any(entry["horizon_text"] in q for q in quotes), f"{where}: horizon words not in a quote"


def test_the_seeds_are_bundled_byte_exact():
    shared = SEEDS_DIR.parents[2].parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"{shared} not beside the checkout")
    for bundled in SEEDS_DIR.glob("*.txt"):
        assert bundled.read_bytes() == (shared / bundled.name).read_bytes(), bundled.name


@pytest.mark.django_db
def test_the_demo_loads_with_every_span_verified():
    summary = load_demo(today=TODAY, now=NOW)
    assert summary.sources_created == 5
    assert Source.objects.count() == 5
    predictions = Prediction.objects.all()
    assert predictions.count() >= 40
    assert summary.predictions_created == predictions.count()

    # Every span is exactly the source text at its offsets, in Python and in SQL.
    for span in Span.objects.select_related("source"):
        assert span.source.text[span.start : span.end] == span.quote, span.pk
    assert not Span.objects.mismatched().exists()
    out = StringIO()
    call_command("check_spans", stdout=out)
    assert "all" in out.getvalue() and "match" in out.getvalue()

    # Drawn from all five sources.
    assert Span.objects.values("source").distinct().count() == 5
    for source in Source.objects.all():
        assert Prediction.objects.filter(spans__source=source).distinct().count() >= 5, source.title


@pytest.mark.django_db
def test_the_demo_has_the_required_predictions():
    load_demo(today=TODAY, now=NOW)
    agents = Prediction.objects.get(key="devday-agents-2025")
    assert agents.speaker.name == "Sam Altman"
    assert (agents.due_earliest, agents.due_latest) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    context = Prediction.objects.get(key="devday-context-10m-within-months")
    assert context.horizon_text == "几个月内" and context.vague
    assert context.due_latest == dt.date(2025, 4, 1)  # 2024-10-01 + 6 months
    free = Prediction.objects.get(key="stratechery-gpt5-free")
    assert free.due_latest is None  # undated
    assert free.spans.first().source.language == "zh-Hant"
    untitled = Source.objects.get(file_name="004_ea5b8727a9de0152.txt")
    assert untitled.said_on.year == 2025 and untitled.said_on_inferred
    event_relative = Prediction.objects.get(key="bartlett-world-transformed-decade-after-agi")
    assert event_relative.due_latest is None and event_relative.window_overridden
    assert Speaker.objects.filter(name="Sam Altman").exists()
    assert Speaker.objects.count() >= 3  # Altman and the hosts


@pytest.mark.django_db
def test_the_demo_shows_every_state():
    load_demo(today=TODAY, now=NOW)
    statuses = set(Prediction.objects.values_list("status", flat=True))
    assert {"open", "due", "resolved"} <= statuses
    assert Prediction.objects.undated().exists()
    verdicts = set(Prediction.objects.values_list("verdict", flat=True))
    assert {"came_true", "came_false", "partly_true", "ambiguous"} <= verdicts
    for outcome in Outcome.objects.filter(kind__in=["review", "adjudication"], verdict__gt=""):
        assert outcome.evidence.exists() and outcome.known_on <= TODAY, outcome.prediction.key
    # Due means: dated, window closed before today, no standing verdict.
    for prediction in Prediction.objects.filter(status="due"):
        assert prediction.due_latest < TODAY and not prediction.verdict
    # Every public prediction carries resolution criteria.
    assert (
        not Prediction.objects.exclude(status__in=["draft", "withdrawn"])
        .filter(resolution_criteria="")
        .exists()
    )


@pytest.mark.django_db
def test_the_demo_shows_the_review_workflow():
    """Two agreeing reviewers, an adjudication after a disagreement, a "too early" with its next
    look, and a slipped deadline in a lineage."""
    load_demo(today=TODAY, now=NOW)
    assert set(Prediction.objects.values_list("reviewers_required", flat=True)) == {2}

    agreed = Prediction.objects.filter(status="resolved", verdict_reviewers=2, verdict_adjudicated=False)
    assert agreed.count() >= 1
    for prediction in agreed:
        votes = prediction.outcomes.filter(kind="review")
        assert {vote.verdict for vote in votes} == {prediction.verdict} and votes.count() == 2

    adjudicated = Prediction.objects.get(key="devday-agents-2025")
    assert (adjudicated.status, adjudicated.verdict, adjudicated.verdict_adjudicated) == (
        "resolved",
        "partly_true",
        True,
    )
    votes = set(adjudicated.outcomes.filter(kind="review").values_list("verdict", flat=True))
    assert len(votes) == 2  # the reviewers disagreed
    decision = adjudicated.outcomes.get(kind="adjudication")
    assert decision.reviewer.username == "editor" and decision.note

    too_early = Prediction.objects.get(key="devday-agents-change-world-quickly")
    assert too_early.status == "open" and too_early.next_look_on > TODAY
    assert too_early.review_round == 2 and too_early.outcomes.filter(kind="too_early").count() == 2

    waiting = Prediction.objects.get(key="tmobile-o1-full-within-months")
    assert waiting.status == "due" and not waiting.verdict
    assert waiting.outcomes.count() == 1  # waits on the second reviewer

    slipped = [
        link for link in PredictionLink.objects.select_related("prediction", "earlier") if is_slipped(link)
    ]
    assert slipped, "the demo needs a revision that moved a deadline later"
    record = track_records_by_speaker()[slipped[0].prediction.speaker_id]
    assert record.slipped >= 1


@pytest.mark.django_db
def test_the_demo_loads_years_later_with_its_reviews_given_on_their_day():
    """The reviews are recorded as given on the file's reviewed_on, so a "too early" next look
    that has come since does not refuse the load: the due job flags it due instead."""
    later = dt.date(2036, 11, 23)
    load_demo(today=later, now=noon(later))
    too_early = Prediction.objects.get(key="devday-agents-change-world-quickly")
    assert (too_early.status, too_early.next_look_on) == ("due", dt.date(2027, 4, 15))
    assert too_early.outcomes.filter(kind="too_early").count() == 2
    assert not Prediction.objects.filter(status="open", due_latest__lt=later, next_look_on=None).exists()


@pytest.mark.django_db
def test_loading_the_demo_twice_duplicates_nothing():
    load_demo(today=TODAY, now=NOW)
    counts = _counts()
    second = load_demo(today=TODAY, now=NOW)
    assert (second.sources_created, second.predictions_created, second.outcomes_created) == (0, 0, 0)
    assert _counts() == counts


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Source, Speaker, Prediction, Span, Outcome, PredictionLink)
    )


@pytest.mark.django_db
def test_the_demo_logins_work():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "curator / hindsight-curator" in out.getvalue()
    # The login lockout (django-axes) wants the request a login comes with.
    login = RequestFactory().post("/admin/login/")
    curator = authenticate(login, username="curator", password="hindsight-curator")
    reviewer = authenticate(login, username="reviewer", password="hindsight-reviewer")
    assert curator.has_perm("claims.add_prediction") and not curator.has_perm("claims.add_outcome")
    assert reviewer.has_perm("claims.add_outcome") and not reviewer.has_perm("claims.change_source")
    editor = authenticate(login, username="editor", password="hindsight-editor")
    assert is_adjudicator(editor) and authenticate(
        login, username="reviewer2", password="hindsight-reviewer2"
    )


@pytest.mark.django_db
def test_the_demo_prints_its_address_and_logins_last_and_can_print_them_alone(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    loading = StringIO()
    call_command("load_demo", "--no-logins", stdout=loading)
    assert "login (" not in loading.getvalue() and Prediction.objects.exists()

    logins = StringIO()
    call_command("load_demo", "--logins-only", stdout=logins)
    lines = logins.getvalue().splitlines()
    assert lines[0] == "Hindsight demo: http://127.0.0.1:8123/ (admin: http://127.0.0.1:8123/admin/)"
    assert "login (curators): curator / hindsight-curator" in lines


@pytest.mark.django_db
def test_the_demo_digest_is_one_line_with_the_emails_in_files(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    load_demo(today=TODAY, now=NOW)
    out = StringIO()
    call_command("send_digest", "--today", TODAY.isoformat(), stdout=out)
    assert len(out.getvalue().splitlines()) == 1
    assert out.getvalue().rstrip().endswith(f"written to {tmp_path}")
    assert list(tmp_path.iterdir()), "the digests are in files"
