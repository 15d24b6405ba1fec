"""Load the Core Teams' decision proposals from demo_data/<slug>_proposals.json (see samsyn.portfolio.demo).

The decisions are set on the items directly, not through services.proposals.proposal_item_decide:
the main loader already records the phase history from shk.json, and the service would add a
second PhaseChange for the same decision.
"""

from samsyn.core.demo import parse_date
from samsyn.core.models import FocusArea

from ..models import DecisionProposal, Initiative, ProposalFunding, ProposalItem


def load(partnership, data):
    P = {"partnership": partnership}
    areas = {fa.slug: fa for fa in FocusArea.objects.filter(**P)}
    initiatives = {i.slug: i for i in Initiative.objects.filter(**P)}
    for entry in data["proposals"]:
        proposal, _ = DecisionProposal.objects.update_or_create(
            **P,
            focus_area=areas[entry["focus_area"]],
            title=entry["title"],
            date=parse_date(entry["date"]),
            defaults={"period": entry.get("period") or "", "source": (entry.get("source") or "")[:300]},
        )
        decision = entry.get("decision") or {}
        for item in entry["items"]:
            ProposalItem.objects.update_or_create(
                **P,
                proposal=proposal,
                name=item["name"],
                defaults={
                    "order": item["order"],
                    "kind": item["kind"],
                    "proposal_text": item.get("proposal_text") or "",
                    "description": item.get("description") or "",
                    "context": item.get("context") or "",
                    "party_resources": item.get("party_resources") or "",
                    "budget_ore": item.get("budget_ore"),
                    "budget_note": item.get("budget_note") or "",
                    # A slug that is not in shk.json fails loudly rather than leaving the item unlinked.
                    "initiative": initiatives[item["initiative"]] if item.get("initiative") else None,
                    "target_phase": item["target_phase"],
                    "decision": item.get("decision", decision.get("decision", ProposalItem.Decision.PENDING)),
                    "decided_on": parse_date(item.get("decided_on", decision.get("decided_on"))),
                    "decision_note": item.get("decision_note", decision.get("note")) or "",
                },
            )
        for source, amount in (entry.get("funding") or {}).items():
            ProposalFunding.objects.update_or_create(
                **P, proposal=proposal, source=source, defaults={"amount_ore": amount}
            )
