from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Substr
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from claims.spans import SpanError, resolve_span


class SpanRole(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    HORIZON = "horizon", _("Horizon")
    CONTEXT = "context", _("Context")


class SpanQuerySet(models.QuerySet["Span"]):
    def mismatched(self) -> SpanQuerySet:
        """Spans whose quote is not the text at their offsets, checked by the database itself.

        SUBSTR counts code points on both SQLite and PostgreSQL (UTF-8), so this agrees with
        Python's text[start:end]; it should always be empty.
        """
        at_offsets = Substr("source__text", F("start") + 1, F("end") - F("start"))
        return self.annotate(text_at_offsets=at_offsets).exclude(text_at_offsets=F("quote"))


class Span(models.Model):
    """Exact words of a source a prediction rests on (W3C TextPosition + TextQuote selectors)."""

    prediction = models.ForeignKey(
        "claims.Prediction", on_delete=models.CASCADE, related_name="spans", verbose_name=_("prediction")
    )
    source = models.ForeignKey(
        "claims.Source", on_delete=models.PROTECT, related_name="spans", verbose_name=_("source")
    )
    start = models.PositiveIntegerField(_("start"), help_text=_("Code-point offset of the first character."))
    end = models.PositiveIntegerField(
        _("end"), help_text=_("Code-point offset just past the last character.")
    )
    quote = models.TextField(_("quote"))
    prefix = models.CharField(_("prefix"), max_length=32, blank=True)
    suffix = models.CharField(_("suffix"), max_length=32, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=SpanRole.choices, default=SpanRole.STATEMENT)
    since_correction = models.PositiveIntegerField(
        _("since correction"),
        default=0,
        help_text=_(
            "The correction that anchored it (0: anchored before any). The database lets a judged "
            "prediction's spans change only by its latest correction."
        ),
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        verbose_name = _("span")
        verbose_name_plural = _("spans")
        ordering = ["source_id", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="span_start_not_negative"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="span_end_after_start"),
            models.CheckConstraint(
                condition=Exact(Length("quote"), F("end") - F("start")), name="span_quote_length"
            ),
            models.CheckConstraint(condition=Q(role__in=SpanRole.values), name="span_role_valid"),
            models.UniqueConstraint(
                fields=["prediction", "source", "start", "end", "role"], name="span_unique_per_prediction"
            ),
        ]
        indexes = [
            # Source reader: every span of one source, in text order.
            models.Index(fields=["source", "start"], name="span_source_idx"),
        ]

    def __str__(self) -> str:
        return f"[{self.start}, {self.end}) «{self.quote[:40]}»"

    def save(self, *args, **kwargs) -> None:
        # Last line of defence for code that skips clean(): never store a quote the text lacks.
        if self.source.text[self.start : self.end] != self.quote:
            self.anchor()
        super().save(*args, **kwargs)

    def anchor(self) -> None:
        """Resolve this span against its source's text, filling offsets, quote and context.

        Raises ValidationError keyed by the field to fix. A given quote decides: offsets are
        checked against it, and a quote alone must occur once (or be picked by prefix/suffix).
        """
        try:
            resolved = resolve_span(
                self.source.text,
                start=self.start,
                end=self.end,
                quote=self.quote or None,
                prefix=self.prefix or None,
                suffix=self.suffix or None,
            )
        except SpanError as exc:
            raise ValidationError({exc.field: exc.message}) from exc
        self.start, self.end, self.quote = resolved.start, resolved.end, resolved.quote
        self.prefix, self.suffix = resolved.prefix, resolved.suffix

    def clean(self) -> None:
        if self.source_id is None:
            return
        self.anchor()
