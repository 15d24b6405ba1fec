"""Writes that every app shares."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model

from .models import AuditEntry, Partnership, Person
from .types import AnyUser

# How much of a refused page's address the history keeps.
PATH_LIMIT = 500


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


def login_failure_record(*, user: User, username: str, ip: str | None, lockout_minutes: int = 0) -> list[AuditEntry]:
    """A wrong password for an existing login, in the history of each partnership where it is a person.

    The entry's user is the login that was tried, not someone who acted: whoever typed the password
    is unknown. A user name that no login has goes to no partnership's history (axes keeps it with
    the address), so the history never shows which names exist. `lockout_minutes`: this failure
    locked the name out for that long (0: it did not).
    """
    after: dict[str, Any] = {"username": username, "ip": ip}
    if lockout_minutes:
        after["minutes"] = lockout_minutes
    partnership_ids = sorted(set(Person.objects.filter(user=user).values_list("partnership_id", flat=True)))
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            partnership_id=partnership_id,
            user=user,
            action="login.lockout" if lockout_minutes else "login.fail",
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            after=after,
        )
        for partnership_id in partnership_ids
    )


def access_denial_record(*, partnership: Partnership, user: AnyUser, action: str, path: str, method: str) -> AuditEntry:
    """A request the policy refused: who, which page, and what they were not allowed to do."""
    return AuditEntry.objects.create(
        partnership=partnership,
        user=user if isinstance(user, User) else None,
        action="access.deny",
        object_type="page",
        object_id="",
        after={"action": action[:100], "path": path[:PATH_LIMIT], "method": method},
    )
