"""Which rows make up one partnership: found by walking the models, not listed by hand.

Every record of a partnership has a `partnership` key (core.PartnershipOwned); the few that do not
hang off one that has (a pilot grant's board decision). A model of a Samsyn app that is neither is
an error here, so a new model is never silently left out of a backup. Logins are platform-wide:
only those the partnership's records name (its people, the authors of its audit history, who
uploaded what) go with it. The search index is derived from the records and rebuilt, not copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from samsyn.core.models import Partnership
from samsyn.followup.models import Attempt
from samsyn.search.models import SearchEntry, SearchVector

# Rebuilt from the records after a restore (samsyn reindex), never carried in a backup; and the
# answering pages' attempt counters, which belong to no partnership and last minutes.
DERIVED: tuple[type[models.Model], ...] = (SearchEntry, SearchVector, Attempt)


class UnattributedModel(LookupError):
    """A model of a Samsyn app whose rows cannot be told to belong to a partnership."""


@dataclass(frozen=True)
class Part:
    """One model's share of a partnership: the rows whose `path` is the partnership's id."""

    model: type[models.Model]
    path: str

    @property
    def label(self) -> str:
        return self.model._meta.label

    def queryset(self, partnership: Partnership):
        return self.model._default_manager.filter(**{self.path: partnership.pk}).order_by("pk")


def _has_partnership(model) -> bool:
    return any(f.name == "partnership" and f.is_relation for f in model._meta.concrete_fields)


def partnership_parts() -> list[Part]:
    """Every model of the Samsyn apps that holds a partnership's rows, in INSTALLED_APPS order
    (the apps' dependency order), Partnership first."""
    parts = [Part(Partnership, "pk")]
    owned = {m for m in apps.get_models() if _has_partnership(m)}
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("samsyn.") or model is Partnership or model in DERIVED:
            continue
        if model in owned:
            parts.append(Part(model, "partnership"))
            continue
        via = next(
            (f.name for f in model._meta.concrete_fields if f.many_to_one and f.related_model in owned),
            None,
        )
        if via is None:
            raise UnattributedModel(model._meta.label)
        parts.append(Part(model, f"{via}__partnership"))
    return parts


def partnership_user_ids(partnership: Partnership, parts: list[Part]) -> set[int]:
    """The logins that the partnership's rows point at."""
    User = get_user_model()
    ids: set[int] = set()
    for part in parts:
        for field in part.model._meta.concrete_fields:
            if field.many_to_one and field.related_model is User:
                qs = part.queryset(partnership).exclude(**{f"{field.attname}__isnull": True})
                ids.update(qs.values_list(field.attname, flat=True))
    return ids
