"""Keep the search index current when other apps save their searchable records."""

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


def connect():
    for label in indexing.SOURCES:
        if label == "archive.Document":
            continue  # the archive's services index documents once all their links are saved
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=f"archive-index-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"archive-unindex-{label}")
    Initiative = apps.get_model("portfolio.Initiative")
    for through in (Initiative.focus_areas.through, Initiative.perspectives.through):
        m2m_changed.connect(_initiative_m2m, sender=through, dispatch_uid=f"archive-index-m2m-{through._meta.label}")
