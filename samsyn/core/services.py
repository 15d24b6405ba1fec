"""Writes that every app shares."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model

from .models import AuditEntry, Partnership
from .types import AnyUser


def audit_record(
    *,
    partnership: Partnership,
    user: AnyUser,
    action: str,
    obj: Model,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Record a change; call inside the transaction that makes it."""
    return AuditEntry.objects.create(
        partnership=partnership,
        # An anonymous visitor (an answer by link) is recorded as nobody.
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )
