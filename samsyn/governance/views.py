"""Thin views: policy, selectors, services, templates."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samsyn.core import registry
from samsyn.core import selectors as core_selectors
from samsyn.core.agreement import fee_band, fee_band_ranges, membership_fees
from samsyn.core.exports import pdf_response
from samsyn.core.forms import MoveForm
from samsyn.core.lib.urls import reverse
from samsyn.core.lib.years import year_parse
from samsyn.core.models import Membership, Organization, Period, Person
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response
from samsyn.core.spending import limits_for

from . import forms, selectors, services
from .models import (
    Advice,
    AgendaItem,
    Assignment,
    Attachment,
    BusinessPlan,
    Decision,
    GoalActivity,
    LeaderReport,
    LeaderReportGoal,
    Meeting,
    OperationalGoal,
    Requisition,
    SpendingDecision,
)
from .reports import LEADER, MINUTES
from .reports import leader as lr
from .reports.agenda import agenda_with_attachments
from .reports.minutes import minutes_data

FORM = "governance/form.html"


def _meeting(request, pk, action="meeting.view"):
    try:
        meeting = selectors.meeting_get(request.partnership, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    require(request, action, meeting)
    return meeting


def _form(request, form, title, cancel_url, intro=""):
    return render(request, FORM, {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro})


def _form_page_allowed(request, action, obj=None):
    """A form page is shown only to those who may use it; what a POST may do the service decides."""
    if request.method != "POST" and not can(request, action, obj):
        raise PermissionDenied(action)


def index(request, partnership_slug):
    require(request, "meeting.view")
    p = request.partnership
    today = timezone.localdate()
    meetings = list(selectors.meetings(p).order_by("-date", "-start_time"))
    open_count = selectors.open_assignments(p).count()
    return render(
        request,
        "governance/index.html",
        {
            "upcoming": [m for m in meetings if m.date >= today][::-1],
            "past": [m for m in meetings if m.date < today],
            "open_count": open_count,
            "overdue_count": Requisition.objects.filter(
                partnership=p, paid_on__isnull=True, due_date__lt=today
            ).count(),
        },
    )


# ---- meetings ---------------------------------------------------------------


def meeting_edit(request, partnership_slug, pk=None):
    p = request.partnership
    if pk is None:
        require(request, "meeting.view")
        _form_page_allowed(request, "meeting.change")
        instance, cancel = Meeting(partnership=p), reverse("governance:index", args=[p.slug])
        title = _("New meeting")
    else:
        instance = _meeting(request, pk)
        _form_page_allowed(request, "meeting.change", instance)
        cancel, title = reverse("governance:meeting", args=[p.slug, pk]), _("Edit %(meeting)s") % {"meeting": instance}
        if instance.minutes_frozen:
            messages.error(request, _("The minutes are approved and can no longer be changed."))
            return redirect(cancel)
    # Asked before the form writes the new values onto the instance.
    plans_this_meeting = can(request, "meeting.change", instance if pk else None)
    form = forms.MeetingForm(request.POST or None, instance=instance, partnership=p)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                meeting = services.meetings.meeting_create(
                    actor=request.actor, user=request.user, partnership=p, **form.cleaned_data
                )
            else:
                meeting = services.meetings.meeting_change(
                    actor=request.actor, user=request.user, meeting=instance, **form.cleaned_data
                )
        except PermissionDenied:
            if not plans_this_meeting:
                raise
            # They plan meetings, only not of this focus area: say so on the form.
            form.add_error("focus_area", _("You may only plan meetings of your own focus area's Core Team."))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("governance:meeting", p.slug, meeting.pk)
    return _form(request, form, title, cancel)


def _minutes_context(request, meeting):
    ctx = selectors.minutes_build(meeting, request.partnership.slug, request.actor)
    ctx["editable"] = not meeting.minutes_frozen and can(request, "meeting.change", meeting)
    ctx["report"] = LeaderReport.objects.filter(meeting=meeting).only("pk", "status").first()
    return ctx


def meeting_detail(request, partnership_slug, pk):
    meeting = _meeting(request, pk)
    if request.GET.get("format") == "json":
        return report_response(MINUTES, minutes_data(meeting), "json", request=request)
    ctx = _minutes_context(request, meeting)
    ctx["adjusters"] = list(meeting.adjusters.all())
    if not meeting.minutes_frozen:
        ctx["may_approve"] = can(request, "minutes.approve", meeting.approval_target())
        # What stands in the way today, shown instead of the button (the service refuses it anyway).
        ctx["approval_problems"] = selectors.minutes_approval_problems(
            meeting, today=timezone.localdate(), confirmed=True
        )
        ctx["lock_summary"] = selectors.minutes_lock_summary(meeting)
    if meeting.status == Meeting.Status.PLANNED and can(request, "meeting.notice_send", meeting):
        recipients = selectors.notice_recipients(meeting)
        ctx["notice_recipients"] = recipients
        ctx["notice_summary"] = selectors.notice_summary(meeting, recipients)
    ctx["archived"] = selectors.archived_documents(meeting, request.actor)
    return render(request, "governance/meeting.html", ctx)


def _minutes_html(request, meeting, printing=False):
    ctx = selectors.minutes_build(meeting, request.partnership.slug, request.actor)
    return render_to_string("governance/_minutes.html", {**ctx, "printing": printing}, request=request)


def minutes_pdf(request, partnership_slug, pk):
    meeting = _meeting(request, pk)
    if meeting.approved_minutes_html:
        body = meeting.approved_minutes_html
    else:
        body = _minutes_html(request, meeting, printing=True)
    return pdf_response(
        "governance/minutes_pdf.html",
        {"meeting": meeting, "body": body},
        f"protokoll-{meeting.key}.pdf",
        request=request,
    )


@require_POST
def minutes_approve(request, partnership_slug, pk):
    meeting = _meeting(request, pk)
    try:
        services.meetings.minutes_approve(
            actor=request.actor,
            user=request.user,
            meeting=meeting,
            rendered_html=_minutes_html(request, meeting, printing=True),
            # Only the confirmation panel's button sends it: a bare POST locks nothing.
            confirmed=request.POST.get("confirm") == "yes",
        )
        messages.success(request, _("The minutes were approved and are now frozen."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("governance:meeting", partnership_slug, pk)


@require_POST
def notice_send(request, partnership_slug, pk):
    meeting = _meeting(request, pk)
    try:
        count = services.notices.notice_send(
            actor=request.actor,
            user=request.user,
            meeting=meeting,
            # Only the confirmation panel's button sends it: a bare POST sends nothing.
            confirmed=request.POST.get("confirm") == "yes",
        )
        messages.success(
            request,
            ngettext("The notice was sent to %(count)d person.", "The notice was sent to %(count)d people.", count)
            % {"count": count},
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("governance:meeting", partnership_slug, pk)


def agenda(request, partnership_slug, pk):
    meeting = _meeting(request, pk)
    return render(
        request, "governance/agenda.html", selectors.minutes_build(meeting, request.partnership.slug, request.actor)
    )


def agenda_pdf(request, partnership_slug, pk):

    meeting = _meeting(request, pk)
    data = agenda_with_attachments(request, meeting)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dagordning-{meeting.key}.pdf"'
    return response


def _child_form(request, meeting, form, title, save, anchor=""):
    """A form page of a record in the minutes; `save(**cleaned_data)` calls its service."""
    url = reverse("governance:meeting", args=[request.partnership.slug, meeting.pk]) + anchor
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.actor, user=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(url)
    return _form(request, form, title, url)


def _editable_meeting(request, pk):
    meeting = _meeting(request, pk)
    _form_page_allowed(request, "meeting.change", meeting)
    if meeting.minutes_frozen:
        raise Http404  # approved minutes have no edit pages
    return meeting


def attendance_new(request, partnership_slug, pk):
    meeting = _editable_meeting(request, pk)
    form = forms.AttendanceForm(request.POST or None, meeting=meeting)
    return _child_form(
        request,
        meeting,
        form,
        _("Add an attendee to %(meeting)s") % {"meeting": meeting},
        partial(services.meetings.attendance_create, meeting=meeting),
        "#attendance",
    )


def item_edit(request, partnership_slug, pk, item_pk=None):
    meeting = _editable_meeting(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk) if item_pk else None
    form = forms.ItemForm(request.POST or None, instance=item, meeting=meeting)
    if item is None:
        title = _("New item in %(meeting)s") % {"meeting": meeting}
        save = partial(services.meetings.agenda_item_create, meeting=meeting)
    else:
        title = _("Edit item %(n)s") % {"n": item.number}
        save = partial(services.meetings.agenda_item_change, item=item)
    return _child_form(request, meeting, form, title, save, f"#item-{item.number}" if item else "")


def _moved(request, partnership_slug, meeting, move, obj, anchor):
    """Move an item or attachment one place (the service checks the policy), back to where it now is."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        move(actor=request.actor, user=request.user, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    obj.refresh_from_db()
    return redirect(reverse("governance:meeting", args=[partnership_slug, meeting.pk]) + anchor(obj))


@require_POST
def item_move(request, partnership_slug, pk, item_pk):
    meeting = _meeting(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    moved = partial(services.meetings.agenda_item_move, item=item)
    return _moved(request, partnership_slug, meeting, moved, item, lambda i: f"#item-{i.number}")


@require_POST
def attachment_move(request, partnership_slug, pk, attachment_pk):
    meeting = _meeting(request, pk)
    attachment = get_object_or_404(Attachment, meeting=meeting, pk=attachment_pk)
    moved = partial(services.meetings.attachment_move, attachment=attachment)
    return _moved(request, partnership_slug, meeting, moved, attachment, lambda a: "#attachments")


def _item(request, pk, item_pk):
    meeting = _editable_meeting(request, pk)
    return meeting, get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)


def decision_new(request, partnership_slug, pk, item_pk):
    meeting, item = _item(request, pk, item_pk)
    form = forms.DecisionForm(request.POST or None, item=item)
    return _child_form(
        request,
        meeting,
        form,
        _("Decision under item %(n)s") % {"n": item.number},
        partial(services.meetings.decision_create, item=item),
        f"#item-{item.number}",
    )


def advice_new(request, partnership_slug, pk, item_pk):
    meeting, item = _item(request, pk, item_pk)
    form = forms.AdviceForm(request.POST or None, item=item)
    return _child_form(
        request,
        meeting,
        form,
        _("Board advice under item %(n)s") % {"n": item.number},
        partial(services.meetings.advice_create, item=item),
        f"#item-{item.number}",
    )


def assignment_new(request, partnership_slug, pk, item_pk):
    meeting, item = _item(request, pk, item_pk)
    form = forms.AssignmentForm(request.POST or None, item=item)
    return _child_form(
        request,
        meeting,
        form,
        _("Assignment under item %(n)s") % {"n": item.number},
        partial(services.meetings.assignment_create, item=item),
        f"#item-{item.number}",
    )


@require_POST
def record_delete(request, partnership_slug, pk, item_pk, kind, obj_pk):
    """Remove a decision, an item of board advice or an assignment from draft minutes."""
    kinds = {
        "beslut": (Decision, "decision", services.meetings.decision_delete),
        "medskick": (Advice, "advice", services.meetings.advice_delete),
        "uppdrag": (Assignment, "assignment", services.meetings.assignment_delete),
    }
    if kind not in kinds:
        raise Http404
    model, name, delete = kinds[kind]
    __, item = _item(request, pk, item_pk)
    obj = get_object_or_404(model, item=item, pk=obj_pk)
    delete(actor=request.actor, user=request.user, **{name: obj})
    messages.success(request, _("Removed."))
    return redirect(reverse("governance:meeting", args=[partnership_slug, pk]) + f"#item-{item.number}")


def attachment_new(request, partnership_slug, pk):
    meeting = _editable_meeting(request, pk)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None, meeting=meeting)

    def save(*, actor, user, file, access, roles, **data):
        if not file:
            return services.meetings.attachment_create(actor=actor, user=user, meeting=meeting, **data)
        # The form has refused a file with a diary number, report or address beside it.
        return services.meetings.attachment_upload(
            actor=actor,
            user=user,
            meeting=meeting,
            upload=file,
            title=data["title"],
            item=data["item"],
            access=access,
            roles=roles,
        )

    return _child_form(
        request,
        meeting,
        form,
        _("New attachment to %(meeting)s") % {"meeting": meeting},
        save,
        "#attachments",
    )


# ---- assignments -------------------------------------------------------------


def assignments(request, partnership_slug):
    require(request, "assignment.view")
    status = request.GET.get("status", "open")
    rows = list(selectors.assignment_list(request.partnership, status=None if status == "all" else status))
    return render(
        request,
        "governance/assignments.html",
        {
            "rows": rows,
            "status": status,
            "today": timezone.localdate(),
            "statuses": [("open", _("Not done")), ("done", _("Done")), ("all", _("All"))],
        },
    )


def assignment_edit(request, partnership_slug, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("item__meeting", "assignee"), partnership=request.partnership, pk=pk
    )
    require(request, "assignment.view", assignment)
    _form_page_allowed(request, "assignment.change", assignment)
    form = forms.AssignmentStatusForm(
        request.POST or None, initial={"status": assignment.status, "note": assignment.note}
    )
    url = reverse("governance:assignments", args=[partnership_slug])
    if request.method == "POST" and form.is_valid():
        services.meetings.assignment_follow_up(
            actor=request.actor, user=request.user, assignment=assignment, **form.cleaned_data
        )
        messages.success(request, _("The assignment was updated."))
        return redirect(url)
    return _form(request, form, _("Follow up: %(text)s") % {"text": assignment.text[:60]}, url, intro=assignment.text)


# ---- spending ----------------------------------------------------------------


def spending(request, partnership_slug):
    require(request, "spending.view")
    p = request.partnership
    # The form is shown to those who may decide; a POST is as allowed as the service says.
    may = can(request, "spending.decide") or request.method == "POST"
    form = (
        forms.SpendingForm(request.POST or None, partnership=p, initial={"date": timezone.localdate()}) if may else None
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        decided_by = None
        if request.actor and request.actor.person_id:
            decided_by = Person.objects.filter(pk=request.actor.person_id).first()
        try:
            services.spending.spending_decide(
                actor=request.actor,
                user=request.user,
                partnership=p,
                amount_ore=d["amount"],
                on=d["date"],
                purpose=d["purpose"],
                decided_by=decided_by,
                board_item=d["board_item"],
                proposal_item=d["proposal_item"],
            )
            messages.success(request, _("The spending decision was recorded."))
            return redirect("governance:spending", p.slug)
        except ValidationError as e:
            form.add_error("amount" if not hasattr(e, "error_dict") else None, e)
    rows = list(
        SpendingDecision.objects.filter(partnership=p)
        .select_related("decided_by", "board_item__meeting", "proposal_item")
        .order_by("-date", "-pk")[:200]
    )
    today = timezone.localdate()
    return render(
        request,
        "governance/spending.html",
        {
            "form": form,
            "rows": rows,
            "limits": limits_for(p, today),
            "unbacked": selectors.unbacked_decisions(p, today),
        },
    )


# ---- requisitions and fees ---------------------------------------------------


def requisitions(request, partnership_slug):
    require(request, "requisition.view")
    p = request.partnership
    today = timezone.localdate()
    rows = list(
        Requisition.objects.filter(partnership=p)
        .select_related("organization")
        .order_by("-year", "-half", "organization__name")
    )
    for r in rows:
        r.overdue = r.paid_on is None and r.due_date < today
    return render(
        request,
        "governance/requisitions.html",
        {"rows": rows, "overdue": [r for r in rows if r.overdue], "today": today},
    )


def requisition_edit(request, partnership_slug, pk=None):
    require(request, "requisition.view")
    p = request.partnership
    instance = get_object_or_404(Requisition, partnership=p, pk=pk) if pk else None
    _form_page_allowed(request, "requisition.change", instance)
    form = forms.RequisitionForm(request.POST or None, instance=instance, partnership=p)
    url = reverse("governance:requisitions", args=[p.slug])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["amount_ore"] = data.pop("amount")
        try:
            if instance is None:
                services.requisitions.requisition_create(actor=request.actor, user=request.user, partnership=p, **data)
            else:
                services.requisitions.requisition_change(
                    actor=request.actor, user=request.user, requisition=instance, **data
                )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The requisition was saved; its due date follows the agreement."))
            return redirect(url)
    return _form(
        request,
        form,
        _("Requisition"),
        url,
        intro=_(
            "The due date is computed: 30 days after the requisition, never before 31 January (first half) or 31 July (second half)."
        ),
    )


def fees(request, partnership_slug):
    require(request, "fees.view")

    p = request.partnership
    today = timezone.localdate()
    table = core_selectors.fee_table(p, today)
    org_ids = (
        Membership.objects.filter(partnership=p)
        .filter(Period.active_q(today))
        .values_list("organization_id", flat=True)
    )
    municipalities = list(
        Organization.objects.filter(pk__in=org_ids, kind=Organization.Kind.MUNICIPALITY).order_by("name")
    )
    form = forms.FeeForm(request.GET or None, municipalities=municipalities)
    result = None
    if table is not None and request.GET and form.is_valid():
        pops = form.populations()
        bands, cap = table.bands, table.cap
        fees_now = membership_fees({k: v for k, v in pops.items() if k != form.cleaned_data["candidate"]}, bands, cap)
        fees_new = membership_fees(pops, bands, cap)
        rows = [
            {
                "name": name,
                "population": pops[name],
                "table": fee_band(pops[name], bands).fee,
                "before": fees_now.get(name),
                "after": fees_new[name],
                "candidate": name == form.cleaned_data["candidate"],
            }
            for name in pops
        ]
        result = {
            "rows": rows,
            "total_before": sum(fees_now.values()),
            "total_after": sum(fees_new.values()),
            "table_total": sum(r["table"] for r in rows),
            "candidate": form.cleaned_data["candidate"],
            "fee": fees_new[form.cleaned_data["candidate"]],
        }
        result["floors_lift"] = cap is not None and result["total_after"] > cap
    ranges = fee_band_ranges(table.bands) if table is not None else []
    return render(request, "governance/fees.html", {"form": form, "result": result, "table": table, "ranges": ranges})


# ---- goals -------------------------------------------------------------------


def goals(request, partnership_slug):
    require(request, "goal.view")
    p = request.partnership
    years = sorted(set(OperationalGoal.objects.filter(partnership=p).values_list("year", flat=True)), reverse=True)
    year = year_parse(str(request.GET.get("year") or (years[0] if years else timezone.localdate().year)))
    if year is None:
        raise Http404
    return render(
        request, "governance/goals.html", {"goals": selectors.goals_for_year(p, year), "year": year, "years": years}
    )


def goal_status_new(request, partnership_slug, pk):
    goal = get_object_or_404(OperationalGoal, partnership=request.partnership, pk=pk)
    require(request, "goal.view", goal)
    _form_page_allowed(request, "goal.change", goal)
    form = forms.GoalStatusForm(request.POST or None, initial={"date": timezone.localdate()})
    url = reverse("governance:goals", args=[partnership_slug]) + f"?year={goal.year}#goal-{goal.number}"
    if request.method == "POST" and form.is_valid():
        person_id = request.actor.person_id if request.actor else None
        author = Person.objects.filter(pk=person_id).first() if person_id else None
        services.goals.goal_status_create(
            actor=request.actor,
            goal=goal,
            user=request.user,
            colour=form.cleaned_data["colour"],
            text=form.cleaned_data["text"],
            on=form.cleaned_data["date"],
            author=author,
        )
        messages.success(request, _("The status was added."))
        return redirect(url)
    return _form(
        request, form, _("Status of goal %(n)s %(year)s") % {"n": goal.roman, "year": goal.year}, url, intro=goal.text
    )


# ---- the year's business plan -------------------------------------------------


def _plan_url(partnership_slug, year, anchor=""):
    return reverse("governance:plan", args=[partnership_slug]) + f"?year={year}{anchor}"


def plan(request, partnership_slug):
    """The business plan of a year (this year unless asked): its texts, its goals with their
    activities and who is responsible, and what other apps keep per year (the KPI targets)."""
    require(request, "plan.view")
    today = timezone.localdate().year
    year = year_parse(str(request.GET.get("year") or today))
    if year is None:
        raise Http404
    data = selectors.plan_year_build(request.partnership, year, today_year=today)
    return render(
        request,
        "governance/plan.html",
        {
            "data": data,
            "year": year,
            "may_change": can(request, "plan.change"),
            "sections": registry.sections("plan", request, data),
        },
    )


def plan_edit(request, partnership_slug, year):
    require(request, "plan.view")
    _form_page_allowed(request, "plan.change")
    p = request.partnership
    instance = BusinessPlan.objects.filter(partnership=p, year=year).first() or BusinessPlan(partnership=p, year=year)
    form = forms.PlanForm(request.POST or None, instance=instance, partnership=p)
    url = _plan_url(partnership_slug, year)
    if request.method == "POST" and form.is_valid():
        try:
            services.plans.plan_save(
                actor=request.actor, user=request.user, partnership=p, year=year, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The business plan was saved."))
            return redirect(url)
    return _form(request, form, _("Introduction and adoption of the business plan %(year)s") % {"year": year}, url)


@require_POST
def plan_start(request, partnership_slug, year):
    require(request, "plan.view")
    try:
        started = services.plans.plan_start(
            actor=request.actor, user=request.user, partnership=request.partnership, year=year
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _(
                "The business plan %(year)s was started from %(previous)s: %(goals)s goals, %(activities)s activities "
                "and %(others)s KPI targets were copied. Change what is new this year."
            )
            % {
                "year": year,
                "previous": year - 1,
                "goals": started.goals,
                "activities": started.activities,
                "others": started.others,
            },
        )
    return redirect(_plan_url(partnership_slug, year))


def _goal(request, pk):
    goal = get_object_or_404(
        OperationalGoal.objects.select_related("responsible"), partnership=request.partnership, pk=pk
    )
    require(request, "plan.view", goal)
    return goal


def goal_edit(request, partnership_slug, year=None, pk=None):
    p = request.partnership
    if pk is None:
        require(request, "plan.view")
        _form_page_allowed(request, "plan.change")
        instance = OperationalGoal(partnership=p, year=year)
        title = _("New operational goal for %(year)s") % {"year": year}
    else:
        instance = _goal(request, pk)
        _form_page_allowed(request, "plan.change", instance)
        year = instance.year
        title = _("Change goal %(n)s of %(year)s") % {"n": instance.roman, "year": year}
    url = _plan_url(partnership_slug, year, f"#goal-{instance.number}" if pk else "")
    form = forms.GoalForm(request.POST or None, instance=instance, partnership=p)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                goal = services.plans.goal_create(
                    actor=request.actor, user=request.user, partnership=p, year=year, **form.cleaned_data
                )
            else:
                goal = services.plans.goal_change(
                    actor=request.actor, user=request.user, goal=instance, **form.cleaned_data
                )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(_plan_url(partnership_slug, year, f"#goal-{goal.number}"))
    return _form(request, form, title, url)


def goal_delete(request, partnership_slug, pk):
    """Ask first, saying what goes with the goal; remove it on the answer."""
    goal = _goal(request, pk)
    _form_page_allowed(request, "plan.change", goal)
    url = _plan_url(partnership_slug, goal.year)
    if request.method == "POST":
        services.plans.goal_delete(actor=request.actor, user=request.user, goal=goal)
        messages.success(request, _("Goal %(n)s of %(year)s was removed.") % {"n": goal.roman, "year": goal.year})
        return redirect(url)
    return render(
        request,
        "governance/goal_delete.html",
        {
            "goal": goal,
            "summary": selectors.goal_delete_summary(goal),
            "cancel_url": _plan_url(partnership_slug, goal.year, f"#goal-{goal.number}"),
        },
    )


@require_POST
def goal_move(request, partnership_slug, pk):
    goal = _goal(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.plans.goal_move(
        actor=request.actor, user=request.user, goal=goal, direction=form.cleaned_data["direction"]
    )
    goal.refresh_from_db()
    return redirect(_plan_url(partnership_slug, goal.year, f"#goal-{goal.number}"))


def _activity(request, pk, activity_pk):
    goal = _goal(request, pk)
    return goal, get_object_or_404(GoalActivity.objects.select_related("responsible"), goal=goal, pk=activity_pk)


def activity_edit(request, partnership_slug, pk, activity_pk=None):
    if activity_pk is None:
        goal, activity = _goal(request, pk), None
    else:
        goal, activity = _activity(request, pk, activity_pk)
    _form_page_allowed(request, "plan.change", goal)
    url = _plan_url(partnership_slug, goal.year, f"#goal-{goal.number}")
    form = forms.ActivityForm(request.POST or None, instance=activity, goal=goal)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                services.plans.activity_create(actor=request.actor, user=request.user, goal=goal, **form.cleaned_data)
            else:
                services.plans.activity_change(
                    actor=request.actor, user=request.user, activity=activity, **form.cleaned_data
                )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(url)
    if activity is None:
        title = _("New activity under goal %(n)s of %(year)s") % {"n": goal.roman, "year": goal.year}
    else:
        title = _("Change an activity under goal %(n)s of %(year)s") % {"n": goal.roman, "year": goal.year}
    return _form(request, form, title, url, intro=f"{goal.roman}. {goal.title}")


@require_POST
def activity_delete(request, partnership_slug, pk, activity_pk):
    goal, activity = _activity(request, pk, activity_pk)
    services.plans.activity_delete(actor=request.actor, user=request.user, activity=activity)
    messages.success(request, _("The activity was removed."))
    return redirect(_plan_url(partnership_slug, goal.year, f"#goal-{goal.number}"))


@require_POST
def activity_move(request, partnership_slug, pk, activity_pk):
    goal, activity = _activity(request, pk, activity_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.plans.activity_move(
        actor=request.actor, user=request.user, activity=activity, direction=form.cleaned_data["direction"]
    )
    return redirect(_plan_url(partnership_slug, goal.year, f"#goal-{goal.number}"))


# ---- the process leader's report ---------------------------------------------


def _report_ctx(request, meeting):
    report = lr.leader_report_data(meeting)
    return {
        "meeting": meeting,
        "report": report,
        "goals": report.goals if report else (),
        "editable": report is not None and report.status == LeaderReport.Status.DRAFT and can(request, "report.change"),
    }


def report(request, partnership_slug, pk):
    meeting = _meeting(request, pk, "report.view")
    ctx = _report_ctx(request, meeting)
    fmt = request.GET.get("format", "html")
    if fmt in ("pdf", "json"):
        if ctx["report"] is None:
            raise Http404
        return report_response(LEADER, ctx["report"], fmt, request=request, extra={"meeting": meeting})
    return render(request, "governance/report.html", ctx)


def report_pdf(request, partnership_slug, pk):
    meeting = _meeting(request, pk, "report.view")
    data = lr.leader_report_data(meeting)
    if data is None:
        raise Http404
    return report_response(LEADER, data, "pdf", request=request, extra={"meeting": meeting})


@require_POST
def report_draft(request, partnership_slug, pk):
    meeting = _meeting(request, pk, "report.view")
    services.reports.report_draft(actor=request.actor, user=request.user, meeting=meeting, draft=lr.draft(meeting))
    messages.success(request, _("A draft was made from the data since the previous meeting."))
    return redirect("governance:report", partnership_slug, pk)


def report_goal_edit(request, partnership_slug, pk, goal_pk):
    meeting = _meeting(request, pk, "report.view")
    _form_page_allowed(request, "report.change", meeting)
    row = get_object_or_404(LeaderReportGoal.objects.select_related("report"), report__meeting=meeting, pk=goal_pk)
    url = reverse("governance:report", args=[partnership_slug, pk])
    if row.report.status == LeaderReport.Status.SENT:
        messages.error(request, _("The report has been sent and can no longer be changed."))
        return redirect(url)
    form = forms.ReportGoalForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.reports.report_goal_change(
                actor=request.actor, user=request.user, report_goal=row, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(url + f"#goal-{row.number}")
    return _form(request, form, _("Goal %(n)s in the report") % {"n": row.number}, url, intro=row.heading)


def report_edit(request, partnership_slug, pk):
    meeting = _meeting(request, pk, "report.view")
    _form_page_allowed(request, "report.change", meeting)
    report = get_object_or_404(LeaderReport, meeting=meeting)
    url = reverse("governance:report", args=[partnership_slug, pk])
    if report.status == LeaderReport.Status.SENT:
        messages.error(request, _("The report has been sent and can no longer be changed."))
        return redirect(url)
    form = forms.ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.reports.report_change(actor=request.actor, user=request.user, report=report, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(url)
    return _form(request, form, _("Introduction of the report"), url)


@require_POST
def report_send(request, partnership_slug, pk):
    meeting = _meeting(request, pk, "report.view")
    ctx = _report_ctx(request, meeting)
    if ctx["report"] is None:
        raise Http404
    html = render_to_string(
        "governance/_report_body.html", {**ctx, "editable": False, "printing": True}, request=request
    )
    try:
        services.reports.report_send(
            actor=request.actor,
            user=request.user,
            report=LeaderReport.objects.get(meeting=meeting),
            rendered_html=html,
        )
        messages.success(request, _("The report was sent and is now frozen."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("governance:report", partnership_slug, pk)


# ---- calendar ----------------------------------------------------------------


def calendar(request, partnership_slug):
    require(request, "meeting.view")
    person_id = request.actor.person_id if request.actor else None
    url = None
    if person_id:
        person = get_object_or_404(Person, pk=person_id, partnership=request.partnership)
        if request.method == "POST":
            services.calendar_tokens.calendar_token_renew(actor=request.actor, user=request.user, person=person)
            messages.success(request, _("A new calendar link was made; the old one no longer works."))
            return redirect("governance:calendar", partnership_slug)
        token = services.calendar_tokens.calendar_token_ensure(actor=request.actor, user=request.user, person=person)
        url = request.build_absolute_uri(reverse("governance_public:feed", args=[token.token]))
    return render(request, "governance/calendar.html", {"url": url, "has_person": bool(person_id)})
