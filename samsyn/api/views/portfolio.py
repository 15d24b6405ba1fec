"""Initiatives (with their phases and relations) and portfolios: the portfolio pages' selectors."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from samsyn.core.policy import require
from samsyn.portfolio.forms.initiatives import InitiativeFilterForm
from samsyn.portfolio.models import Initiative, Phase, Portfolio, Relation
from samsyn.portfolio.selectors import initiatives as selectors
from samsyn.portfolio.selectors import levels
from samsyn.portfolio.services.initiatives import initiative_move_phase

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import PAGE, PER_PAGE, SLUG, form_valid

router = Router(tags=[_("Initiatives and portfolios")])


class InitiativeFilters(Schema):
    q: str | None = Field(None, max_length=200, description=_("Search in name and description"))
    focus_area: str | None = Field(None, description=_("The focus area's address name"))
    phase: Phase | None = Field(None, description=_("Phase"))
    party: str | None = Field(None, description=_("The party's key"))
    testbed: str | None = Field(None, description=_("The testbed's address name"))
    perspective: str | None = Field(None, description=_("The perspective's address name"))
    sida: int = PAGE
    per_sida: int = PER_PAGE


def _rows(initiatives) -> list[dict]:
    initiatives = list(initiatives)
    focus_areas, parties = selectors.initiative_list_names([i.pk for i in initiatives])
    labels = dict(Phase.choices)
    return [
        {
            "slug": i.slug,
            "name": i.name,
            "phase": i.phase,
            "phase_label": str(labels.get(i.phase, i.phase)),
            "focus_areas": focus_areas.get(i.pk, []),
            "parties": parties.get(i.pk, []),
            "testbed": i.testbed.name if i.testbed else None,
            "owner": i.owner.name if i.owner else None,
        }
        for i in initiatives
    ]


@router.get(
    "/{slug}/initiatives",
    response={200: s.InitiativeList, **ERRORS},
    summary=_("Initiatives"),
    description=_("The initiatives, filtered as on the page Initiatives, by name."),
)
def initiative_list(request, *, slug: str = SLUG, filters: Query[InitiativeFilters]):
    partnership, _actor = enter(request, slug, "initiative.view")
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in ("sida", "per_sida")}
    form = InitiativeFilterForm(data, choices=selectors.filter_choices(partnership))
    form_valid(form)
    page = selectors.initiative_page(partnership, form.selectors_kwargs(), filters.sida, filters.per_sida)
    count = page.paginator.count
    # A page past the last is empty here (the page shows the last one instead).
    rows = page.object_list if page.number == filters.sida else []
    return {"items": _rows(rows), "count": count}


def _initiative(partnership, slug: str) -> Initiative:
    return selectors.initiative_get(partnership, slug)


def _relations(initiative: Initiative) -> list[dict]:
    kinds = dict(Relation.Kind.choices)
    rows = Relation.objects.filter(Q(source=initiative) | Q(target=initiative)).select_related("source", "target")
    result = []
    for r in rows.order_by("kind", "pk"):
        outgoing = r.source_id == initiative.pk
        other = r.target if outgoing else r.source
        result.append(
            {
                "kind": r.kind,
                "kind_label": str(kinds.get(r.kind, r.kind)),
                "direction": "out" if outgoing else "in",
                "initiative": other.slug,
                "initiative_name": other.name,
                "note": r.note,
            }
        )
    return result


def _detail(initiative: Initiative) -> dict:
    labels = dict(Phase.choices)
    history = levels.initiative_history(initiative.partnership, initiative.slug).phase_changes.all()
    return {
        "slug": initiative.slug,
        "name": initiative.name,
        "description": initiative.description,
        "phase": initiative.phase,
        "phase_label": str(labels.get(initiative.phase, initiative.phase)),
        "start": initiative.start,
        "end": initiative.end,
        "focus_areas": [{"key": f.slug, "name": f.name} for f in initiative.focus_areas.all()],
        "societal_goals": [g.text for g in initiative.societal_goals.all()],
        "perspectives": [{"key": p.slug, "name": p.name} for p in initiative.perspectives.all()],
        "parties": [o.short_name or o.name for o in initiative.parties.all()],
        "testbed": {"key": initiative.testbed.slug, "name": initiative.testbed.name} if initiative.testbed else None,
        "owner": initiative.owner.name if initiative.owner else None,
        "phases": [
            {
                "phase": c.phase,
                "phase_label": str(labels.get(c.phase, c.phase)),
                "date": c.date,
                "decision": c.decision,
            }
            for c in history
        ],
        "relations": _relations(initiative),
    }


@router.get(
    "/{slug}/initiatives/{initiative}",
    response={200: s.InitiativeOut, **ERRORS},
    summary=_("An initiative"),
    description=_("An initiative with its phases (the oldest first) and its relations to other initiatives."),
)
def initiative_detail(request, *, slug: str = SLUG, initiative: str = SLUG):
    partnership, _actor = enter(request, slug)
    found = _initiative(partnership, initiative)
    require(request, "initiative.view", found)
    return _detail(found)


@router.post(
    "/{slug}/initiatives/{initiative}/phase",
    response={200: s.InitiativeOut, **ERRORS},
    summary=_("Move to a phase"),
    description=_("Record that the initiative entered a phase on a date (needs a token that may change)."),
)
def initiative_phase_move(request, *, slug: str = SLUG, initiative: str = SLUG, move: s.PhaseMove):
    partnership, actor = enter(request, slug)
    found = _initiative(partnership, initiative)
    require(request, "initiative.view", found)
    initiative_move_phase(
        actor=actor, user=request.auth.user, initiative=found, phase=move.phase, on=move.date, decision=move.decision
    )
    return _detail(_initiative(partnership, initiative))


def _portfolio_row(p: Portfolio) -> dict:
    return {
        "slug": p.slug,
        "name": p.name,
        "level": p.level,
        "level_label": str(p.get_level_display()),
        "focus_area": p.focus_area.name if p.focus_area else None,
        "testbed": p.testbed.name if p.testbed else None,
        "initiative": p.initiative.slug if p.initiative else None,
    }


@router.get(
    "/{slug}/portfolios",
    response={200: s.PortfolioList, **ERRORS},
    summary=_("Portfolios"),
    description=_("The partnership's portfolios: the board's first, then the focus areas' and the testbeds'."),
)
def portfolio_list(request, *, slug: str = SLUG):
    partnership, _actor = enter(request, slug, "portfolio.view")
    rows = [_portfolio_row(p) for p in levels.portfolio_list(partnership)]
    return {"items": rows, "count": len(rows)}


@router.get(
    "/{slug}/portfolios/{portfolio}",
    response={200: s.PortfolioOut, **ERRORS},
    summary=_("A portfolio"),
    description=_("A portfolio with its initiatives, as they stood on a date (today if none is given)."),
)
def portfolio_detail(request, *, slug: str = SLUG, portfolio: str = SLUG, per: date | None = None):
    partnership, _actor = enter(request, slug, "portfolio.view")
    found = levels.portfolio_get(partnership, portfolio)
    initiatives = levels.portfolio_initiatives(partnership, found, status_on=per or timezone.localdate())
    return {**_portfolio_row(found), "initiatives": _rows(initiatives)}


api.add_router("", router)
