"""`/predictions/`: every public prediction, filtered, sorted and paginated by URL parameters."""

from __future__ import annotations

from typing import cast

from django.core.paginator import InvalidPage, Paginator
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from claims.filters import PredictionFilter
from claims.models import Prediction, Status

PAGE_SIZE = 25


def prediction_list(request: HttpRequest) -> HttpResponse:
    # Always bound, so that no parameters at all still gets the default ordering.
    filterset = PredictionFilter(request.GET, queryset=Prediction.objects.public().with_related())
    # Drafts are never public: offering them as a filter would only ever list nothing.
    status_field = cast(ChoiceField, filterset.form.fields["status"])
    # The stubs type the choices read as loosely as those set; read, they are (value, label) pairs.
    choices = cast(list[tuple[str, str]], status_field.choices)
    status_field.choices = [choice for choice in choices if choice[0] != Status.DRAFT]
    # A bad value (an unknown speaker, a malformed date) must not silently widen the list.
    predictions = filterset.qs if filterset.is_valid() else Prediction.objects.none()
    paginator = Paginator(predictions, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(f"No such page: {exc}") from None
    context = {
        "filter": filterset,
        "page": page,
        "predictions": page.object_list,
        "today": timezone.localdate(),
        "filtered": any(value for key, value in request.GET.items() if key not in ("page", "ordering")),
    }
    return render(request, "dashboard/prediction_list.html", context, status=400 if filterset.errors else 200)
