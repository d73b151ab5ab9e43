from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.conflicts import state_conflict
from claims.dates import validate_plausible_date
from claims.fold import fold
from claims.text import SourceTextError, canonicalize_text, text_sha256

_DOTS = str.maketrans(dict.fromkeys("・•‧∙⋅･", "·"))
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


def speaker_key(name: str) -> str:
    """How a name is compared with a transcript's label and with other speakers' names: case,
    width, Traditional or Simplified, the kind of middle dot and the spaces around it do not
    matter ("SAM  ALTMAN" = "Sam Altman", "薩姆・奧特曼" = "萨姆·奥特曼")."""
    key = fold(unicodedata.normalize("NFKC", name).casefold()).translate(_DOTS)
    key = " ".join(re.sub(r"\s*·\s*", "·", key).split())
    return _SPACE_BETWEEN_HAN.sub("", key)


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def named(self, label: str) -> SpeakerQuerySet:
        """Speakers whose name or one of whose aliases is `label` (see speaker_key)."""
        wanted = speaker_key(label)
        if not wanted:
            return self.none()
        ids = [s.pk for s in self.only("id", "name", "aliases") if wanted in s.name_keys()]
        return self.filter(pk__in=ids)

    def deletable(self) -> SpeakerQuerySet:
        """Speakers credited with no prediction (their predictions PROTECT them)."""
        from claims.models.predictions import Prediction  # predictions import this module

        return self.filter(~models.Exists(Prediction.objects.filter(speaker=models.OuterRef("pk"))))


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_(
            'Other names the speaker appears under in sources, e.g. ["SA", "奥特曼"]: a transcript\'s '
            "label matching one of them credits the speaker when a candidate is accepted."
        ),
    )
    role = models.CharField(_("role / affiliation"), max_length=200, blank=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """The name and every alias, the name first."""
        aliases = self.aliases if isinstance(self.aliases, list) else []
        return [self.name, *(str(a) for a in aliases)]

    def name_keys(self) -> set[str]:
        return {speaker_key(n) for n in self.names()} - {""}

    def clean(self) -> None:
        self.aliases = _clean_aliases(self.aliases)
        mine = self.name_keys()
        others = Speaker.objects.exclude(pk=self.pk).only("id", "name", "aliases")
        for other in others:
            shared = mine & other.name_keys()
            if shared:
                names = ", ".join(sorted(n for n in self.names() if speaker_key(n) in shared))
                raise ValidationError(
                    {
                        "aliases": gettext(
                            "«%(names)s» already names %(speaker)s (speaker #%(id)s): a name or alias may name "
                            "only one speaker, so that a transcript's label credits the right one. Remove it "
                            "here or there."
                        )
                        % {"names": names, "speaker": other.name, "id": other.pk}
                    }
                )


def _clean_aliases(aliases: object) -> list[str]:
    """The aliases as a list of distinct, stripped strings; anything else is refused."""
    if aliases in (None, ""):
        return []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValidationError(
            {"aliases": gettext('Give the aliases as a list of names, e.g. ["SA", "奥特曼"].')}
        )
    seen: set[str] = set()
    out: list[str] = []
    for alias in _stripped(aliases):
        key = speaker_key(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def _stripped(aliases: Iterable[str]) -> Iterable[str]:
    return (" ".join(a.split()) for a in aliases)


class SourceQuerySet(models.QuerySet["Source"]):
    def without_text(self) -> SourceQuerySet:
        """Metadata only: lists never need the full text, which can be 100 KB a row."""
        return self.defer("text")

    def deletable(self) -> SourceQuerySet:
        """Sources no prediction quotes (their spans PROTECT them); candidates go with the source."""
        from claims.models.spans import Span  # the models package imports this module first

        return self.filter(~models.Exists(Span.objects.filter(source=models.OuterRef("pk"))))

    def with_text_length(self) -> SourceQuerySet:
        """Annotate `text_length` (code points) without loading the text."""
        return self.defer("text").annotate(text_length=Length("text"))

    def with_text_if_shorter(self, limit: int) -> SourceQuerySet:
        """with_text_length, plus `short_text`: the text when it has at most `limit` code points,
        else None, so that a source of megabytes is never read whole to answer one request."""
        return self.with_text_length().annotate(
            short_text=Case(When(text_length__lte=limit, then=F("text")), default=Value(None))
        )

    def with_text_between(self, start: int, end: int) -> SourceQuerySet:
        """with_text_length, plus `text_part`: the code points [start, end) of the text, cut by
        the database."""
        return self.with_text_length().annotate(text_part=Substr("text", start + 1, max(end - start, 0)))


class Source(models.Model):
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("url"), max_length=2000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=20, blank=True, help_text=_("BCP 47, e.g. zh-Hans, zh-Hant, en.")
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    said_on = models.DateField(
        _("said on"),
        null=True,
        blank=True,
        help_text=_("When the words were said (interview or event day)."),
        validators=[validate_plausible_date],
    )
    said_on_inferred = models.BooleanField(
        _("said on inferred"),
        default=False,
        help_text=_("Set when said_on was inferred rather than read in the source."),
    )
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    text = models.TextField(_("text"), help_text=_("Canonical text (UTF-8, LF, NFC). Spans index into it."))
    sha256 = models.CharField(_("sha256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    if TYPE_CHECKING:
        # Set by SourceQuerySet.with_text_length and the methods built on it only.
        text_length: int

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
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
            raise ValidationError({"text": gettext("The text is empty.")})
        digest = text_sha256(self.text)
        same = Source.objects.filter(sha256=digest).exclude(pk=self.pk).first()
        if same is not None:
            raise state_conflict(
                "text",
                gettext("This exact text is already stored as source #%(id)s «%(title)s».")
                % {"id": same.pk, "title": same.title},
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
            raise state_conflict(
                "text",
                gettext(
                    "The text cannot be changed: %(n)s span(s) point into it and their offsets would no "
                    "longer match. Re-anchoring is not supported yet; import the corrected text as a "
                    "new source instead."
                )
                % {"n": count},
            )
