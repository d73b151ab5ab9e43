"""A curator takes a new transcript from import to predictions in the admin: plain-name labels,
a speaker the tracker knows under an alias, a guest it does not know yet, and the windows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import CandidateState, ExtractionCandidate, Prediction, Source, Speaker, Status
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:claims_extractioncandidate_changelist")
SAID_ON = dt.date(2025, 3, 20)
# Written for this test in the seeds' style (a WeChat article: headline, header lines, an
# editor's introduction, then the interview), with the labels real transcripts use: a role, a
# name with a title, a transliterated name, the same names bare and in part.
TRANSCRIPT = """# 专访：某科技公司CEO谈未来三年

文章作者: 测试编辑部
发布时间: 2025-03-21 10:00

本次对话中，张伟和萨姆·奥特曼谈到了代理、芯片和开源模型。

主持人：欢迎两位。

CEO张伟：我认为今年年底之前，我们将推出第一款能自主完成报销流程的代理。

主持人：奥特曼先生呢？

萨姆·奥特曼：我相信明年，推理模型的价格会下降到现在的十分之一。

张伟：我们计划在2026年第二季度开源我们的中文模型。

奥特曼：我认为AGI会在五年内实现。
"""


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman", aliases=["萨姆·奥特曼", "奥特曼", "SA"])


def test_a_curator_turns_a_new_transcript_into_predictions_with_the_right_speakers(client, curator, altman):
    client.force_login(curator)

    # 1. Import: paste the transcript as a new source.
    response = client.post(
        reverse("admin:claims_source_add"),
        {
            "title": "专访：某科技公司CEO",
            "language": "zh-Hans",
            "said_on": "2025-03-20",
            "text": TRANSCRIPT,
            "spans-TOTAL_FORMS": "0",
            "spans-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()

    # 2. Extraction from the source list; the headline is not proposed, the labels are no quote.
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "propose_candidates", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "Proposed 4 new candidate(s)" in response.content.decode()
    candidates = list(ExtractionCandidate.objects.filter(source=source).order_by("start"))
    assert [(c.speaker_label, c.horizon_text, c.due_latest) for c in candidates] == [
        ("张伟", "今年年底之前", dt.date(2025, 12, 31)),
        ("萨姆·奥特曼", "明年", dt.date(2026, 12, 31)),
        ("张伟", "在2026年第二季度", dt.date(2026, 6, 30)),
        ("萨姆·奥特曼", "在五年内", dt.date(2030, 3, 20)),
    ]
    assert all("：" not in c.quote and not c.quote.startswith(("张伟", "奥特曼")) for c in candidates)

    # 3. The queue says whom each label credits: Altman by his alias, 张伟 nobody yet.
    page = client.get(QUEUE, {"source__id__exact": source.pk}).content.decode()
    assert "Sam Altman («萨姆·奥特曼»)" in page
    assert "«张伟» <em>(no such speaker yet)</em>" in page

    # 4. Edit then accept the first one, creating the speaker from its label on the way.
    first = candidates[0]
    response = client.post(
        reverse("admin:claims_extractioncandidate_change", args=[first.pk]),
        {
            "start": first.start,
            "end": first.end,
            "horizon_text": first.horizon_text,
            "create_speaker": "on",
            "statement": "",
            "statement_en": "Before the end of 2025 we will launch an agent that files expense claims by itself.",
            "resolution_criteria": "Came true if the company launched an expense-claims agent by 2025-12-31.",
            "status": Status.OPEN,
            "_accept": "Accept as prediction",
        },
    )
    assert response.status_code == 302
    zhang = Speaker.objects.get(name="张伟")
    prediction = Prediction.objects.get(candidates=first)
    assert (prediction.speaker, prediction.status, prediction.due_latest) == (
        zhang,
        Status.OPEN,
        dt.date(2025, 12, 31),
    )

    # 5. Bulk accept the rest: the new speaker and the alias credit the right people.
    rest = [c.pk for c in candidates[1:]]
    response = client.post(QUEUE, {"action": "accept_selected", "_selected_action": rest}, follow=True)
    assert "Accepted 3 candidate(s) as draft predictions." in response.content.decode()
    made = {
        p.statement: (p.speaker.name, p.due_earliest, p.due_latest, p.status)
        for p in Prediction.objects.exclude(pk=prediction.pk).select_related("speaker")
    }
    assert made == {
        "我相信明年，推理模型的价格会下降到现在的十分之一。": (
            "Sam Altman",
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            Status.DRAFT,
        ),
        "我们计划在2026年第二季度开源我们的中文模型。": ("张伟", SAID_ON, dt.date(2026, 6, 30), Status.DRAFT),
        "我认为AGI会在五年内实现。": ("Sam Altman", SAID_ON, dt.date(2030, 3, 20), Status.DRAFT),
    }
    assert set(ExtractionCandidate.objects.values_list("state", flat=True)) == {CandidateState.ACCEPTED}
    assert Speaker.objects.count() == 2  # no speaker made twice, none made for the host


def test_the_queue_creates_speakers_for_unknown_labels_in_bulk(client, curator, altman):
    client.force_login(curator)
    source = SourceFactory(title="专访", said_on=SAID_ON, text=TRANSCRIPT)
    client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "propose_candidates", "_selected_action": [source.pk]},
    )
    ids = list(ExtractionCandidate.objects.values_list("pk", flat=True))

    response = client.post(QUEUE, {"action": "create_speakers", "_selected_action": ids}, follow=True)

    assert "Created speakers: 张伟." in response.content.decode()
    assert sorted(Speaker.objects.values_list("name", flat=True)) == ["Sam Altman", "张伟"]
    again = client.post(QUEUE, {"action": "create_speakers", "_selected_action": ids}, follow=True)
    assert "Every selected label already names a speaker." in again.content.decode()
    assert Speaker.objects.count() == 2
