"""The economy's section of the initiative page: the money decided for the initiative and spent on it,
as of a chosen date.

Registered from EconomyConfig.ready(); the portfolio's page lists it without naming the economy.
Shown only to those who may read the partnership's accounts ("economy.view"). Five queries, whatever
the number of records: pilot and seed money with the board items behind it, applications, outcome by
year, leverage, and the Core Teams' proposal items for the initiative.

The date is the page's `?per=YYYY-MM-DD` (the portfolio's as-of parameter); empty or invalid: today.
As of a date the section shows what had been decided, booked or brought in by then: an application
decided later shows as submitted, without its granted amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor
from samsyn.core.lib.prepared import prepared
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.core.spending import authority_label
from samsyn.portfolio.models import Initiative, ProposalItem

from .models import GrantApplication, Leverage, Outcome, PilotGrant

LATEST = 5


@dataclass
class YearRow:
    year: int
    proposed: int | None = None  # process-support budget of approved proposal items
    pilot: int | None = None  # pilot and seed money decided
    outcome: int | None = None
    external: int | None = None  # external funding granted
    leverage: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ApplicationThen:
    """An application as it stood on the date asked for."""

    application: GrantApplication
    status: str
    status_label: str
    granted_ore: int | None
    decided_on: date | None


@dataclass(frozen=True)
class GrantRow:
    grant: PilotGrant
    decision: dict


def _as_of(request) -> tuple[date, bool]:
    """The date asked for with ?per=, and whether the value given was not a date."""
    raw = (request.GET.get("per") or "").strip()
    today = timezone.localdate()
    if not raw:
        return today, False
    try:
        return date.fromisoformat(raw), False
    except ValueError:
        return today, True


def _add(rows: dict[int, YearRow], year: int, what: str, amount: int) -> None:
    row = rows.setdefault(year, YearRow(year))
    setattr(row, what, (getattr(row, what) or 0) + amount)


def _grant_decision(grant: PilotGrant, slug: str) -> dict:
    """Who decided a pilot grant: the board's meeting item when one is kept, else the authority the
    spending check found, or "unknown" for decisions recorded before Samsyn."""
    decision = getattr(grant, "board_decision", None)
    if decision is not None:
        item = decision.board_item
        return {
            "who": authority_label("board"),
            "item": str(item),
            "meeting": item.meeting,
            "url": reverse("governance:meeting", args=[slug, item.meeting_id]),
        }
    return {"who": authority_label(grant.authority), "item": None, "meeting": None, "url": None}


def money_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "economy.view"):
        return None
    slug = initiative.partnership.slug
    as_of, invalid = _as_of(request)
    grants = _grants(initiative.pk, as_of)
    applications = _applications(initiative.pk)
    by_year = _outcome_by_year(initiative.pk, as_of)
    leverage = _leverage(initiative.pk, as_of.year)
    proposed = _proposed(initiative.pk, as_of)

    then = []
    for a in applications:
        decided = a.decided_on is not None and a.decided_on <= as_of
        status = a.status if decided or a.decided_on is None else GrantApplication.Status.SUBMITTED
        then.append(
            ApplicationThen(
                application=a,
                status=status,
                status_label=str(GrantApplication.Status(status).label),
                granted_ore=a.amount_granted_ore if decided and a.status == GrantApplication.Status.GRANTED else None,
                decided_on=a.decided_on if decided else None,
            )
        )

    rows: dict[int, YearRow] = {}
    for g in grants:
        _add(rows, g.decided_on.year, "pilot", g.amount_ore)
    for item in proposed:
        if item.budget_ore is not None and item.decided_on is not None:
            _add(rows, item.decided_on.year, "proposed", item.budget_ore)
    for row in by_year:
        _add(rows, row["year"], "outcome", row["total"])
    for t in then:
        if t.granted_ore is not None and t.decided_on is not None:
            _add(rows, t.decided_on.year, "external", t.granted_ore)
    for lev in leverage:
        _add(rows, lev.year, "leverage", lev.amount_ore)
    years = sorted(rows.values(), key=lambda r: r.year, reverse=True)

    granted = sum(g.amount_ore for g in grants)
    external = sum(t.granted_ore or 0 for t in then)
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
            "as_of": as_of,
            "as_of_asked": bool(request.GET.get("per")) and not invalid,
            "as_of_invalid": invalid,
            "years": years,
            "grants": [GrantRow(g, _grant_decision(g, slug)) for g in grants],
            "applications": then[:LATEST],
            "leverage": leverage,
            "proposed": proposed,
            "outcome_total": sum(row["total"] for row in by_year),
            "granted": granted,
            "pilot_url": reverse("economy:pilot_grants", args=[slug]),
            "applications_url": reverse("economy:applications", args=[slug]),
            "may_change": can(request, "economy.change"),
        },
    )


# The section's five queries differ from one initiative and date to the next only in their values:
# each is compiled once (core.lib.prepared).
@prepared
def _grants(initiative_id: int, as_of: date) -> QuerySet[PilotGrant]:
    return (
        PilotGrant.objects.filter(initiative_id=initiative_id, decided_on__lte=as_of)
        .select_related("board_decision__board_item__meeting")
        .order_by("-decided_on", "-pk")
    )


@prepared
def _applications(initiative_id: int) -> QuerySet[GrantApplication]:
    return (
        GrantApplication.objects.filter(initiative_id=initiative_id)
        .only("pk", "funder", "title", "status", "amount_applied_ore", "amount_granted_ore", "decided_on", "source")
        .order_by("-pk")
    )


@prepared
def _outcome_by_year(initiative_id: int, as_of: date) -> QuerySet[Any, Any]:
    # Whole öre in a BigIntegerField: the database's sum is exact on SQLite and PostgreSQL alike.
    return (
        Outcome.objects.filter(initiative_id=initiative_id, date__lte=as_of)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("amount_ore"))
        .order_by("-year")
    )


@prepared
def _leverage(initiative_id: int, year: int) -> QuerySet[Leverage]:
    return Leverage.objects.filter(application__initiative_id=initiative_id, year__lte=year).order_by("-year", "title")


@prepared
def _proposed(initiative_id: int, as_of: date) -> QuerySet[ProposalItem]:
    return (
        ProposalItem.objects.filter(
            initiative_id=initiative_id, decision=ProposalItem.Decision.APPROVED, decided_on__lte=as_of
        )
        .select_related("proposal")
        .order_by("-decided_on", "-pk")
    )


def register() -> None:
    section_register("initiative", 30, money_section)
