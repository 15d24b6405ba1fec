"""Reads of partnerships, people and roles."""

from django.db.models import Prefetch
from django.utils import timezone

from .models import Agreement, AuditEntry, Membership, Partnership, Period, Person, RoleAssignment


def partnerships_for_user(user, on=None):
    """The partnerships where `user` holds an active role today."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    on = on or timezone.localdate()
    active = RoleAssignment.objects.filter(Period.active_q(on), person__user=user)
    return Partnership.objects.filter(pk__in=active.values("partnership_id")).order_by("name")


def person_list(partnership):
    roles = (
        RoleAssignment.objects.filter(partnership=partnership).select_related("focus_area").order_by("role", "start")
    )
    return (
        Person.objects.filter(partnership=partnership)
        .select_related("organization")
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("name")
    )


def parties_current(partnership, on=None):
    on = on or timezone.localdate()
    return list(
        Membership.objects.filter(partnership=partnership)
        .filter(Period.active_q(on))
        .select_related("organization")
        .order_by("organization__name")
    )


def agreement_current(partnership, on=None):
    on = on or timezone.localdate()
    return (
        Agreement.objects.filter(partnership=partnership).filter(Period.active_q(on)).order_by("-start").first()
        or Agreement.objects.filter(partnership=partnership).order_by("-start").first()
    )


def audit_recent(partnership, limit=10):
    return list(AuditEntry.objects.filter(partnership=partnership).select_related("user").order_by("-at")[:limit])
