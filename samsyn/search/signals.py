"""Keep the search index current when the apps below save their searchable records."""

from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from samsyn.archive.models import Document
from samsyn.archive.signals import document_saved

from . import indexing


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.object_index(instance)


def _deleted(sender, instance, **kwargs):
    indexing.object_unindex(instance)


def _document_saved(sender, document, **kwargs):
    indexing.object_index(document)


def _initiative_m2m(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        indexing.object_index(instance)


def _receivers():
    """(signal, receiver, sender, dispatch_uid) for every record the index follows."""
    for label in indexing.SOURCES:
        if label == "archive.Document":
            continue  # indexed on the archive's own signal, once all its links are saved
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        yield post_save, _saved, model, f"search-index-{label}"
        yield post_delete, _deleted, model, f"search-unindex-{label}"
    yield document_saved, _document_saved, Document, "search-index-archive.Document"
    yield post_delete, _deleted, Document, "search-unindex-archive.Document"
    Initiative = apps.get_model("portfolio.Initiative")
    for through in (Initiative.focus_areas.through, Initiative.perspectives.through):
        yield m2m_changed, _initiative_m2m, through, f"search-index-m2m-{through._meta.label}"


def connect():
    for signal, receiver, sender, uid in _receivers():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


def disconnect():
    for signal, receiver, sender, uid in _receivers():
        signal.disconnect(receiver, sender=sender, dispatch_uid=uid)


@contextmanager
def index_paused():
    """Saves inside the block leave the search index as it was.

    For bulk loads that rebuild the index afterwards (the demo) and for tests that build many
    records and never search them: indexing each save is most of their cost."""
    disconnect()
    try:
        yield
    finally:
        connect()
