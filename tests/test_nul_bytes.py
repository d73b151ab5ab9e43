"""A NUL byte (%00) in any admin list filter, the admin search or a dashboard filter is a 400
naming the parameter, never a 500: PostgreSQL refuses to compare strings holding one."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.test import RequestFactory
from django.urls import reverse

from claims.filters import PredictionFilter
from tests.api_helpers import anchored

pytestmark = pytest.mark.django_db

NUL = "%00"


def changelist_parameters(model_admin: admin.ModelAdmin, request) -> list[str]:
    """Every query parameter the changelist reads: each list filter's (whether or not it has
    choices to show today, which ChangeList.get_filters would skip), the search, the date
    hierarchy, the ordering and the page."""
    names: list[str] = []
    for list_filter in model_admin.get_list_filter(request):
        # The three forms ChangeList.get_filters accepts: a filter class, (field, class), a field.
        if callable(list_filter):
            spec = list_filter(request, {}, model_admin.model, model_admin)
        else:
            path, spec_class = list_filter if isinstance(list_filter, tuple | list) else (list_filter, None)
            field = get_fields_from_path(model_admin.model, path)[-1]
            create = spec_class or FieldListFilter.create
            spec = create(field, request, {}, model_admin.model, model_admin, field_path=path)
        names += spec.expected_parameters()
    if model_admin.get_search_fields(request):
        names.append("q")
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*names, "o", "p"]


def _assert_refused(response, name: str) -> None:
    assert response.status_code == 400, (name, response.status_code)
    assert f"The query parameter &#x27;{name}&#x27; contains a NUL character" in response.content.decode()


def test_it_refuses_nul_in_every_admin_changelist_parameter(client, staff):
    anchored()  # something in each list, so the filters have values to offer
    client.force_login(staff)
    request = RequestFactory().get("/")
    request.user = staff
    walked = 0
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        for name in changelist_parameters(model_admin, request):
            _assert_refused(client.get(f"{url}?{quote(name)}={NUL}"), name)
            # Also as a value's tail, where a lookup would first parse the prefix.
            _assert_refused(client.get(f"{url}?{quote(name)}=1{NUL}"), name)
            walked += 1
    # Predictions alone have status, verdict, kind... : the walk found the filters.
    assert walked > 30


def test_it_refuses_nul_in_a_parameter_name_in_the_admin(client, staff):
    client.force_login(staff)
    response = client.get(f"/admin/claims/prediction/?status{NUL}=open")
    _assert_refused(response, "status%00")


@pytest.mark.parametrize("name", [*PredictionFilter.base_filters, "page"])
def test_it_refuses_nul_in_every_dashboard_filter(client, name):
    anchored()
    _assert_refused(client.get(f"/predictions/?{name}={NUL}"), name)
    _assert_refused(client.get(f"/?{name}=x{NUL}"), name)


def test_it_refuses_nul_on_the_detail_pages(client):
    prediction = anchored()
    source = prediction.spans.get().source
    for url in (
        f"/predictions/{prediction.pk}/",
        f"/sources/{source.pk}/",
        f"/speakers/{prediction.speaker_id}/",
    ):
        assert client.get(url).status_code == 200
        _assert_refused(client.get(f"{url}?page={NUL}"), "page")
