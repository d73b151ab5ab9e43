from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User

from claims.actions import Action
from claims.groups import (
    ADJUDICATORS,
    CURATORS,
    REVIEWERS,
    Roles,
    is_adjudicator,
    is_curator,
    is_reviewer,
    roles_of,
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


# --- One authorization model: groups carry permissions, checks ask for permissions -------------


def test_each_role_carries_the_permission_it_is_checked_by():
    assert {"review_prediction"} <= _codenames(REVIEWERS)
    assert {"adjudicate_prediction", "undo_verdict"} <= _codenames(ADJUDICATORS)
    assert not {"adjudicate_prediction", "undo_verdict"} & _codenames(REVIEWERS)
    assert not {"review_prediction"} & _codenames(ADJUDICATORS)
    assert not {"review_prediction", "adjudicate_prediction", "undo_verdict"} & _codenames(CURATORS)


def test_a_role_is_its_permissions_not_the_name_of_a_group(reader):
    # A group named like a role but without its permissions gives nothing...
    Group.objects.get(name=REVIEWERS).permissions.clear()
    named_only = user_in("nina-named", REVIEWERS)
    assert not is_reviewer(named_only)
    # ...and the permission given to a user directly is the role.
    reader.user_permissions.add(Permission.objects.get(codename="adjudicate_prediction"))
    reader = User.objects.get(pk=reader.pk)  # permissions are cached on the user object
    assert is_adjudicator(reader) and not is_reviewer(reader)
    assert roles_of(reader).actions == {Action.ADJUDICATE}


def test_an_inactive_user_has_no_role(curator):
    curator.is_active = False
    assert not is_curator(curator) and roles_of(curator) == Roles()


def test_roles_of_reads_the_permissions_in_one_query_and_later_checks_in_none(
    reviewer, staff, django_assert_num_queries
):
    both = user_in("bo-both", CURATORS, ADJUDICATORS, is_staff=True)
    both.user_permissions.add(Permission.objects.get(codename="review_prediction"))
    both = User.objects.get(pk=both.pk)
    with django_assert_num_queries(1):  # their own permissions and their groups', at once
        roles = roles_of(both)
    assert roles.curator and roles.reviewer and roles.adjudicator
    assert roles.actions == set(Action)
    with django_assert_num_queries(0):
        assert is_curator(both) and is_adjudicator(both) and both.has_perm("claims.change_source")
        assert roles_of(both) == roles
    with django_assert_num_queries(0):  # a superuser has every permission without asking
        assert roles_of(staff).actions == set(Action) and roles_of(staff).curator
    with django_assert_num_queries(1):
        assert roles_of(reviewer).actions == {Action.REVIEW, Action.TOO_EARLY}


def test_the_migration_gives_existing_groups_the_new_permissions_and_keeps_an_administrators():
    """0006's data step, on a database whose groups predate the custom permissions (and where an
    administrator let reviewers see extraction candidates)."""
    from django.apps import apps

    migration = importlib.import_module("claims.migrations.0006_role_permissions")
    new = Permission.objects.filter(
        codename__in=["review_prediction", "adjudicate_prediction", "undo_verdict"]
    )
    for group in Group.objects.all():
        group.permissions.remove(*new)
    Group.objects.get(name=REVIEWERS).permissions.add(
        Permission.objects.get(codename="view_extractioncandidate")
    )

    migration.grant_role_permissions(apps, None)

    assert {"review_prediction", "view_extractioncandidate"} <= _codenames(REVIEWERS)
    assert {"adjudicate_prediction", "undo_verdict"} <= _codenames(ADJUDICATORS)
    assert "review_prediction" not in _codenames(CURATORS)


def test_jobs_count_the_holders_of_a_permission_not_the_members_of_a_group(reviewer, staff, reader):
    from claims.groups import REVIEW, holders_of

    reader.user_permissions.add(Permission.objects.get(codename="review_prediction"))
    # Superusers may do everything but are nobody's reviewer on the roster.
    assert set(holders_of(REVIEW)) == {reviewer, reader}
