"""Follow-up's sections of other apps' pages: on the initiative page its KPIs with their latest
values, and its impact stories and events; on a year's business plan the KPIs' targets that year.

Registered from FollowupConfig.ready(); the portfolio's and governance's pages list them without
naming follow-up. A fixed number of queries each.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.core.lib.prepared import prepared
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.portfolio.models import Initiative

from . import rules
from .models import Event, Kpi, KpiTarget, Measurement
from .selectors import events_counted, kpi_counted, kpi_targets_of_year, stories_for_initiative

LATEST = 5


def kpis_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "followup.view"):
        return None
    # Each KPI is shown against this year's target: the year's own, or its standing one.
    year = timezone.localdate().year
    kpis = _kpis(initiative.pk, year)
    # A KPI Samsyn counts itself has no typed measurement: its latest counted period instead.
    for kpi, counted in kpi_counted(initiative.partnership, kpis).items():
        latest = (counted[-1].value, counted[-1].period_start) if counted else (None, None)
        kpi.latest_value, kpi.latest_on = latest  # type: ignore[attr-defined]
    targets = {
        k.pk: rules.target_for_year(
            year, standing=k.target, by_year={year: k.own_target} if k.own_target is not None else {}
        )
        for k in kpis
    }
    count = len(kpis)
    slug = initiative.partnership.slug
    return Section(
        key="kpis",
        title=_("KPIs"),
        summary=ngettext("%(n)s KPI", "%(n)s KPIs", count) % {"n": count}
        if count
        else _("No KPI follows the initiative yet"),
        template="followup/sections/kpis.html",
        data={
            "kpis": kpis[:LATEST],
            "count": count,
            "more": count > LATEST,
            "list_url": reverse("followup:kpi_list", args=[slug]),
            "create_url": reverse("followup:kpi_create", args=[slug]) if can(request, "kpi.manage") else "",
            "year": year,
            "targets": targets,
        },
    )


def effects_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "followup.view"):
        return None
    stories = stories_for_initiative(initiative, request=request)
    events = events_counted(initiative.partnership, _events(initiative.pk))
    parts = []
    if stories:
        parts.append(ngettext("%(n)s impact story", "%(n)s impact stories", len(stories)) % {"n": len(stories)})
    if events:
        n = len(events)
        parts.append(
            (ngettext("%(n)s event", "%(n)s events", n) if n <= LATEST else _("more than %(n)s events"))
            % {"n": min(n, LATEST)}
        )
    slug = initiative.partnership.slug
    return Section(
        key="effects",
        title=_("Impact stories and events"),
        summary=_first_upper(" · ".join(parts)) if parts else _("No impact story or event yet"),
        template="followup/sections/effects.html",
        data={
            "stories": stories[:LATEST],
            "events": events[:LATEST],
            "stories_url": reverse("followup:story_list", args=[slug]),
            "events_url": reverse("followup:event_list", args=[slug]),
        },
    )


def plan_kpis_section(request, plan_year) -> Section | None:
    """The KPIs' targets in a year's business plan (`plan_year` has the partnership and the year)."""
    if not can(request, "followup.view"):
        return None
    year = plan_year.year
    rows = [r for r in kpi_targets_of_year(plan_year.partnership, year) if r.target is not None]
    own = sum(1 for r in rows if r.own)
    slug = plan_year.partnership.slug
    return Section(
        key="kpi-targets",
        title=_("KPI targets %(year)s") % {"year": year},
        summary=(
            ngettext(
                "%(n)s KPI has a target, %(own)s of them set for the year",
                "%(n)s KPIs have a target, %(own)s of them set for the year",
                len(rows),
            )
            % {"n": len(rows), "own": own}
            if rows
            else _("No KPI has a target for the year")
        ),
        template="followup/sections/plan_kpis.html",
        data={
            "rows": rows,
            "year": year,
            "edit_url": reverse("followup:kpi_targets_edit", args=[slug, year]) if can(request, "plan.change") else "",
        },
    )


# The sections' queries differ from one initiative to the next only in their values: each is
# compiled once (core.lib.prepared).
@prepared
def _kpis(initiative_id: int, year: int) -> QuerySet[Kpi]:
    """The initiative's KPIs with their latest measurement and the year's own target (a KPI has one
    target a year at most), in one query."""
    latest = Measurement.objects.filter(kpi=OuterRef("pk")).order_by("-period_start")
    own = KpiTarget.objects.filter(kpi=OuterRef("pk"), year=year).values("target")[:1]
    return (
        Kpi.objects.filter(initiative_id=initiative_id)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("period_start")[:1]),
            own_target=Subquery(own),
        )
        .order_by("order", "name")
    )


@prepared
def _events(initiative_id: int) -> QuerySet[Event]:
    return (
        Event.objects.filter(initiatives=initiative_id)
        .only("pk", "key", "title", "date", "registrations", "attendance")
        .order_by("-date", "-pk")[: LATEST + 1]
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def register() -> None:
    section_register("initiative", 70, kpis_section)
    section_register("initiative", 75, effects_section)
    section_register("plan", 50, plan_kpis_section)
