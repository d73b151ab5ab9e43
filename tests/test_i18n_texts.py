"""Texts Python writes (services' refusals, the charts, the agreement behind a verdict) read in the
page's language, and stay English under English and through the API."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from claims.charts import timeline_svg, year_buckets
from claims.models import CorpusRun, Face
from claims.services.predictions import update_prediction
from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_the_admin_refuses_a_corpus_path_in_the_curators_language(client, curator, tmp_path, settings):
    settings.CORPUS_ROOT = str(tmp_path)
    client.force_login(curator)
    add = reverse("admin:claims_corpusrun_add")

    simplified = client.post(add, {"paths": "../../etc", "said_on": ""}, headers={"accept-language": "zh-CN"})
    traditional = client.post(
        add, {"paths": "../../etc", "said_on": ""}, headers={"accept-language": "zh-TW"}
    )

    assert f"../../etc：请给出语料文件夹（{tmp_path}）内的路径。" in simplified.text
    assert f"../../etc：請提供語料資料夾（{tmp_path}）內的路徑。" in traditional.text
    assert not CorpusRun.objects.exists()


def test_a_services_refusal_keeps_its_field_and_follows_the_language() -> None:
    prediction = PredictionFactory()
    with translation.override("zh-hant"), pytest.raises(ValidationError) as refused:
        update_prediction(
            prediction=prediction, expected_version=None, status="due", now=NOW, by=None, face=Face.API
        )
    [message] = refused.value.message_dict["status"]
    assert message.startswith("«due» 不能手動設定")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        update_prediction(
            prediction=prediction, expected_version=None, status="due", now=NOW, by=None, face=Face.API
        )
    assert refused.value.message_dict["status"][0].startswith("«due» cannot be set by hand")


def test_the_api_keeps_the_refusal_english(curator) -> None:
    from tests.api_helpers import api, assert_error

    prediction = PredictionFactory()
    answer = api(curator).patch(
        f"/api/predictions/{prediction.pk}/",
        {"status": "due", "version": prediction.version},
        headers={"accept-language": "zh-CN"},
    )
    assert_error(answer, 400, contains="cannot be set by hand")
    assert "手动" not in answer.content.decode()


def test_the_timeline_speaks_the_language() -> None:
    buckets = year_buckets([{"year": 2025, "standing": "came_false", "n": 3}], today=TODAY)
    with translation.override("zh-hans"):
        svg = timeline_svg(buckets, today=TODAY)
    assert "<title>按到期年份的预测</title>" in svg
    assert "2025 至 2026 年间有日期的预测 3 条" in svg
    assert ">今天</text>" in svg
    with translation.override("en"):
        assert "<title>Predictions by due year</title>" in timeline_svg(buckets, today=TODAY)


def _judged(reviewer):
    prediction = PredictionFactory(speaker=SpeakerFactory(name="Sam Altman"), reviewers_required=1)
    SpanFactory(prediction=prediction, source=SourceFactory(url="https://example.org/interview"))
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="ChatGPT agent launched.",
        today=TODAY,
        now=NOW,
    )
    return prediction


def test_the_speaker_page_titles_its_chart_in_chinese(client, reviewer) -> None:
    prediction = _judged(reviewer)
    page = client.get(f"/speakers/{prediction.speaker_id}/", headers={"accept-language": "zh-TW"}).text
    assert "<title>Sam Altman 按到期年份的預測</title>" in page


def test_the_claimreview_body_follows_the_page_language(client, reviewer) -> None:
    prediction = _judged(reviewer)

    def body(language: str) -> str:
        page = client.get(f"/predictions/{prediction.pk}/", headers={"accept-language": language}).text
        [review] = [json.loads(block) for block in LD.findall(page)]
        return review["reviewBody"]

    assert body("zh-CN") == "1/1 位审核者 · 2025-07-17 得知"
    assert body("zh-TW") == "1/1 位審核者 · 2025-07-17 得知"
    assert body("en") == "1/1 reviewer · known 2025-07-17"


def test_the_verdict_feed_speaks_the_readers_language(client, reviewer) -> None:
    _judged(reviewer)
    feed = client.get(reverse("dashboard:feed-verdicts"), headers={"accept-language": "zh-CN"}).text
    assert "裁定：" in feed and "1/1 位审核者 · 2025-07-17 得知" in feed


def test_a_models_refusal_reads_in_the_language() -> None:
    prediction = PredictionFactory.build(
        window_overridden=True, due_earliest=dt.date(2026, 5, 1), due_latest=dt.date(2026, 1, 1)
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        prediction.clean()
    assert refused.value.message_dict["due_earliest"] == [
        "期限的开始（2026-05-01）晚于结束（2026-01-01）；请让 due_earliest 不晚于 due_latest。"
    ]


def test_the_list_pages_filters_and_a_put_off_review_read_in_chinese(client) -> None:
    PredictionFactory(status="open", next_look_on=TODAY + dt.timedelta(days=30))

    html = client.get(reverse("dashboard:prediction-list"), headers={"accept-language": "zh-CN"}).text

    assert '<label for="id_status">状态</label>' in html
    assert '<label for="id_verdict">裁定</label>' in html
    assert '<label for="id_kind">类型</label>' in html
    assert f"为时过早，{TODAY + dt.timedelta(days=30):%Y-%m-%d} 再看" in html
    assert "Too early" not in html


def test_each_feeds_own_title_follows_the_language(client) -> None:
    due = client.get(reverse("dashboard:feed-due"), headers={"accept-language": "zh-TW"}).text
    verdicts = client.get(reverse("dashboard:feed-verdicts"), headers={"accept-language": "zh-CN"}).text
    english = client.get(reverse("dashboard:feed-verdicts"), headers={"accept-language": "en"}).text

    assert '<feed xml:lang="zh-hant"' in due and "<title>Hindsight：即將到期的預測</title>" in due
    assert "<title>Hindsight：裁定</title>" in verdicts
    assert "<title>Hindsight: verdicts</title>" in english
