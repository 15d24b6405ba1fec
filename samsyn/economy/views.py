"""Thin views: parse input, ask the policy, call a selector or service, render.

A view checks read access; whether a write is allowed is the service's answer (economy.change),
and a form page is shown only to whom may use it.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.lib.urls import reverse
from samsyn.core.models import AuditEntry
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response

from . import selectors, services
from .forms import ApplicationStatusForm, BudgetRevisionForm, ForecastForm, OutcomeImportForm, PilotGrantForm
from .models import (
    BudgetAllocation,
    CostLine,
    Forecast,
    GrantApplication,
    Leverage,
    LeverageTarget,
    PilotGrant,
    PrintedFigure,
)
from .reports import FINANCE, finance_build, finance_context, leverage_chart, pilot_chart
from .rules.appendix import leverage_against_target, pilot_years

ECONOMY_OBJECT_TYPES = [
    f"economy.{name}"
    for name in (
        "financing",
        "costline",
        "budgetallocation",
        "outcome",
        "forecast",
        "pilotgrant",
        "grantapplication",
        "leverage",
        "leveragetarget",
        "academy",
        "researchallocation",
        "printedfigure",
    )
]


def _form_page_for_changers(request):
    """A form page is shown only to whom may use it (403 otherwise); a posted write is the service's to allow."""
    require(request, "economy.change")


def _as_of(request):
    raw = request.GET.get("per") or request.GET.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Http404("per must be YYYY-MM-DD") from None


def index(request, partnership_slug):
    require(request, "partnership.view")
    dates = list(
        PrintedFigure.objects.filter(partnership=request.partnership)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .distinct()
    )
    return render(request, "economy/index.html", {"dates": dates})


def appendix_context(partnership, report, *, can_history=False):
    return {"partnership": partnership, "report": report, **finance_context(report), "may_history": can_history}


def appendix(request, partnership_slug):
    require(request, "economy.view")
    as_of = _as_of(request)
    report = finance_build(request.partnership, as_of)
    fmt = request.GET.get("format", "html")
    if fmt in ("json", "xlsx", "pdf"):
        filename = f"finansbilaga-{request.partnership.slug}-{as_of.isoformat()}"
        return report_response(FINANCE, report, fmt, request=request, filename=filename)
    return render(request, "economy/appendix.html", appendix_context(request.partnership, report))


def followup(request, partnership_slug):
    require(request, "economy.view")
    report = finance_build(request.partnership, _as_of(request))
    return render(request, "economy/followup.html", appendix_context(request.partnership, report))


def outcome_import(request, partnership_slug):
    require(request, "economy.view")
    form = OutcomeImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.outcome_import(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                filename=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(added)s rows imported, %(skipped)s were already imported.")
                % {"added": result.added, "skipped": result.already_there},
            )
            return redirect(reverse("economy:appendix", args=[partnership_slug]))
    _form_page_for_changers(request)
    return render(request, "economy/import.html", {"form": form, "import_errors": errors})


def applications(request, partnership_slug):
    require(request, "economy.view")
    year = timezone.localdate().year
    apps = list(
        GrantApplication.objects.filter(partnership=request.partnership)
        .prefetch_related("applicants")
        .select_related("initiative")
        .order_by("status", "funder", "title")
    )
    by_status = []
    for status, label in GrantApplication.Status.choices:
        rows = [a for a in apps if a.status == status]
        by_status.append(
            {
                "status": status,
                "label": label,
                "rows": rows,
                "applied_ore": sum(a.amount_applied_ore or 0 for a in rows),
                "granted_ore": sum(a.amount_granted_ore or 0 for a in rows),
            }
        )
    leverage = list(Leverage.objects.filter(partnership=request.partnership).order_by("year", "kind", "title"))
    years = sorted({entry.year for entry in leverage} | {year})
    targets = dict(LeverageTarget.objects.filter(partnership=request.partnership).values_list("year", "amount_ore"))
    per_year = []
    for y in years:
        ext = sum(e.amount_ore for e in leverage if e.year == y and e.kind == Leverage.Kind.EXTERNAL)
        internal = sum(e.amount_ore for e in leverage if e.year == y and e.kind == Leverage.Kind.INTERNAL)
        status = leverage_against_target(y, ext, internal, targets.get(y))
        per_year.append(
            {"year": y, "external": ext, "internal": internal, "target": status.target_ore, "share": status.share}
        )
    return render(
        request,
        "economy/applications.html",
        {
            "by_status": by_status,
            "leverage": leverage,
            "per_year": per_year,
            "leverage_chart": leverage_chart(
                [(y["year"], y["target"], y["external"], y["share"]) for y in per_year],
                describedby="leverage-caption",
            ),
            "status_form": ApplicationStatusForm() if can(request, "economy.change") else None,
        },
    )


def application_status(request, partnership_slug, pk):
    require(request, "economy.view")
    try:
        application = GrantApplication.objects.get(partnership=request.partnership, pk=pk)
    except GrantApplication.DoesNotExist:
        raise Http404 from None
    form = ApplicationStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.application_status_change(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                application=application,
                status=d["status"],
                amount_granted_ore=d["amount_granted"],
                decided_on=d["decided_on"],
                leverage_kind=d["kind"] or Leverage.Kind.EXTERNAL,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application was updated."))
            return redirect(reverse("economy:applications", args=[partnership_slug]))
    _form_page_for_changers(request)
    return render(
        request,
        "economy/form.html",
        {"form": form, "title": str(application), "cancel": reverse("economy:applications", args=[partnership_slug])},
    )


def pilot_grants(request, partnership_slug):
    require(request, "economy.view")
    grants = list(
        PilotGrant.objects.filter(partnership=request.partnership)
        .select_related("initiative")
        .order_by("-decided_on", "area", "title")
    )
    years = pilot_years(
        selectors.pilot_budget_by_year(request.partnership, timezone.localdate()),
        ((g.decided_on.year, g.amount_ore) for g in grants),
    )
    return render(
        request,
        "economy/pilot_grants.html",
        {
            "grants": grants,
            "total": sum(g.amount_ore for g in grants),
            "years": years,
            "chart": pilot_chart(
                [(y.year, y.budget_ore, y.decided_ore, y.remaining_ore) for y in years], describedby="years-caption"
            )
            if years
            else None,
        },
    )


def pilot_grant_create(request, partnership_slug):
    require(request, "economy.view")
    form = PilotGrantForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.pilot_grant_record(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                title=d["title"],
                area=d["area"],
                initiative=d["initiative"],
                amount_ore=d["amount"],
                decided_on=d["decided_on"],
                decision_ref=d["decision_ref"],
                board_item=d["board_item"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pilot grant was recorded."))
            return redirect(reverse("economy:pilot_grants", args=[partnership_slug]))
    _form_page_for_changers(request)
    return render(
        request,
        "economy/form.html",
        {
            "form": form,
            "title": _("Record pilot money decided"),
            "cancel": reverse("economy:pilot_grants", args=[partnership_slug]),
        },
    )


def history(request, partnership_slug):
    require(request, "economy.history")
    entries = list(
        AuditEntry.objects.filter(partnership=request.partnership, object_type__in=ECONOMY_OBJECT_TYPES)
        .select_related("user")
        .order_by("-at")[:200]
    )
    return render(request, "economy/history.html", {"entries": entries})


def budget(request, partnership_slug):
    """Every budget decision per cost line and decision year, newest revision last: the history is kept."""
    require(request, "economy.view")
    lines = list(CostLine.objects.filter(partnership=request.partnership))
    allocations = list(
        BudgetAllocation.objects.filter(partnership=request.partnership).order_by(
            "cost_line__order", "year", "decided_on", "pk"
        )
    )
    forecasts = list(
        Forecast.objects.filter(partnership=request.partnership)
        .select_related("cost_line")
        .order_by("-year", "round", "cost_line__order")
    )
    by_line = {line.pk: [] for line in lines}
    for allocation in allocations:
        by_line[allocation.cost_line_id].append(allocation)
    groups = [{"line": line, "allocations": by_line[line.pk]} for line in lines if by_line[line.pk]]
    return render(request, "economy/budget.html", {"groups": groups, "forecasts": forecasts})


def budget_revise(request, partnership_slug):
    require(request, "economy.view")
    form = BudgetRevisionForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.budget_revise(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                cost_line=d["cost_line"],
                year=d["year"],
                amount_ore=d["amount"],
                decided_on=d["decided_on"],
                decision_ref=d["decision_ref"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The budget decision was recorded."))
            return redirect(reverse("economy:budget", args=[partnership_slug]))
    _form_page_for_changers(request)
    return render(
        request,
        "economy/form.html",
        {
            "form": form,
            "title": _("Record a budget decision"),
            "cancel": reverse("economy:budget", args=[partnership_slug]),
        },
    )


def forecast_record(request, partnership_slug):
    require(request, "economy.view")
    form = ForecastForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.forecast_record(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                cost_line=d["cost_line"],
                year=d["year"],
                round=d["round"],
                made_on=d["made_on"],
                amount_ore=d["amount"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The forecast was recorded."))
            return redirect(reverse("economy:budget", args=[partnership_slug]))
    _form_page_for_changers(request)
    return render(
        request,
        "economy/form.html",
        {"form": form, "title": _("Record a forecast"), "cancel": reverse("economy:budget", args=[partnership_slug])},
    )
