"""Keep the search index current when other apps save their searchable records."""

from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import indexing


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.object_index(instance)


def _deleted(sender, instance, **kwargs):
    indexing.object_unindex(instance)


def _initiative_m2m(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        indexing.object_index(instance)


def _receivers():
    """(signal, receiver, sender, dispatch_uid) for every record the index follows."""
    for label in indexing.SOURCES:
        if label == "archive.Document":
            continue  # the archive's services index documents once all their links are saved
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        yield post_save, _saved, model, f"archive-index-{label}"
        yield post_delete, _deleted, model, f"archive-unindex-{label}"
    Initiative = apps.get_model("portfolio.Initiative")
    for through in (Initiative.focus_areas.through, Initiative.perspectives.through):
        yield m2m_changed, _initiative_m2m, through, f"archive-index-m2m-{through._meta.label}"


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
