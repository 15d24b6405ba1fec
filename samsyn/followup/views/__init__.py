"""Pages of follow-up for logged-in members: KPIs, evaluations, impact stories, events, the plan
and the annual report. Thin: parse input, ask the policy, call a selector or service, render."""

from functools import partial
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core import registry
from samsyn.core.forms import MoveForm
from samsyn.core.lib.urls import reverse
from samsyn.core.lib.years import year_parse
from samsyn.core.models import Period, Person, RoleAssignment
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response
from samsyn.core.roles import Role

from .. import charts, reports, selectors, services
from ..forms import (
    EvaluationForm,
    EventForm,
    InviteForm,
    KpiForm,
    KpiTargetsForm,
    MeasurementForm,
    MeasurementImportForm,
    PlanItemForm,
    StatementsForm,
    StoryForm,
)
from ..models import Evaluation, Event, FollowupPlanItem, ImpactStory, Kpi

colour_names = reports.colour_names


def _get(model, partnership, **lookup):
    try:
        return model.objects.get(partnership=partnership, **lookup)
    except model.DoesNotExist:
        raise Http404 from None


def _year(request, default):
    year = year_parse(str(request.GET.get("year", default)))
    if year is None:
        raise Http404
    return year


def index(request, partnership_slug):
    require(request, "followup.view")
    p = request.partnership
    return render(
        request,
        "followup/index.html",
        {
            "evaluations": selectors.evaluation_list(p),
            "plan_years": selectors.plan_years(p),
            "event_years": selectors.event_years(p),
            "report_years": selectors.report_years(p),
        },
    )


# ------------------------------------------------------------------ KPIs


def kpi_list(request, partnership_slug):
    require(request, "followup.view")
    trends = selectors.kpi_trends(request.partnership)
    charts_by_kpi = {t.kpi.pk: charts.kpi_trend_chart(t, height=220) for t in trends if t.points}
    return render(request, "followup/kpi_list.html", {"trends": trends, "charts": charts_by_kpi})


def kpi_detail(request, partnership_slug, key):
    require(request, "followup.view")
    try:
        kpi = selectors.kpi_get(request.partnership, key)
    except Kpi.DoesNotExist:
        raise Http404 from None
    # A counted KPI's values come from what Samsyn records; nobody types them.
    may_record = can(request, "measurement.record", kpi) and not kpi.counted_from
    form = MeasurementForm(request.POST or None, kpi=kpi)
    if request.method == "POST":
        if form.is_valid():
            services.measurement_record(
                actor=request.actor,
                user=request.user,
                kpi=kpi,
                period_start=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The value is recorded."))
            return redirect(kpi.get_absolute_url())
        if not may_record:
            raise PermissionDenied("measurement.record")
    if not may_record:
        form = None
    trend = selectors.kpi_trends(request.partnership, [kpi])[0]
    chart = charts.kpi_trend_chart(trend) if trend.points else None
    return render(
        request,
        "followup/kpi_detail.html",
        {
            "kpi": kpi,
            "trend": trend,
            "chart": chart,
            "form": form,
            "year_targets": sorted(trend.year_targets.items()),
            "counted": registry.counted_figure(kpi.counted_from) if kpi.counted_from else None,
        },
    )


def kpi_edit(request, partnership_slug, key=None):
    kpi = _get(Kpi, request.partnership, key=key) if key else None
    return _edit_page(
        request,
        KpiForm,
        kpi or Kpi(partnership=request.partnership),
        "kpi.manage",
        partial(services.kpi_change, kpi=kpi) if kpi else partial(services.kpi_create, partnership=request.partnership),
        (_("New KPI"), _("Change the KPI")),
        lambda obj: obj.get_absolute_url(),
        reverse("followup:kpi_list", args=[partnership_slug]),
    )


def kpi_targets_edit(request, partnership_slug, year):
    """The KPIs' targets in a year's business plan, all in one form; back to the plan when saved."""
    require(request, "followup.view")
    if request.method != "POST" and not can(request, "plan.change"):
        raise PermissionDenied("plan.change")
    form = KpiTargetsForm(request.POST or None, partnership=request.partnership, year=year)
    url = reverse("governance:plan", args=[partnership_slug]) + f"?year={year}#kpi-targets"
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.kpi_targets_set(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                year=year,
                targets=form.targets(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The targets of %(year)s were saved (%(n)s changed).") % {"year": year, "n": changed}
            )
            return redirect(url)
    return render(
        request,
        "followup/kpi_targets_form.html",
        {"form": form, "year": year, "cancel_url": url},
    )


def measurement_import(request, partnership_slug):
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.measurement_import(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                data=form.cleaned_data["file"].read(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(n)s values are imported.") % {"n": n})
            return redirect("followup:kpi_list", partnership_slug)
    if not can(request, "measurement.record"):
        raise PermissionDenied("measurement.record")
    return render(request, "followup/measurement_import.html", {"form": form})


# ------------------------------------------------------------------ edit pages


def _edit_page(request, form_class, instance, action, save, titles, success_url, cancel_url):
    """The page of one record's form, titled `titles` (for a new record, for a change: whole phrases,
    as Swedish inflects "ny/nytt" by the noun). `save` is the record's create or change service (given the
    record to change); it checks `action` and may refuse a value (a focus area outside a Core
    Team member's own), which is shown on the form. `action` here only decides whether the page
    is shown at all: a page the user may not use is 403, whatever was posted."""
    # Asked before the form is bound: validating it puts the posted values on the instance.
    may_use = can(request, action, instance if instance.pk else None)
    form = form_class(request.POST or None, instance=instance, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(actor=request.actor, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(obj))
    if not may_use:
        raise PermissionDenied(action)
    return render(
        request,
        "followup/form.html",
        {"form": form, "title": titles[0] if instance.pk is None else titles[1], "cancel_url": cancel_url},
    )


# ------------------------------------------------------------------ evaluations


def _evaluation(request, key):
    try:
        return selectors.evaluation_get(request.partnership, key)
    except Evaluation.DoesNotExist:
        raise Http404 from None


def evaluation_list(request, partnership_slug):
    require(request, "evaluation.results")
    return render(
        request, "followup/evaluation_list.html", {"evaluations": selectors.evaluation_list(request.partnership)}
    )


def evaluation_edit(request, partnership_slug, key=None):
    evaluation = _evaluation(request, key) if key else None
    return _edit_page(
        request,
        EvaluationForm,
        evaluation or Evaluation(partnership=request.partnership, year=timezone.localdate().year),
        "evaluation.manage",
        partial(services.evaluation_change, evaluation=evaluation)
        if evaluation
        else partial(services.evaluation_create, partnership=request.partnership),
        (_("New evaluation"), _("Change the evaluation")),
        lambda obj: obj.get_absolute_url(),
        reverse("followup:evaluation_list", args=[partnership_slug]),
    )


def _board_and_core_team(partnership):
    on = timezone.localdate()
    ids = (
        RoleAssignment.objects.filter(
            partnership=partnership,
            role__in=[Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.SUBSTITUTE, Role.CORE_TEAM_MEMBER],
        )
        .filter(Period.active_q(on))
        .values("person_id")
    )
    return Person.objects.filter(partnership=partnership, pk__in=ids).order_by("name")


def _public_url(request, evaluation):
    return request.build_absolute_uri(reverse("followup_public:answer", args=[evaluation.code]))


def evaluation_detail(request, partnership_slug, key):
    """The organiser's setup page: statements, invited people, open/close, the short link. It shows
    whether each invited person has answered, never what: no link leads to anyone's answers. What
    is posted is as allowed as the services say."""
    evaluation = _evaluation(request, key)
    may_manage = can(request, "evaluation.manage", evaluation)
    statements = list(evaluation.statements.all())
    statements_form = StatementsForm(
        initial={"statements": "\n".join(f"{s.theme}: {s.text}" if s.theme else s.text for s in statements)},
        prefix="st",
    )
    invite_form = InviteForm(people=_board_and_core_team(request.partnership), prefix="inv")
    if request.method == "POST":
        if "st-statements" in request.POST:
            statements_form = StatementsForm(request.POST, prefix="st")
            if statements_form.is_valid():
                parsed = statements_form.cleaned_data["statements"]
                try:
                    services.statements_set(
                        actor=request.actor,
                        user=request.user,
                        evaluation=evaluation,
                        texts=[t for _th, t in parsed],
                        themes=[th for th, _t in parsed],
                    )
                except ValidationError as error:
                    statements_form.add_error("statements", error)
                else:
                    messages.success(request, _("The statements are saved."))
                    return redirect(evaluation.get_absolute_url())
        elif "inv-people" in request.POST:
            invite_form = InviteForm(request.POST, people=_board_and_core_team(request.partnership), prefix="inv")
            if invite_form.is_valid():
                try:
                    n = services.respondents_invite(
                        actor=request.actor,
                        user=request.user,
                        evaluation=evaluation,
                        people=list(invite_form.cleaned_data["people"]),
                    )
                except ValidationError as error:
                    invite_form.add_error(None, error)
                else:
                    messages.success(request, _("%(n)s respondents are added.") % {"n": n})
                    return redirect(evaluation.get_absolute_url())
        elif request.POST.get("status") in Evaluation.Status.values:
            services.evaluation_status_set(
                actor=request.actor, user=request.user, evaluation=evaluation, status=request.POST["status"]
            )
            return redirect(evaluation.get_absolute_url())
    if not may_manage:
        raise PermissionDenied("evaluation.manage")
    respondents = [r for r in selectors.evaluation_respondents(evaluation) if r.person_id]
    return render(
        request,
        "followup/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "statements": statements,
            "statements_form": statements_form,
            "invite_form": invite_form,
            "respondents": respondents,
            "public_url": _public_url(request, evaluation),
        },
    )


def _qr_svg(url):
    import segno

    buffer = BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=6, xmldecl=False, svgns=True, title=None, svgclass="qr", lineclass=None
    )
    svg = buffer.getvalue().decode()
    return svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(_("QR code of the answering link")), 1)


def _live_context(request, evaluation):
    results = selectors.evaluation_results(evaluation)
    names = colour_names()
    return {
        "evaluation": evaluation,
        "results": [(r, charts.distribution_chart(r, names)) for r in results],
        "answered": selectors.evaluation_answer_count(evaluation),
        "colour_names": names,
    }


def evaluation_live(request, partnership_slug, key):
    """The organiser's screen at the meeting: short link, QR code and the distribution as answers arrive."""
    require(request, "evaluation.manage")
    evaluation = _evaluation(request, key)
    url = _public_url(request, evaluation)
    return render(
        request,
        "followup/evaluation_live.html",
        {**_live_context(request, evaluation), "public_url": url, "qr": _qr_svg(url)},
    )


def evaluation_live_counts(request, partnership_slug, key):
    """The fragment htmx fetches every few seconds (no websockets: app servers keep no state)."""
    require(request, "evaluation.manage")
    evaluation = _evaluation(request, key)
    return render(request, "followup/_live_counts.html", _live_context(request, evaluation))


def evaluation_results(request, partnership_slug, key):
    require(request, "evaluation.results")
    evaluation = _evaluation(request, key)
    return render(
        request,
        "followup/evaluation_results.html",
        {**_live_context(request, evaluation), "may_manage": can(request, "evaluation.manage")},
    )


def evaluation_compare(request, partnership_slug):
    require(request, "evaluation.results")
    years, rows = selectors.evaluation_compare(request.partnership)
    names = colour_names()
    compared = [
        (row, charts.compare_chart(row, years, names, f"compare-{i}-cap")) for i, row in enumerate(rows, start=1)
    ]
    return render(
        request, "followup/evaluation_compare.html", {"years": years, "rows": compared, "colour_names": names}
    )


# ------------------------------------------------------------------ stories


def story_list(request, partnership_slug):
    require(request, "followup.view")
    return render(
        request, "followup/story_list.html", {"stories": selectors.story_list(request.partnership, request=request)}
    )


def story_detail(request, partnership_slug, key):
    require(request, "followup.view")
    story = _get(ImpactStory, request.partnership, key=key)
    if not story.consent_to_publish and not can(request, "story.view_unpublished", story):
        raise Http404
    return render(
        request, "followup/story_detail.html", {"story": story, "may_change": can(request, "story.change", story)}
    )


def story_edit(request, partnership_slug, key=None):
    story = _get(ImpactStory, request.partnership, key=key) if key else None
    return _edit_page(
        request,
        StoryForm,
        story or ImpactStory(partnership=request.partnership),
        "story.change",
        partial(services.story_change, story=story)
        if story
        else partial(services.story_create, partnership=request.partnership),
        (_("New impact story"), _("Change the impact story")),
        lambda obj: obj.get_absolute_url(),
        reverse("followup:story_list", args=[partnership_slug]),
    )


# ------------------------------------------------------------------ events


def event_list(request, partnership_slug):
    require(request, "followup.view")
    years = selectors.event_years(request.partnership)
    year = _year(request, years[0] if years else timezone.localdate().year)
    events = selectors.event_list(request.partnership, year=year)
    return render(
        request,
        "followup/event_list.html",
        {
            "events": events,
            "year": year,
            "years": years,
            "registrations_total": sum(e.registrations or 0 for e in events),
        },
    )


def event_edit(request, partnership_slug, key=None):
    event = _get(Event, request.partnership, key=key) if key else None
    return _edit_page(
        request,
        EventForm,
        event or Event(partnership=request.partnership),
        "event.change",
        partial(services.event_change, event=event)
        if event
        else partial(services.event_create, partnership=request.partnership),
        (_("New event"), _("Change the event")),
        lambda obj: reverse("followup:event_list", args=[partnership_slug]) + f"?year={obj.date.year}",
        reverse("followup:event_list", args=[partnership_slug]),
    )


# ------------------------------------------------------------------ plan


@require_POST
def kpi_move(request, partnership_slug, key):
    """Move a KPI one place under its heading; the service checks the policy."""
    require(request, "followup.view")
    kpi = _get(Kpi, request.partnership, key=key)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.kpi_move(actor=request.actor, user=request.user, kpi=kpi, direction=form.cleaned_data["direction"])
    return redirect(reverse("followup:kpi_list", args=[partnership_slug]) + f"#kpi-{kpi.key}")


def plan(request, partnership_slug):
    require(request, "followup.view")
    years = selectors.plan_years(request.partnership)
    year = _year(request, years[0] if years else timezone.localdate().year)
    return render(
        request,
        "followup/plan.html",
        {"year": year, "years": years, "items": selectors.plan_items(request.partnership, year)},
    )


@require_POST
def plan_item_move(request, partnership_slug, key):
    """Move a row of the plan one place; the service checks the policy."""
    require(request, "followup.view")
    item = _get(FollowupPlanItem, request.partnership, key=key)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.plan_item_move(
        actor=request.actor, user=request.user, plan_item=item, direction=form.cleaned_data["direction"]
    )
    return redirect(reverse("followup:plan", args=[partnership_slug]) + f"?year={item.year}")


def plan_item_edit(request, partnership_slug, key=None):
    item = _get(FollowupPlanItem, request.partnership, key=key) if key else None
    return _edit_page(
        request,
        PlanItemForm,
        item or FollowupPlanItem(partnership=request.partnership, year=timezone.localdate().year),
        "followup_plan.change",
        partial(services.plan_item_change, plan_item=item)
        if item
        else partial(services.plan_item_create, partnership=request.partnership),
        (_("New row in the follow-up plan"), _("Change the row in the follow-up plan")),
        lambda obj: reverse("followup:plan", args=[partnership_slug]) + f"?year={obj.year}",
        reverse("followup:plan", args=[partnership_slug]),
    )


# ------------------------------------------------------------------ annual report


def _report_download(request, year, fmt):
    report = reports.annual_report_build(request.partnership, year)
    return report_response(reports.ANNUAL, report, fmt, request=request, extra={"partnership": request.partnership})


def annual_report(request, partnership_slug, year):
    require(request, "annual_report.view")
    fmt = request.GET.get("format", "html")
    if fmt in ("pdf", "json", "docx"):
        return _report_download(request, year, fmt)
    report = reports.annual_report_build(request.partnership, year)
    return render(
        request, "followup/annual_report.html", {"report": report, "year": year, "colour_names": colour_names()}
    )


def annual_report_pdf(request, partnership_slug, year):
    require(request, "annual_report.view")
    return _report_download(request, year, "pdf")


def annual_report_docx(request, partnership_slug, year):
    require(request, "annual_report.view")
    return _report_download(request, year, "docx")
