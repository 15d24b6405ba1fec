"""A decision proposal as one report: built once, rendered as HTML, PDF, XLSX and JSON.

The builder reads only what selectors.proposals.proposal_get loaded; the shared renderers of the
report registry read only the report, so the page, the PDF and the workbook carry the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor
from samsyn.core.lib.urls import reverse
from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register

from ..models import BudgetSource, DecisionProposal, Phase, ProposalItem
from ..rules.proposals import ProposalTotals, proposal_totals
from ..selectors.proposals import proposal_get

# The seed lists the ordinary budget before the pilot budget ("472 000 ... 800 000").
SOURCE_ORDER = [BudgetSource.ORDINARY, BudgetSource.PILOT]


@dataclass(frozen=True)
class ItemRow:
    pk: int
    order: int
    kind: str
    kind_label: str
    name: str
    proposal_text: str
    description: str
    context: str
    party_resources: str
    budget_ore: int | None
    budget_note: str
    budget_text: str
    target_phase: str
    target_phase_label: str
    decision: str
    decision_label: str
    decided_on: date | None
    decided_by: str
    decision_note: str
    initiative_name: str
    initiative_url: str
    spending: str = ""  # the spending decision behind an approved budget, e.g. "The board, 2023-11-30 §5"

    @property
    def is_pending(self) -> bool:
        return self.decision == ProposalItem.Decision.PENDING

    @property
    def is_final(self) -> bool:
        """Approved or rejected: changing it takes an explicit choice (see services.proposals)."""
        return self.decision in (ProposalItem.Decision.APPROVED, ProposalItem.Decision.REJECTED)


@dataclass(frozen=True)
class FundingRow:
    source: str
    label: str
    amount_ore: int


@dataclass(frozen=True)
class ProposalReport:
    proposal_pk: int
    title: str
    focus_area_name: str
    focus_area_slug: str
    date: date
    period: str
    source: str
    items: tuple[ItemRow, ...]
    funding: tuple[FundingRow, ...]
    totals: ProposalTotals

    @property
    def decided_count(self) -> int:
        return sum(1 for i in self.items if not i.is_pending)

    @property
    def reconciliation(self) -> str:
        """ "1 272 000 = 472 000 + 800 000", or with ≠ and the funding's own sum when they differ."""
        total = format_kronor(self.totals.items_total_ore)
        parts = " + ".join(format_kronor(f.amount_ore) for f in self.funding) or "0"
        if self.totals.reconciles:
            return f"{total} = {parts}"
        if len(self.funding) > 1:
            parts = f"{parts} = {format_kronor(self.totals.funding_total_ore)}"
        return f"{total} \u2260 {parts}"

    @property
    def difference_text(self) -> str:
        return format_kronor(abs(self.totals.difference_ore), unit=True)


def budget_text(budget_ore, note):
    """As the seed writes it: "288 000 kr", "192 000 kr + del av …", or only the note."""
    amount = format_kronor(budget_ore, unit=True) if budget_ore is not None else ""
    return " + ".join(part for part in (amount, note.strip()) if part) or "–"


def proposal_report_build(proposal, partnership_slug) -> ProposalReport:
    """`proposal` as loaded by selectors.proposals.proposal_get (items and funding prefetched)."""
    items = list(proposal.items.all())
    funding_by_source = {f.source: f.amount_ore for f in proposal.funding.all()}
    ordered_sources = [s for s in SOURCE_ORDER if s in funding_by_source]
    funding = {s.value: funding_by_source[s] for s in ordered_sources}
    rows = []
    for item in items:
        initiative = item.initiative
        decider = item.decided_by
        rows.append(
            ItemRow(
                pk=item.pk,
                order=item.order,
                kind=item.kind,
                kind_label=str(ProposalItem.Kind(item.kind).label),
                name=item.name,
                proposal_text=item.proposal_text,
                description=item.description,
                context=item.context,
                party_resources=item.party_resources,
                budget_ore=item.budget_ore,
                budget_note=item.budget_note,
                budget_text=budget_text(item.budget_ore, item.budget_note),
                target_phase=item.target_phase,
                target_phase_label=str(Phase(item.target_phase).label),
                decision=item.decision,
                decision_label=str(ProposalItem.Decision(item.decision).label),
                decided_on=item.decided_on,
                decided_by=(decider.get_full_name() or decider.username) if decider else "",
                decision_note=item.decision_note,
                initiative_name=initiative.name if initiative else "",
                initiative_url=reverse("portfolio:initiative_detail", args=[partnership_slug, initiative.slug])
                if initiative
                else "",
                spending=_spending_text(item),
            )
        )
    return ProposalReport(
        proposal_pk=proposal.pk,
        title=proposal.title,
        focus_area_name=proposal.focus_area.name,
        focus_area_slug=proposal.focus_area.slug,
        date=proposal.date,
        period=proposal.period,
        source=proposal.source,
        items=tuple(rows),
        funding=tuple(FundingRow(s.value, str(s.label), funding_by_source[s]) for s in ordered_sources),
        totals=proposal_totals([i.budget_ore for i in items], funding),
    )


def _spending_text(item) -> str:
    decisions = list(item.spending_decisions.all())
    if not decisions:
        return ""
    decision = decisions[-1]
    text = str(decision.get_authority_display())
    if decision.board_item is not None:
        text += f", {decision.board_item.meeting.date:%Y-%m-%d} §{decision.board_item.number}"
    return text


def proposal_summary(proposal):
    """The totals of a proposal from the list's prefetch (no report needed there)."""
    funding = {f.source: f.amount_ore for f in proposal.funding.all()}
    ordered = {s.value: funding[s] for s in SOURCE_ORDER if s in funding}
    items = list(proposal.items.all())
    return {
        "proposal": proposal,
        "item_count": len(items),
        "decided_count": sum(1 for i in items if i.decision != ProposalItem.Decision.PENDING),
        "totals": proposal_totals([i.budget_ore for i in items], ordered),
    }


def proposal_sheets(report: ProposalReport) -> tuple[Sheet, ...]:
    """The report as one worksheet: the proposal, the items as the seed's table, then the totals and the split."""
    name = _("Decision proposal")
    about = [(_("Focus area"), report.focus_area_name), (_("Date"), report.date)]
    if report.period:
        about.append((_("Period"), report.period))
    items = (
        Column(_("Kind")),
        Column(_("Name")),
        Column(_("Proposal to start")),
        Column(_("Description")),
        Column(_("Context to start in")),
        Column(_("Resources from the parties")),
        Column(_("Process-support budget (kr)"), "money"),
        Column(_("Budget note")),
        Column(_("Decision")),
        Column(_("Decided on")),
        Column(_("Initiative")),
    )
    totals = report.totals
    summary = [(_("Sum of the items"), totals.items_total_ore)]
    summary += [(f.label, f.amount_ore) for f in report.funding]
    summary += [
        (_("Funding in total"), totals.funding_total_ore),
        (_("Difference (items minus funding)"), totals.difference_ore),
    ]
    matches = _("(matches)") if totals.reconciles else _("(does not match)")
    return (
        Sheet(name, report.title, (Column(""), Column("")), tuple(about), header=False),
        Sheet(
            name,
            _("Items"),
            items,
            tuple(
                (
                    i.kind_label,
                    i.name,
                    i.proposal_text,
                    i.description,
                    i.context,
                    i.party_resources,
                    i.budget_ore,
                    i.budget_note,
                    i.decision_label,
                    i.decided_on,
                    i.initiative_name,
                )
                for i in report.items
            ),
        ),
        Sheet(name, _("Total and financing"), (Column(_("Line")), Column(_("Amount (kr)"), "money")), tuple(summary)),
        Sheet(
            name,
            "",
            (Column(""), Column("")),
            ((_("Reconciliation"), f"{report.reconciliation} {matches}"),),
            header=False,
        ),
    )


def proposal_build(partnership, proposal) -> ProposalReport:
    """The proposal of that pk (or the loaded proposal itself); LookupError when there is none."""
    if not isinstance(proposal, DecisionProposal):
        try:
            proposal = proposal_get(partnership, proposal)
        except DecisionProposal.DoesNotExist:
            raise LookupError(f"no decision proposal {proposal!r}") from None
    return proposal_report_build(proposal, partnership.slug)


PROPOSAL = report_register(
    ReportKind(
        name="proposal",
        title="A Core Team decision proposal with its budgets",
        build=proposal_build,
        params=(Param("proposal", int, "the proposal's number (its id)", required=True),),
        template="portfolio/proposals/detail.html",
        sheets=proposal_sheets,
        filename=lambda report: f"{slugify(report.title) or 'proposal'}-{report.date.isoformat()}",
        action="proposal.view",
    )
)
