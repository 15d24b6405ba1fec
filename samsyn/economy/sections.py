"""The economy's section of the initiative page: the money decided for the initiative and spent on it.

Registered from EconomyConfig.ready(); the portfolio's page lists it without naming the economy.
Shown only to those who may read the partnership's accounts ("economy.view"). Three queries.
"""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.portfolio.models import Initiative

from .models import GrantApplication, Outcome, PilotGrant

LATEST = 5


def money_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "economy.view"):
        return None
    grants = list(PilotGrant.objects.filter(initiative=initiative).order_by("-decided_on", "-pk"))
    applications = list(
        GrantApplication.objects.filter(initiative=initiative)
        .only("pk", "funder", "title", "status", "amount_applied_ore", "amount_granted_ore", "decided_on")
        .order_by("-pk")
    )
    # Whole öre in a BigIntegerField: the database's sum is exact on SQLite and PostgreSQL alike.
    by_year = list(
        Outcome.objects.filter(initiative=initiative)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("amount_ore"))
        .order_by("-year")
    )
    granted = sum(g.amount_ore for g in grants)
    external = sum(a.amount_granted_ore or 0 for a in applications if a.status == GrantApplication.Status.GRANTED)
    parts = []
    if grants:
        parts.append(_("Pilot money %(amount)s") % {"amount": format_kronor(granted, unit=True)})
    if external:
        parts.append(_("external funding %(amount)s") % {"amount": format_kronor(external, unit=True)})
    if by_year:
        parts.append(
            _("outcome %(year)s %(amount)s")
            % {"year": by_year[0]["year"], "amount": format_kronor(by_year[0]["total"], unit=True)}
        )
    summary = " · ".join(parts) if parts else _("No money decided or spent yet")
    return Section(
        key="money",
        title=_("Money"),
        summary=summary[:1].upper() + summary[1:],
        template="economy/sections/money.html",
        data={
            "grants": grants[:LATEST],
            "applications": applications[:LATEST],
            "outcome_by_year": by_year[:LATEST],
            "granted": granted,
            "pilot_url": reverse("economy:pilot_grants", args=[initiative.partnership.slug]),
            "applications_url": reverse("economy:applications", args=[initiative.partnership.slug]),
            "may_change": can(request, "economy.change"),
        },
    )


def register() -> None:
    section_register("initiative", 30, money_section)
