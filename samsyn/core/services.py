"""Writes that every app shares."""

from .models import AuditEntry


def audit_record(*, partnership, user, action, obj, before=None, after=None):
    """Record a change; call inside the transaction that makes it."""
    return AuditEntry.objects.create(
        partnership=partnership,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )
