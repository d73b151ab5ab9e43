from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.groups import CURATORS, REVIEWERS, is_curator, is_reviewer, sync_roles

pytestmark = pytest.mark.django_db


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_the_roles_exist_after_migrating():
    assert {"add_prediction", "change_source", "view_outcome"} <= _codenames(CURATORS)
    assert "add_outcome" not in _codenames(CURATORS)
    assert {"add_outcome", "view_prediction"} <= _codenames(REVIEWERS)
    assert not {"change_source", "change_prediction", "change_outcome"} & _codenames(REVIEWERS)


def test_sync_roles_restores_the_groups_and_their_permissions():
    Group.objects.all().delete()
    sync_roles()
    assert "add_outcome" in _codenames(REVIEWERS)
    assert "add_prediction" in _codenames(CURATORS)
    assert "view_extractioncandidate" not in _codenames(REVIEWERS)


def test_role_checks(curator, reviewer, reader, staff):
    assert is_curator(curator) and not is_reviewer(curator)
    assert is_reviewer(reviewer) and not is_curator(reviewer)
    assert not is_curator(reader) and not is_reviewer(reader)
    assert is_curator(staff) and is_reviewer(staff)  # a superuser
