"""Budget, outcome (read and import), forecasts and pilot grants: the economy pages' records."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from samsyn.economy import services
from samsyn.economy.forms import OutcomeImportForm
from samsyn.economy.models import BudgetAllocation, Forecast, Outcome, PilotGrant

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import (
    COST_LINE,
    PAGE,
    PER_PAGE,
    SLUG,
    YEAR,
    form_valid,
    narrowed,
    page_slice,
)

router = Router(tags=[_("Economy")])


class BudgetFilters(Schema):
    year: int | None = YEAR
    cost_line: str | None = COST_LINE


@router.get(
    "/{slug}/budget",
    response={200: s.AllocationList, **ERRORS},
    summary=_("Budget"),
    description=_(
        "Every budget decision by cost line and decision year, the latest revision last: the history is kept."
    ),
)
def budget(request, *, slug: str = SLUG, filters: Query[BudgetFilters]):
    partnership, _actor = enter(request, slug, "economy.view")
    rows = narrowed(
        BudgetAllocation.objects.filter(partnership=partnership).select_related("cost_line"),
        filters,
        year="year",
        cost_line="cost_line__slug",
    )
    items = [
        {
            "cost_line": a.cost_line.slug,
            "cost_line_name": a.cost_line.name,
            "year": a.year,
            "amount": s.kronor(a.amount_ore),
            "decided_on": a.decided_on,
            "decision_ref": a.decision_ref,
        }
        for a in rows.order_by("cost_line__order", "year", "decided_on", "pk")
    ]
    return {"items": items, "count": len(items)}


class OutcomeFilters(Schema):
    year: int | None = YEAR
    cost_line: str | None = COST_LINE
    category: Outcome.Category | None = Field(None, description=_("Kind of cost"))
    initiative: str | None = Field(None, max_length=120, description=_("The initiative's address name"))
    sida: int = PAGE
    per_sida: int = PER_PAGE


@router.get(
    "/{slug}/outcomes",
    response={200: s.OutcomeList, **ERRORS},
    summary=_("Outcome"),
    description=_("The outcome's rows, the newest first."),
)
def outcome_list(request, *, slug: str = SLUG, filters: Query[OutcomeFilters]):
    partnership, _actor = enter(request, slug, "economy.view")
    rows = narrowed(
        Outcome.objects.filter(partnership=partnership).select_related("cost_line", "initiative"),
        filters,
        year="date__year",
        cost_line="cost_line__slug",
        category="category",
        initiative="initiative__slug",
    )
    page, count = page_slice(rows.order_by("-date", "-pk"), filters.sida, filters.per_sida)
    items = [
        {
            "cost_line": o.cost_line.slug,
            "date": o.date,
            "category": o.category,
            "amount": s.kronor(o.amount_ore),
            "initiative": o.initiative.slug if o.initiative else None,
            "text": o.text,
        }
        for o in page
    ]
    return {"items": items, "count": count}


@router.post(
    "/{slug}/outcomes/import",
    response={200: s.OutcomeImported, **ERRORS},
    summary=_("Import outcome"),
    description=_(
        "A CSV or XLSX file with the columns cost_line, date, category, amount and optionally initiative, text: all rows or none; rows already imported are skipped (needs a token that may change)."
    ),
)
def outcome_import(request, *, slug: str = SLUG, file: File[UploadedFile]):
    partnership, actor = enter(request, slug, "economy.view")
    form = OutcomeImportForm({}, MultiValueDict({"file": [file]}))
    upload = form_valid(form)["file"]
    result = services.outcome_import(
        actor=actor, user=request.auth.user, partnership=partnership, filename=upload.name, content=upload.read()
    )
    return {"added": result.added, "already_there": result.already_there, "total": s.kronor(result.total_ore)}


class ForecastFilters(Schema):
    year: int | None = YEAR
    round: int | None = Field(None, ge=1, le=20, description=_("Forecast round"))
    cost_line: str | None = COST_LINE


@router.get(
    "/{slug}/forecasts",
    response={200: s.ForecastList, **ERRORS},
    summary=_("Forecasts"),
    description=_("The forecasts by cost line, year and round."),
)
def forecast_list(request, *, slug: str = SLUG, filters: Query[ForecastFilters]):
    partnership, _actor = enter(request, slug, "economy.view")
    rows = narrowed(
        Forecast.objects.filter(partnership=partnership).select_related("cost_line"),
        filters,
        year="year",
        round="round",
        cost_line="cost_line__slug",
    )
    items = [
        {
            "cost_line": f.cost_line.slug,
            "cost_line_name": f.cost_line.name,
            "year": f.year,
            "round": f.round,
            "made_on": f.made_on,
            "amount": s.kronor(f.amount_ore),
        }
        for f in rows.order_by("-year", "round", "cost_line__order", "pk")
    ]
    return {"items": items, "count": len(items)}


class GrantFilters(Schema):
    year: int | None = YEAR


@router.get(
    "/{slug}/pilot-grants",
    response={200: s.PilotGrantList, **ERRORS},
    summary=_("Pilot grants"),
    description=_("Pilot and seed money decided, the newest decision first."),
)
def pilot_grant_list(request, *, slug: str = SLUG, filters: Query[GrantFilters]):
    partnership, _actor = enter(request, slug, "economy.view")
    rows = narrowed(
        PilotGrant.objects.filter(partnership=partnership).select_related("initiative"),
        filters,
        year="decided_on__year",
    )
    items = [
        {
            "key": g.key,
            "title": g.title,
            "area": g.area,
            "initiative": g.initiative.slug if g.initiative else None,
            "amount": s.kronor(g.amount_ore),
            "decided_on": g.decided_on,
            "decision_ref": g.decision_ref,
        }
        for g in rows.order_by("-decided_on", "area", "title")
    ]
    return {"items": items, "count": len(items)}


api.add_router("", router)
