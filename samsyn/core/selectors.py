"""Reads of partnerships, people and roles."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

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
        .select_related("organization")
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


def audit_recent(partnership: Partnership, limit: int = 10) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(partnership=partnership).select_related("user").order_by("-at")[:limit])
