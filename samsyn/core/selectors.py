"""Reads of partnerships, people and roles."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from .audit import audit_describe, audit_describe_access, audit_name
from .models import Agreement, AuditEntry, Membership, Partnership, Period, Person, RoleAssignment
from .types import AnyUser


def partnerships_for_user(user: AnyUser, on: date | None = None) -> QuerySet[Partnership]:
    """The partnerships where `user` holds an active role today."""
    if user is None or not user.is_authenticated:
        return Partnership.objects.none()
    on = on or timezone.localdate()
    active = RoleAssignment.objects.filter(Period.active_q(on), person__user=user)
    return Partnership.objects.filter(pk__in=active.values("partnership_id")).order_by("name")


def person_list(partnership: Partnership) -> QuerySet[Person]:
    roles = (
        RoleAssignment.objects.filter(partnership=partnership).select_related("focus_area").order_by("role", "start")
    )
    return (
        Person.objects.filter(partnership=partnership)
        # The login: whether the person can be invited (an e-mail address, and no password chosen yet).
        .select_related("organization", "user")
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("name")
    )


def parties_current(partnership: Partnership, on: date | None = None) -> list[Membership]:
    on = on or timezone.localdate()
    return list(
        Membership.objects.filter(partnership=partnership)
        .filter(Period.active_q(on))
        .select_related("organization")
        .order_by("organization__name")
    )


def agreement_current(partnership: Partnership, on: date | None = None) -> Agreement | None:
    on = on or timezone.localdate()
    return (
        Agreement.objects.filter(partnership=partnership).filter(Period.active_q(on)).order_by("-start").first()
        or Agreement.objects.filter(partnership=partnership).order_by("-start").first()
    )


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    description: str  # who did what to which thing, in words


def audit_recent(partnership: Partnership, limit: int = 10) -> list[AuditLine]:
    """The latest entries of the audit history, in words: one query, the values only."""
    # The login's person in this partnership names them; a login without one goes by its own name.
    person_name = Person.objects.filter(partnership=partnership, user=OuterRef("user_id")).values("name")[:1]
    rows = (
        AuditEntry.objects.filter(partnership=partnership)
        .order_by("-at")
        .values(
            "at",
            "action",
            "object_type",
            "before",
            "after",
            "user_id",
            "user__username",
            "user__first_name",
            "user__last_name",
            person_name=Subquery(person_name),
        )[:limit]
    )
    return [AuditLine(at=row["at"], description=_audit_sentence(row)) for row in rows]


def _audit_sentence(row: Mapping[str, Any]) -> str:
    who = _audit_who(row)
    return audit_describe_access(who=who, action=row["action"], after=row["after"]) or audit_describe(
        who=who,
        action=row["action"],
        kind=_audit_kind(row["object_type"]),
        name=audit_name(row["after"], row["before"]),
    )


def _audit_who(row: Mapping[str, Any]) -> str:
    if row["user_id"] is None:
        return gettext("Someone without a login")
    if row["person_name"]:
        return str(row["person_name"])
    # As User.get_full_name() and get_username() have it.
    full_name = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return full_name or str(row["user__username"])


def _audit_kind(object_type: str) -> str:
    """The model's name in words ("initiativ"); any registered model, whichever app it belongs to."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return gettext("record")
