"""KPIs with their measurements, and evaluations' results (never single answers): follow-up's selectors."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from samsyn.followup import selectors
from samsyn.followup.models import Evaluation

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import SLUG

router = Router(tags=[_("Follow-up")])


def _kpi_row(trend) -> dict:
    kpi = trend.kpi
    return {
        "key": kpi.key,
        "name": kpi.name,
        "unit": kpi.unit,
        "target": trend.target,
        "latest": trend.latest,
        "focus_area": kpi.focus_area.name if kpi.focus_area else None,
    }


class KpiFilters(Schema):
    year: int | None = Field(
        None,
        ge=1900,
        le=2200,
        description=_("The year whose targets the KPIs are measured against (this year if none is given)"),
    )


@router.get(
    "/{slug}/kpis",
    response={200: s.KpiList, **ERRORS},
    summary=_("KPIs"),
    description=_("The KPIs with their latest value and the year's target."),
)
def kpi_list(request, *, slug: str = SLUG, filters: Query[KpiFilters]):
    partnership, _actor = enter(request, slug, "followup.view")
    rows = [_kpi_row(t) for t in selectors.kpi_trends(partnership, year=filters.year)]
    return {"items": rows, "count": len(rows)}


@router.get(
    "/{slug}/kpis/{kpi}",
    response={200: s.KpiOut, **ERRORS},
    summary=_("A KPI"),
    description=_("A KPI with every measurement in period order; those Samsyn counts itself are marked counted."),
)
def kpi_detail(request, *, slug: str = SLUG, kpi: str = SLUG, filters: Query[KpiFilters]):
    partnership, _actor = enter(request, slug, "followup.view")
    found = selectors.kpi_get(partnership, kpi)
    (trend,) = selectors.kpi_trends(partnership, [found], year=filters.year)
    return {
        **_kpi_row(trend),
        "description": found.description,
        "year_targets": {str(year): target for year, target in sorted(trend.year_targets.items())},
        "measurements": [
            {"period": label, "period_start": m.period_start, "value": value, "counted": m.pk is None}
            for label, value, m in trend.points
        ],
    }


def _evaluation_row(e: Evaluation, answers: int) -> dict:
    return {
        "key": e.key,
        "title": e.title,
        "year": e.year,
        "held_on": e.held_on,
        "status": e.status,
        "answers": answers,
    }


@router.get(
    "/{slug}/evaluations",
    response={200: s.EvaluationList, **ERRORS},
    summary=_("Evaluations"),
    description=_("The evaluations with their number of answers."),
)
def evaluation_list(request, *, slug: str = SLUG):
    partnership, _actor = enter(request, slug, "evaluation.results")
    rows = [_evaluation_row(e, selectors.evaluation_answer_count(e)) for e in selectors.evaluation_list(partnership)]
    return {"items": rows, "count": len(rows)}


@router.get(
    "/{slug}/evaluations/{evaluation}/results",
    response={200: s.EvaluationResults, **ERRORS},
    summary=_("Results"),
    description=_(
        "The distribution of green, yellow, orange and red for each statement: results only, never single answers."
    ),
)
def evaluation_results(request, *, slug: str = SLUG, evaluation: str = SLUG):
    partnership, _actor = enter(request, slug, "evaluation.results")
    found = selectors.evaluation_get(partnership, evaluation)
    statements = [
        {
            "order": r.statement.order,
            "text": r.statement.text,
            "theme": r.statement.theme,
            "answers": r.total,
            "counts": dict(r.counts),
            "percents": dict(r.percents),
        }
        for r in selectors.evaluation_results(found)
    ]
    return {**_evaluation_row(found, selectors.evaluation_answer_count(found)), "statements": statements}


api.add_router("", router)
