"""The three roles of Hindsight (curators, reviewers, adjudicators): Django groups that carry
Django permissions.

One authorization model: every check (admin, dashboard, API, commands, jobs) asks for a
permission, `user.has_perm(...)`, never for a group; the groups only carry the permissions, and
a superuser has them all. Curators hold the model permissions of what they curate (sources,
speakers, predictions, spans, lineage links, clarifications, extraction candidates); reviewers
and adjudicators hold custom permissions of Outcome that model permissions cannot express:
`claims.review_prediction` (a verdict or "too early"), `claims.adjudicate_prediction` and
`claims.undo_verdict`. ACTION_PERMISSIONS says which permissions each action on a prediction
needs; roles_of reads them all at once.

Migrations 0002, 0004 and 0005 create the groups; 0006 gives them the custom permissions
(`sync_roles`, which also makes a database match ROLE_PERMISSIONS again: the tests use it after
a flush has emptied the tables). `PermissionsBackend` reads a user's permissions in one query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.actions import Action

CURATORS = "curators"
REVIEWERS = "reviewers"
# Staff members who decide disputed reviews and may undo a verdict.
ADJUDICATORS = "adjudicators"

# The permission each role is checked by (user.has_perm).
CURATE = "claims.change_prediction"  # curators: edit predictions, and see drafts
REVIEW = "claims.review_prediction"
ADJUDICATE = "claims.adjudicate_prediction"
UNDO = "claims.undo_verdict"

ACTION_PERMISSIONS: Mapping[Action, tuple[str, ...]] = {
    Action.REVIEW: (REVIEW,),
    Action.TOO_EARLY: (REVIEW,),
    Action.ADJUDICATE: (ADJUDICATE,),
    Action.UNDO: (UNDO,),
    Action.CLARIFY: ("claims.add_clarification",),
    Action.CORRECT: ("claims.add_correction",),
    # A split adds the parts and changes the compound prediction.
    Action.SPLIT: ("claims.add_prediction", CURATE),
    Action.LINK: ("claims.add_predictionlink",),
}

_CURATED = ["source", "speaker", "topic", "prediction", "span", "predictionlink"]
_READABLE = [*_CURATED, "outcome", "evidence", "clarification", "correction", "dueflag"]
_VIEW = [f"view_{model}" for model in _READABLE]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CURATORS: [
        *_VIEW,
        *(f"{action}_{model}" for model in _CURATED for action in ("add", "change", "delete")),
        # The extraction review queue is the curators' alone.
        "view_extractioncandidate",
        "change_extractioncandidate",
        "add_clarification",
        "add_correction",
        # Corpus runs: start one (add), resume it (change), follow its files.
        "view_corpusrun",
        "add_corpusrun",
        "change_corpusrun",
        "view_corpusfile",
    ],
    REVIEWERS: [*_VIEW, "add_outcome", "add_evidence", "review_prediction"],
    ADJUDICATORS: [*_VIEW, "add_outcome", "add_evidence", "adjudicate_prediction", "undo_verdict"],
}


def sync_roles(apps: Apps | None = None, *, keep_others: bool = False) -> None:
    """Create the role groups and give them their permissions (idempotent): exactly those of
    ROLE_PERMISSIONS, or with keep_others those and any an administrator added.

    apps: a migration's historical registry (the permissions are created first, as they
    otherwise are only after all migrations); the live one by default."""
    from django.contrib.auth.management import create_permissions

    registry = apps or global_apps
    config = registry.get_app_config("claims")
    # A historical app config has no models module, and create_permissions skips such apps.
    models_module = getattr(config, "models_module", None)
    # create_permissions only asks whether there is one.
    config.models_module = models_module or True  # type: ignore[assignment]
    try:
        create_permissions(config, apps=registry, verbosity=0)
    finally:
        config.models_module = models_module
    Group = registry.get_model("auth", "Group")
    Permission = registry.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        if keep_others:
            group.permissions.add(*permissions)
        else:
            group.permissions.set(permissions)


class PermissionsBackend(ModelBackend):
    """Django's ModelBackend, reading a user's permissions (their own and their groups') in one
    query instead of two; cached on the user object for the request, as ModelBackend caches."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached = getattr(user_obj, "_hindsight_perms", None)
        if cached is None:
            cached = user_obj._hindsight_perms = {
                f"{app_label}.{codename}"
                for app_label, codename in _permissions_of(user_obj).values_list(
                    "content_type__app_label", "codename"
                )
            }
        return cached


def _permissions_of(user: User) -> QuerySet:
    from django.contrib.auth.models import Group, Permission

    if user.is_superuser:
        return Permission.objects.order_by()
    own = type(user).user_permissions.through.objects.filter(user_id=user.pk, permission_id=OuterRef("pk"))
    via_group = Group.permissions.through.objects.filter(group__user=user, permission_id=OuterRef("pk"))
    return Permission.objects.filter(Q(Exists(own)) | Q(Exists(via_group))).order_by()


def signed_in(user: User | AnonymousUser) -> User:
    """`request.user` in a view that only signed-in users reach (the admin, the API's writes),
    as the User a service records; PermissionDenied should a visitor ever get through."""
    if isinstance(user, User):
        return user
    raise PermissionDenied("sign in first")


def is_curator(user: User | AnonymousUser) -> bool:
    return user.has_perm(CURATE)


def is_reviewer(user: User | AnonymousUser) -> bool:
    return user.has_perm(REVIEW)


def is_adjudicator(user: User | AnonymousUser) -> bool:
    return user.has_perm(ADJUDICATE)


def sees_reviewer_workload(user: User | AnonymousUser) -> bool:
    """Who is waited on, by name, is the staff's business: the public sees the backlog's totals."""
    return user.is_authenticated and user.is_staff


def holders_of(permission: str) -> QuerySet:
    """The active users who hold `permission` through a group or directly, superusers left out:
    the people a job counts or writes to in that role (Django's UserManager.with_perm)."""
    from django.contrib.auth import get_user_model

    # with_perm needs the backend named once several are configured (django-axes is the first).
    return get_user_model().objects.with_perm(
        permission, include_superusers=False, backend="claims.groups.PermissionsBackend"
    )


@dataclass(frozen=True)
class Roles:
    """What a user's permissions let them do on predictions (roles_of)."""

    actions: frozenset[Action] = field(default_factory=frozenset)
    curator: bool = False  # edits predictions and sees drafts

    @property
    def reviewer(self) -> bool:
        return Action.REVIEW in self.actions

    @property
    def adjudicator(self) -> bool:
        return Action.ADJUDICATE in self.actions


def roles_of(user: User | AnonymousUser) -> Roles:
    """Every permission check a page makes, in one query (PermissionsBackend caches the user's
    permissions on the user object; none for a superuser or an anonymous visitor)."""
    return Roles(
        actions=frozenset(action for action, perms in ACTION_PERMISSIONS.items() if user.has_perms(perms)),
        curator=user.has_perm(CURATE),
    )
