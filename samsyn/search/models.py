"""The search index: one searchable text per record of the apps below (documents, initiatives,
learning logs, meeting items, impact stories).

The table keeps its name from when search was part of the archive; the full-text parts made by
the archive's migrations 0003-0005 (PostgreSQL tsvector column and GIN index, SQLite FTS5 table,
its delete trigger and the covering index) are named after it and work unchanged.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.archive.models import AccessLevel
from samsyn.core.models import PartnershipOwned


class SearchEntry(PartnershipOwned):
    """One searchable text of a partnership, kept current by signals.

    `body` is the plain text people read (Markdown and HTML rendered). `folded` is the title and
    body as Python stems (lower case, diacritics and OCR confusions folded, stemmed), in order: the
    full-text index that quoted phrases are matched in (PostgreSQL: a generated tsvector through
    the `simple` configuration; SQLite: an FTS5 table). The ranking reads the postings and term
    statistics that the engine writes beside the entry (search_posting, search_term).
    `focus_areas`, `initiatives` (those the text is about: the initiative itself, its learning log
    and stories, the documents linked to it) and `roles` are "|a|b|" lists so that filters stay in
    the query.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        INITIATIVE = "initiative", _("Initiative")
        AGENDA_ITEM = "agenda_item", _("Meeting item")
        LEARNING = "learning", _("Learning log")
        IMPACT_STORY = "impact_story", _("Impact story")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    folded = models.TextField(_("normalised text"), blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    focus_areas = models.CharField(_("focus areas"), max_length=200, blank=True, default="")
    initiatives = models.TextField(_("initiatives"), blank=True, default="")
    access = models.CharField(
        _("access level"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.INTERNAL
    )
    roles = models.CharField(_("roles with access"), max_length=400, blank=True, default="")
    url = models.CharField(_("address"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)

    class Meta:
        db_table = "archive_searchentry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["partnership", "kind", "object_id"], name="searchentry_unique")]
        indexes = [models.Index(fields=["partnership", "kind", "year"], name="archive_sea_partner_284f14_idx")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchVector(models.Model):
    """An entry's meaning as a vector, with the `semantic` extra installed (samsyn.search.semantic).

    384 numbers (float32, L2-normalised) from the multilingual-e5-small model that the extra ships;
    close meanings give close vectors whatever the words. `text_hash` tells which text was read, so
    that an entry whose text did not change is not read again. Derived data like the index: rebuilt
    by `samsyn reindex`, never part of a backup.
    """

    entry = models.OneToOneField(SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="vector")
    text_hash = models.CharField(_("text hash"), max_length=32)
    vector = models.BinaryField(_("vector"))

    class Meta:
        db_table = "search_vector"
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")

    def __str__(self):
        return f"vector of {self.entry_id}"
