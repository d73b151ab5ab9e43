from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.groups import (
    ADJUDICATORS,
    CURATORS,
    REVIEWERS,
    is_adjudicator,
    is_curator,
    is_reviewer,
    sync_roles,
)
from tests.factories import user_in

pytestmark = pytest.mark.django_db


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_the_roles_exist_after_migrating():
    assert {"add_prediction", "change_source", "view_outcome"} <= _codenames(CURATORS)
    assert "add_outcome" not in _codenames(CURATORS)
    assert {"add_outcome", "view_prediction"} <= _codenames(REVIEWERS)
    assert not {"change_source", "change_prediction", "change_outcome"} & _codenames(REVIEWERS)
    # Curators write criteria, clarifications, parts and lineage; the review record is not theirs.
    assert {"add_clarification", "add_predictionlink", "view_evidence"} <= _codenames(CURATORS)
    # Adjudicators decide disputes and undo verdicts: both are Outcome rows, never edits.
    assert {"add_outcome", "add_evidence", "view_clarification"} <= _codenames(ADJUDICATORS)
    review_record = {"change_outcome", "delete_outcome", "change_evidence", "delete_evidence"}
    for role in (CURATORS, REVIEWERS, ADJUDICATORS):
        assert not review_record & _codenames(role), f"{role} may edit the append-only review record"
        assert not {"change_clarification", "delete_clarification"} & _codenames(role)


def test_sync_roles_restores_the_groups_and_their_permissions():
    Group.objects.all().delete()
    sync_roles()
    assert "add_outcome" in _codenames(REVIEWERS)
    assert "add_prediction" in _codenames(CURATORS)
    assert "add_outcome" in _codenames(ADJUDICATORS)
    assert "view_extractioncandidate" not in _codenames(REVIEWERS)


def test_role_checks(curator, reviewer, reader, staff):
    assert is_curator(curator) and not is_reviewer(curator)
    assert is_reviewer(reviewer) and not is_curator(reviewer)
    assert not is_curator(reader) and not is_reviewer(reader)
    assert is_curator(staff) and is_reviewer(staff)  # a superuser


def test_adjudicators_are_their_own_role(reviewer, curator, staff):
    adjudicator = user_in("ada-adjudicator", ADJUDICATORS, is_staff=True)
    assert is_adjudicator(adjudicator) and not is_reviewer(adjudicator) and not is_curator(adjudicator)
    assert not is_adjudicator(reviewer) and not is_adjudicator(curator)
    assert is_adjudicator(staff)  # a superuser


def test_anonymous_users_have_no_role():
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not (is_curator(anonymous) or is_reviewer(anonymous) or is_adjudicator(anonymous))
