"""Keeping SearchEntry current: one builder per kind of text, called by the signals (samsyn.search.signals).

A builder turns a record into the fields of its entry; `entry_upsert` writes the entry and the
backend's index row. Kinds whose app is not installed (or whose model does not exist yet) are skipped.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from samsyn.archive.models import AccessLevel, Document
from samsyn.core.models import Partnership
from samsyn.core.policy import ALL
from samsyn.followup.policy_rules import RULES as FOLLOWUP_RULES

from . import semantic
from . import text as textlib
from .engine import backend, roles_field, stats_rebuild
from .models import SearchEntry


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _fa(ids) -> str:
    ids = sorted({i for i in ids if i})
    return "|" + "|".join(str(i) for i in ids) + "|" if ids else ""


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def document_title(doc: Document, filename: str) -> str:
    """The document's title as registered; when it was given none (the file's name stands in), the
    text's own heading or first line."""
    title = (doc.title or "").strip()
    if title and title != filename:
        return title
    return textlib.title_of(doc.text) or title or filename


def document_fields(doc: Document, slug: str) -> dict:
    fa = {fa.pk for i in doc.initiatives.all() for fa in i.focus_areas.all()}
    version = max(doc.versions.all(), key=lambda v: v.number, default=None)
    filename = version.filename if version else ""
    return {
        "kind": SearchEntry.Kind.DOCUMENT,
        "object_id": doc.pk,
        "title": f"{document_title(doc, filename)} ({doc.diary_number})",
        "body": doc.text,
        "year": doc.date.year if doc.date else None,
        "focus_areas": _fa(fa),
        "initiatives": _fa(i.pk for i in doc.initiatives.all()),
        "access": doc.access,
        "roles": roles_field(doc.roles if doc.access == AccessLevel.RESTRICTED else []),
        "url": _url("archive:document_detail", slug, doc.pk),
        "filename": filename,
    }


def initiative_fields(initiative, slug: str) -> dict:
    extra = [initiative.description]
    if initiative.testbed_id:
        extra.append(initiative.testbed.name)
    extra.extend(p.name for p in initiative.perspectives.all())
    return {
        "kind": SearchEntry.Kind.INITIATIVE,
        "object_id": initiative.pk,
        "title": initiative.name,
        "body": "\n".join(x for x in extra if x),
        "year": initiative.start.year if initiative.start else None,
        "focus_areas": _fa(fa.pk for fa in initiative.focus_areas.all()),
        "initiatives": _fa([initiative.pk]),
        "access": AccessLevel.INTERNAL,
        "roles": "",
        "url": _url("portfolio:initiative_detail", slug, initiative.slug),
        "filename": "",
    }


def learning_fields(entry, slug: str) -> dict:
    initiative = entry.initiative
    return {
        "kind": SearchEntry.Kind.LEARNING,
        "object_id": entry.pk,
        "title": f"{initiative.name}: {entry.get_kind_display()}",
        "body": entry.text,
        "year": entry.date.year if entry.date else None,
        "focus_areas": _fa(fa.pk for fa in initiative.focus_areas.all()),
        "initiatives": _fa([initiative.pk]),
        "access": AccessLevel.INTERNAL,
        "roles": "",
        "url": _url("portfolio:initiative_detail", slug, initiative.slug),
        "filename": "",
    }


def agenda_item_fields(item, slug: str) -> dict:
    meeting = item.meeting
    return {
        "kind": SearchEntry.Kind.AGENDA_ITEM,
        "object_id": item.pk,
        "title": f"{meeting.title} {meeting.date:%Y-%m-%d} §{item.number} {item.title}",
        "body": item.text,
        "year": meeting.date.year if meeting.date else None,
        "focus_areas": _fa([meeting.focus_area_id]),
        "access": AccessLevel.INTERNAL,
        "roles": "",
        "url": _url("governance:meeting", slug, meeting.pk),
        "filename": "",
    }


# Who finds a story that has no consent to publish: the roles that may see unpublished stories in
# the whole partnership. A Core Team member may see those of their own focus area on its pages, but
# a search entry cannot hold a focus-area condition, so search errs on the closed side.
UNPUBLISHED_STORY_ROLES = tuple(
    role for role, scope in FOLLOWUP_RULES["story.view_unpublished"].items() if scope == ALL
)


def impact_story_fields(story, slug: str) -> dict:
    fa = [story.focus_area_id] + ([fa.pk for fa in story.initiative.focus_areas.all()] if story.initiative_id else [])
    published = story.consent_to_publish
    return {
        "kind": SearchEntry.Kind.IMPACT_STORY,
        "object_id": story.pk,
        "title": str(story),
        "body": story.text,
        "year": story.year,
        "focus_areas": _fa(fa),
        "initiatives": _fa([story.initiative_id]),
        "access": AccessLevel.INTERNAL if published else AccessLevel.RESTRICTED,
        "roles": "" if published else roles_field(UNPUBLISHED_STORY_ROLES),
        "url": _url("followup:story_detail", slug, story.key),
        "filename": "",
    }


# label -> (entry kind, fields builder, prefetch for rebuilds)
SOURCES = {
    "portfolio.Initiative": (
        SearchEntry.Kind.INITIATIVE,
        initiative_fields,
        ["focus_areas", "perspectives"],
        ["testbed"],
    ),
    "portfolio.LearningEntry": (
        SearchEntry.Kind.LEARNING,
        learning_fields,
        ["initiative__focus_areas"],
        ["initiative"],
    ),
    "governance.AgendaItem": (SearchEntry.Kind.AGENDA_ITEM, agenda_item_fields, [], ["meeting"]),
    "followup.ImpactStory": (
        SearchEntry.Kind.IMPACT_STORY,
        impact_story_fields,
        ["initiative__focus_areas"],
        ["initiative"],
    ),
    "archive.Document": (SearchEntry.Kind.DOCUMENT, document_fields, ["initiatives__focus_areas", "versions"], []),
}


def _fields_for(obj) -> dict:
    label = obj._meta.label
    _, build, _, _ = SOURCES[label]

    slug = Partnership.objects.values_list("slug", flat=True).get(pk=obj.partnership_id)
    return build(obj, slug)


def entry_save(partnership_id: int, fields: dict) -> SearchEntry:
    """Write the entry itself: its body as the plain text people read (Markdown and HTML rendered),
    its stems for phrases. The index rows are the backend's (entries_index)."""
    title = fields["title"][:300]
    body = textlib.plain_text(fields.get("body") or "")
    fields = {**fields, "title": title, "body": body, "folded": textlib.stems(title + "\n" + body)}
    kind, object_id = fields.pop("kind"), fields.pop("object_id")
    entry, _ = SearchEntry.objects.update_or_create(
        partnership_id=partnership_id, kind=kind, object_id=object_id, defaults=fields
    )
    return entry


def entries_index(entries) -> None:
    entries = list(entries)
    backend().index((e.pk, e.partnership_id, e.title, e.body, e.folded) for e in entries)
    semantic.entries_embed(entries)


def entry_upsert(partnership_id: int, fields: dict) -> SearchEntry:
    entry = entry_save(partnership_id, fields)
    entries_index([entry])
    return entry


def object_index(obj) -> None:
    """Index (or re-index) one record of a SOURCES model."""
    entry_upsert(obj.partnership_id, _fields_for(obj))


def entries_delete(queryset) -> None:
    ids = list(queryset.values_list("pk", flat=True))
    backend().unindex(ids)
    SearchEntry.objects.filter(pk__in=ids).delete()


def object_unindex(obj) -> None:
    kind = SOURCES[obj._meta.label][0]
    entries_delete(SearchEntry.objects.filter(partnership_id=obj.partnership_id, kind=kind, object_id=obj.pk))


@transaction.atomic
def index_rebuild(partnership) -> int:
    """Re-index every searchable record of a partnership; entries whose record is gone are removed.

    The entries are written first and indexed together, so that every compound is split against
    the whole vocabulary of the partnership, whatever order the records come in."""
    entries = []
    for label, (kind, build, prefetch, related) in SOURCES.items():
        model = _model(label)
        if model is None:
            continue
        seen = []
        for obj in model.objects.filter(partnership=partnership).select_related(*related).prefetch_related(*prefetch):
            entries.append(entry_save(partnership.pk, build(obj, partnership.slug)))
            seen.append(obj.pk)
        entries_delete(SearchEntry.objects.filter(partnership=partnership, kind=kind).exclude(object_id__in=seen))
    # Start from no index rows and no statistics: whatever a bulk load left is not counted twice.
    backend().unindex(SearchEntry.objects.filter(partnership=partnership).values_list("pk", flat=True))
    stats_rebuild(partnership.pk)
    entries_index(entries)
    return len(entries)


def index_prune() -> None:
    """Remove what the backend indexes beyond the entries themselves (after a bulk load)."""
    backend().prune()
