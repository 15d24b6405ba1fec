from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core.forms import MoveForm
from samsyn.core.lib.numbers import format_kronor
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response

from ..forms.proposals import DecisionForm, FundingForm, ProposalForm, ProposalItemForm
from ..models import DecisionProposal, ProposalItem
from ..reports import proposals as reports
from ..selectors import proposals as selectors
from ..services import proposals as services

DETAIL_TEMPLATE = "portfolio/proposals/detail.html"
FORM_TEMPLATE = "portfolio/proposals/form.html"


def _proposal_or_404(partnership, pk):
    try:
        return selectors.proposal_get(partnership, pk)
    except DecisionProposal.DoesNotExist:
        raise Http404 from None


def _item_or_404(proposal, item_pk):
    try:
        return selectors.proposal_item_get(proposal, item_pk)
    except ProposalItem.DoesNotExist:
        raise Http404 from None


def index(request, partnership_slug):
    require(request, "proposal.view")
    partnership = request.partnership
    areas = selectors.focus_areas(partnership)
    selected = next((a for a in areas if a.slug == request.GET.get("focus_area")), None)
    proposals = selectors.proposal_list(partnership, focus_area=selected)
    groups = []
    for area in areas if selected is None else [selected]:
        rows = [reports.proposal_summary(p) for p in proposals if p.focus_area_id == area.pk]
        groups.append({"area": area, "rows": rows})
    return render(request, "portfolio/proposals/index.html", {"groups": groups, "areas": areas, "selected": selected})


def _report_context(request, pk):
    proposal = _proposal_or_404(request.partnership, pk)
    require(request, "proposal.view", proposal)
    return {"proposal": proposal, "report": reports.proposal_report_build(proposal, request.partnership.slug)}


def detail(request, partnership_slug, pk):
    fmt = request.GET.get("format", "html")
    if fmt in ("pdf", "xlsx", "json"):
        return _download(request, pk, fmt)
    return render(request, DETAIL_TEMPLATE, _report_context(request, pk))


def _download(request, pk, fmt):
    ctx = _report_context(request, pk)
    return report_response(reports.PROPOSAL, ctx["report"], fmt, request=request, extra=ctx)


def export_pdf(request, partnership_slug, pk):
    return _download(request, pk, "pdf")


def export_xlsx(request, partnership_slug, pk):
    return _download(request, pk, "xlsx")


def _render_form(request, form, *, title, cancel_url, proposal=None, item=None, intro=""):
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "title": title, "cancel_url": cancel_url, "proposal": proposal, "item": item, "intro": intro},
    )


def _may_show_form(request, action, proposal):
    """A form page is shown, with its errors, only to those who may use it; what a post may
    write the service decides."""
    if not can(request, action, proposal):
        raise PermissionDenied(action)


def proposal_edit(request, partnership_slug, pk=None):
    partnership = request.partnership
    if pk is None:
        instance = DecisionProposal(partnership=partnership)
        may_edit = can(request, "proposal.change")
        title, cancel_url = _("New decision proposal"), reverse("proposals:index", args=[partnership.slug])
    else:
        instance = _proposal_or_404(partnership, pk)
        require(request, "proposal.view", instance)
        # Asked before the form puts the posted values on the instance.
        may_edit = can(request, "proposal.change", instance)
        title = _("Edit %(title)s") % {"title": instance.title}
        cancel_url = reverse("proposals:detail", args=[partnership.slug, instance.pk])
    form = ProposalForm(
        request.POST or None,
        instance=instance,
        partnership=partnership,
        actor=request.actor,
        focus_areas=selectors.focus_areas(partnership),
    )
    if request.method == "POST" and form.is_valid():
        # The service checks the policy for the focus area the proposal is in and the one it moves to.
        try:
            if pk is None:
                proposal = services.proposal_create(
                    actor=request.actor, user=request.user, partnership=partnership, **form.cleaned_data
                )
            else:
                proposal = services.proposal_change(
                    actor=request.actor, user=request.user, proposal=instance, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision proposal was saved."))
            return redirect("proposals:detail", partnership.slug, proposal.pk)
    # The form is shown only to those who may use it.
    if not may_edit:
        raise PermissionDenied("proposal.change")
    return _render_form(request, form, title=title, cancel_url=cancel_url, proposal=instance if pk else None)


def item_edit(request, partnership_slug, pk, item_pk=None):
    partnership = request.partnership
    proposal = _proposal_or_404(partnership, pk)
    require(request, "proposal.view", proposal)
    if item_pk is None:
        item = ProposalItem(proposal=proposal, partnership=partnership, order=len(proposal.items.all()) + 1)
        title = _("New item in %(title)s") % {"title": proposal.title}
    else:
        item = _item_or_404(proposal, item_pk)
        title = _("Edit item %(name)s") % {"name": item.name}
    form = ProposalItemForm(request.POST or None, instance=item, proposal=proposal)
    detail_url = reverse("proposals:detail", args=[partnership.slug, proposal.pk])
    if request.method == "POST" and form.is_valid():
        # The form's amount in kronor arrives in öre, under the model's name.
        data = {**form.cleaned_data}
        data["budget_ore"] = data.pop("budget")
        try:
            if item_pk is None:
                item = services.proposal_item_create(actor=request.actor, user=request.user, proposal=proposal, **data)
            else:
                item = services.proposal_item_change(actor=request.actor, user=request.user, item=item, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(f"{detail_url}#item-{item.pk}")
    _may_show_form(request, "proposal.change", proposal)
    return _render_form(request, form, title=title, cancel_url=detail_url, proposal=proposal)


@require_POST
def item_move(request, partnership_slug, pk, item_pk):
    """Move an item one place in its proposal; the service checks the policy."""
    proposal = _proposal_or_404(request.partnership, pk)
    require(request, "proposal.view", proposal)
    item = _item_or_404(proposal, item_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.proposal_item_move(
        actor=request.actor, user=request.user, item=item, direction=form.cleaned_data["direction"]
    )
    return redirect(reverse("proposals:detail", args=[partnership_slug, proposal.pk]) + f"#item-{item.pk}")


def funding_edit(request, partnership_slug, pk):
    partnership = request.partnership
    proposal = _proposal_or_404(partnership, pk)
    require(request, "proposal.view", proposal)
    report = reports.proposal_report_build(proposal, partnership.slug)
    current = {f.source: f.amount_ore for f in report.funding}
    form = FundingForm(request.POST or None, current=current)
    detail_url = reverse("proposals:detail", args=[partnership.slug, proposal.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_funding_set(
                actor=request.actor, user=request.user, proposal=proposal, amounts=dict(form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The split between the budgets was saved."))
            return redirect(f"{detail_url}#totals")
    _may_show_form(request, "proposal.change", proposal)
    intro = _("The sum of the items is %(total)s kr. Split it between the ordinary budget and the pilot budget.") % {
        "total": format_kronor(report.totals.items_total_ore)
    }
    return _render_form(
        request,
        form,
        title=_("Financing of %(title)s") % {"title": proposal.title},
        cancel_url=detail_url,
        proposal=proposal,
        intro=intro,
    )


def item_decide(request, partnership_slug, pk, item_pk):
    partnership = request.partnership
    proposal = _proposal_or_404(partnership, pk)
    require(request, "proposal.view", proposal)
    item = _item_or_404(proposal, item_pk)
    form = DecisionForm(request.POST or None, item=item)
    detail_url = reverse("proposals:detail", args=[partnership.slug, proposal.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.proposal_item_decide(
                actor=request.actor,
                user=request.user,
                item=item,
                decision=data["decision"],
                on=data["decided_on"],
                note=data["note"],
                target_phase=data["target_phase"],
                change=bool(data.get("change_decision")),
                board_item=data.get("board_item"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if item.decision == ProposalItem.Decision.APPROVED:
                messages.success(
                    request,
                    _("Approved: %(name)s is in the portfolio in the phase %(phase)s.")
                    % {"name": item.initiative.name, "phase": item.get_target_phase_display()},
                )
            else:
                messages.success(
                    request, _("The decision was recorded: %(decision)s.") % {"decision": item.get_decision_display()}
                )
            return redirect(f"{detail_url}#item-{item.pk}")
    _may_show_form(request, "proposal.decide", proposal)
    report = reports.proposal_report_build(proposal, partnership.slug)
    row = next(r for r in report.items if r.pk == item.pk)
    return _render_form(
        request,
        form,
        title=_("Decision on %(name)s") % {"name": item.name},
        cancel_url=detail_url,
        proposal=proposal,
        item=row,
    )
