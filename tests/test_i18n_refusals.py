"""A service's refusal reads in the dashboard's language; through the API it stays English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.api_helpers import an_adjudicator, api, assert_error
from tests.clock import TODAY
from tests.factories import PredictionFactory
from tests.test_dashboard_prediction import evidence_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def undisputed():
    """A due prediction nobody has reviewed: there is nothing to adjudicate."""
    return PredictionFactory(
        status="due", window_overridden=True, due_earliest=None, due_latest=TODAY - dt.timedelta(days=10)
    )


def test_the_dashboard_shows_a_rules_refusal_in_chinese(client, undisputed):
    client.force_login(an_adjudicator("ada-adjudicator"))
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "Mine.", **evidence_rows()}
    simplified = client.post(
        reverse("dashboard:adjudicate", args=[undisputed.pk]), decision, headers={"accept-language": "zh-CN"}
    )
    assert simplified.status_code == 400
    assert f"预测 #{undisputed.pk}：只有审核者意见不一的预测才能裁决。" in simplified.text
    traditional = client.post(
        reverse("dashboard:adjudicate", args=[undisputed.pk]), decision, headers={"accept-language": "zh-TW"}
    )
    assert f"預測 #{undisputed.pk}：只有審核者意見不一的預測才能裁決。" in traditional.text


def test_the_api_gives_the_same_refusal_in_english(undisputed):
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "Mine."}
    answer = api(an_adjudicator("ada-adjudicator")).post(
        f"/api/predictions/{undisputed.pk}/adjudication/", decision, headers={"accept-language": "zh-CN"}
    )
    assert_error(answer, 409, contains="Only a prediction whose reviewers disagreed can be adjudicated.")
    assert "裁决" not in answer.content.decode()


def test_the_admin_review_desk_says_what_happened_in_the_curators_language() -> None:
    from claims.admin.reviews import _split, _undone
    from claims.models import Prediction

    prediction = Prediction(review_round=3)
    with translation.override("zh-hant"):
        assert _undone(prediction, 2, None) == "裁定已撤銷，但仍保留在紀錄中。第 3 輪審核開始。"
        assert _split(prediction, 2, [Prediction(pk=7), Prediction(pk=8)]) == "已拆分為 2 個部分：#7, #8。"
    with translation.override("zh-hans"):
        assert _undone(prediction, 2, None) == "裁定已撤销，但仍保留在记录中。第 3 轮审核开始。"
    assert _undone(prediction, 2, None).startswith("Verdict undone")
