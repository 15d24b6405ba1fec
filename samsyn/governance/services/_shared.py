"""What the governance services share; not services themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from samsyn.core.models import Partnership
from samsyn.core.policy import Target

from ..models import Meeting


def snapshot(obj: Model) -> dict[str, Any]:
    """The audit's picture of a record: its editable fields (relations by key), dates as ISO text."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if not f.editable:
            continue
        value = f.value_from_object(obj)
        data[f.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def partnership_target(partnership: Partnership) -> Target:
    """A rule's target for something new in the partnership that has no focus area or owner."""
    return Target(partnership_id=partnership.pk)


def meeting_ensure_editable(meeting: Meeting) -> None:
    """Approved minutes are a record: nothing in them changes afterwards."""
    if meeting.minutes_frozen:
        raise ValidationError(_("The minutes are approved and can no longer be changed."), code="frozen")
