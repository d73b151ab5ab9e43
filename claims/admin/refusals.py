"""A service's refusal, shown on the admin form that asked for the write.

The admin validates a change form and its inline formsets first and only then calls save_model and
save_formset, where our services run and may still refuse (frozen criteria, a lineage link to
another speaker's prediction, a version conflict). Raising `Refused` there leaves the admin's
atomic block, so everything the save wrote is rolled back; `RefusalsMixin` then validates the same
POST a second time with the service's message added as a form error, so the curator sees it next
to the field to fix and nothing is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from claims.forms import add_refusal

_ATTRIBUTE = "_hindsight_refused"


class Refused(Exception):
    """A service refused the save. prefix/index: the inline formset and form it concerns, or
    None for the main form."""

    def __init__(
        self, error: ValidationError, *, prefix: str | None = None, index: int | None = None
    ) -> None:
        super().__init__(error.messages)
        self.error = error
        self.prefix = prefix
        self.index = index


def refused_of(request: HttpRequest) -> Refused | None:
    return getattr(request, _ATTRIBUTE, None)


def with_form_refusal(form_class: type[forms.BaseForm], refused: Refused) -> type[forms.BaseForm]:
    """form_class, failing validation with the refusal (or, when the refusal concerns an inline,
    with a pointer to it, so the second pass never saves)."""

    class RefusedForm(form_class):  # type: ignore[misc, valid-type]  # mypy takes no class held in a variable as a base
        def clean(self):
            cleaned = super().clean()
            if refused.prefix is None:
                add_refusal(self, refused.error)
            else:
                self.add_error(None, "Nothing was saved: see the error below.")
            return cleaned

    RefusedForm.__name__ = form_class.__name__
    return RefusedForm


def with_formset_refusal(formset_class: type[forms.BaseFormSet], refused: Refused) -> type[forms.BaseFormSet]:
    class RefusedFormSet(formset_class):  # type: ignore[misc, valid-type]  # as RefusedForm
        def clean(self) -> None:
            super().clean()
            if refused.index is not None and refused.index < len(self.forms):
                add_refusal(self.forms[refused.index], refused.error)
            else:
                raise ValidationError(refused.error.messages)

    RefusedFormSet.__name__ = formset_class.__name__
    return RefusedFormSet


# Mixed into a ModelAdmin and its inlines; to the type checker they are those already.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
    _InlineModelAdmin = admin.options.InlineModelAdmin[Any, Any]
else:
    _ModelAdmin = _InlineModelAdmin = object


class RefusalsMixin(_ModelAdmin):
    """For a ModelAdmin whose save_model/save_formset call services that raise `Refused`."""

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            # The first pass is rolled back; the second shows the refusal and saves nothing.
            setattr(request, _ATTRIBUTE, refused)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refused = refused_of(request)
        return with_form_refusal(form, refused) if refused is not None else form


class RefusalsInlineMixin(_InlineModelAdmin):
    """For the inlines of a RefusalsMixin admin whose forms a service may refuse."""

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        refused = refused_of(request)
        if refused is not None and refused.prefix == formset.get_default_prefix():
            return with_formset_refusal(formset, refused)
        return formset
