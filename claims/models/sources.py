from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from claims.text import SourceTextError, canonicalize_text, text_sha256


class Speaker(models.Model):
    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the speaker appears under in sources."
    )
    role = models.CharField("role / affiliation", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet):
    def without_text(self) -> SourceQuerySet:
        """Metadata only: lists never need the full text, which can be 100 KB a row."""
        return self.defer("text")


class Source(models.Model):
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True, help_text="BCP 47, e.g. zh-Hans, zh-Hant, en.")
    published_on = models.DateField(null=True, blank=True)
    said_on = models.DateField(
        null=True, blank=True, help_text="When the words were said (interview or event day)."
    )
    said_on_inferred = models.BooleanField(
        default=False, help_text="Set when said_on was inferred rather than read in the source."
    )
    file_name = models.CharField(max_length=300, blank=True)
    text = models.TextField(help_text="Canonical text (UTF-8, LF, NFC). Spans index into it.")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="source_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Saving through any path (admin, API, shell) keeps the hash and the lock honest.
        self.check_text_unchanged_if_anchored()
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

    @property
    def effective_said_on(self):
        """The day predictions in this source default to: said_on, else published_on, else None."""
        return self.said_on or self.published_on

    def clean(self) -> None:
        try:
            self.text = canonicalize_text(self.text or "", name=self.title or "text")
        except SourceTextError as exc:
            raise ValidationError({"text": str(exc)}) from exc
        if not self.text:
            raise ValidationError({"text": "The text is empty."})
        digest = text_sha256(self.text)
        same = Source.objects.filter(sha256=digest).exclude(pk=self.pk).first()
        if same is not None:
            raise ValidationError(
                {"text": f"This exact text is already stored as source #{same.pk} «{same.title}»."}
            )
        self.check_text_unchanged_if_anchored()

    def check_text_unchanged_if_anchored(self) -> None:
        """Refuse a text change once spans point into the source: their offsets would move."""
        if self.pk is None:
            return
        stored = Source.objects.filter(pk=self.pk).values_list("sha256", flat=True).first()
        if stored is None or stored == text_sha256(self.text):
            return
        count = self.spans.count()
        if count:
            raise ValidationError(
                {
                    "text": f"The text cannot be changed: {count} span(s) point into it and "
                    "their offsets would no longer match. Re-anchoring is not supported yet; "
                    "import the corrected text as a new source instead."
                }
            )
