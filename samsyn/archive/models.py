"""Models of the archive app: registered documents (handlingar) with diary numbers and their versions.

Meetings attach documents from governance (Meeting.documents, reverse accessor `document.meetings`);
the search index over documents and the other apps' texts is the search app's.

Seed 002 (appendix 1): "relevanta handlingar diarieförs och arkiveras". A diary number comes from a
series that is data (prefix and year per partnership), e.g. "SHK 2024/17".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.lib.urls import reverse
from samsyn.core.models import PartnershipOwned


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted to named roles")


class DiarySeries(PartnershipOwned):
    """A numbering series: one per partnership, prefix and year; `last_number` is the last one given."""

    prefix = models.CharField(_("prefix"), max_length=20)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("diary series")
        verbose_name_plural = _("diary series")
        ordering = ["prefix", "year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "prefix", "year"], name="diaryseries_unique")]

    def __str__(self):
        return f"{self.prefix} {self.year}"


class Document(PartnershipOwned):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        AGREEMENT = "agreement", _("Agreement")
        PLAN = "plan", _("Plan")
        ATTACHMENT = "attachment", _("Attachment")
        OTHER = "other", _("Other")

    series = models.ForeignKey(
        DiarySeries, on_delete=models.PROTECT, related_name="documents", verbose_name=_("diary series")
    )
    number = models.PositiveIntegerField(_("number in series"))
    diary_number = models.CharField(_("diary number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    access = models.CharField(
        _("access level"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.INTERNAL
    )
    roles = models.JSONField(
        _("roles with access"), default=list, blank=True, help_text=_("Only for restricted documents.")
    )
    text = models.TextField(_("extracted text"), blank=True)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative", related_name="documents", blank=True, verbose_name=_("initiatives")
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("registered by")
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="document_series_number_unique"),
            models.UniqueConstraint(fields=["partnership", "diary_number"], name="document_diary_number_unique"),
        ]
        indexes = [models.Index(fields=["partnership", "date"])]

    def __str__(self):
        return f"{self.diary_number} {self.title}"

    def get_absolute_url(self):
        return reverse("archive:document_detail", args=[self.partnership.slug, self.pk])


class DocumentVersion(PartnershipOwned):
    """One uploaded file of a document. The bytes live in the database so app servers keep no state."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("content"))
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documentversion_number_unique")]

    def __str__(self):
        return f"{self.filename} (v{self.number})"
