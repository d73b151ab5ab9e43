"""Corpus runs: start one over files under CORPUS_ROOT (the add form), follow its percentage in
the changelist and on its page, resume the selected runs, and read each file's state and error."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.records import ReadOnly
from claims.extraction.tasks import enqueue_corpus_run
from claims.groups import signed_in
from claims.models import CorpusFile, CorpusRun
from claims.models.corpus import CorpusRunQuerySet
from claims.services.corpus import corpus_paths, corpus_run_create

logger = logging.getLogger(__name__)


class CorpusRunForm(forms.ModelForm):
    paths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Paths"),
        help_text=_("Files or folders under the corpus folder (CORPUS_ROOT), one a line."),
    )

    class Meta:
        model = CorpusRun
        fields = ["said_on"]

    def clean_paths(self) -> list[str]:
        lines = [line for line in self.cleaned_data["paths"].splitlines() if line.strip()]
        try:
            return corpus_paths(lines)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


def _enqueue(request: HttpRequest, run: CorpusRun) -> None:
    try:
        queued = enqueue_corpus_run(run, now=timezone.now())
    except OSError:
        logger.exception("could not queue corpus run #%s", run.pk)
        messages.error(
            request, gettext("%s: the task queue is unavailable; resume the run once it is back.") % run
        )
        return
    messages.info(request, gettext("%(run)s: %(queued)s file(s) queued.") % {"run": run, "queued": queued})


@admin.register(CorpusRun)
class CorpusRunAdmin(admin.ModelAdmin):
    form = CorpusRunForm
    list_display = [
        "__str__",
        "created_at",
        "created_by",
        "percent",
        "files_done",
        "files_failed",
        "files_total",
    ]
    readonly_fields = ["label", "said_on", "created_by", "created_at", "progress", "files_link"]
    actions = ["resume"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        runs = super().get_queryset(request)
        assert isinstance(runs, CorpusRunQuerySet)
        return runs.with_progress().select_related("created_by")

    def get_fields(self, request: HttpRequest, obj: CorpusRun | None = None) -> list[str]:  # type: ignore[override]  # stubs: a wider union
        return ["paths", "said_on"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: CorpusRun | None = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CorpusRun, form: CorpusRunForm, change: bool) -> None:
        if change:  # a run's page has nothing to change: "resume" is the action
            return
        run = corpus_run_create(
            paths=form.cleaned_data["paths"],
            said_on=form.cleaned_data["said_on"],
            user=signed_in(request.user),
            now=timezone.now(),
        )
        obj.pk, obj.label, obj.created_at, obj.created_by = run.pk, run.label, run.created_at, run.created_by
        transaction.on_commit(lambda: _enqueue(request, run))

    @admin.display(description=_("progress"))
    def percent(self, run: CorpusRun) -> str:
        return f"{run.progress().percent}%"

    @admin.display(description=_("done"), ordering="files_done")
    def files_done(self, run: CorpusRun) -> int:
        return run.files_done

    @admin.display(description=_("failed"), ordering="files_failed")
    def files_failed(self, run: CorpusRun) -> int:
        return run.files_failed

    @admin.display(description=_("files"), ordering="files_total")
    def files_total(self, run: CorpusRun) -> int:
        return run.files_total

    @admin.display(description=_("progress"))
    def progress(self, run: CorpusRun) -> str:
        return str(run.progress())

    @admin.display(description=_("files"))
    def files_link(self, run: CorpusRun) -> SafeString:
        url = reverse("admin:claims_corpusfile_changelist")
        return format_html(
            '<a href="{}?run__id__exact={}">every file</a> · <a href="{}?run__id__exact={}&amp;state__exact=failed">'
            "the failed ones</a>",
            url,
            run.pk,
            url,
            run.pk,
        )

    @admin.action(
        description=_("Resume the selected runs (re-queue their unfinished files)"), permissions=["change"]
    )
    def resume(self, request: HttpRequest, queryset: QuerySet) -> None:
        for run in queryset:
            _enqueue(request, run)


@admin.register(CorpusFile)
class CorpusFileAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "path",
        "run",
        "state",
        "source",
        "candidates_created",
        "claimed_at",
        "finished_at",
        "error",
    ]
    list_filter = ["state", "run"]
    list_select_related = ["source", "run"]
    search_fields = ["path"]
    raw_id_fields = ["source", "run"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("source__text")
