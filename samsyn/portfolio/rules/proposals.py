"""Money rules of a Core Team decision proposal (beslutsunderlag). Standard library only.

Seed 001 (board minutes 2023-11-30 with attachments), "Beslutsunderlag 'Alla barn och unga
lyckas' vt 2024" dated 2023-12-11: eight items, each with a process-support budget until June
(288 000, 192 000, 192 000, 360 000, 240 000 kr, or "Ordinarie personal i processtödet" with no
amount), "TOTALT: 1 272 000", "Från ordinarie budget: 472 000kr", "Från pilot budget: 800 000kr".

The seed gives the split between the ordinary budget and the pilot budget only for the total,
not per item, so the split is recorded as written and reconciled against the items' sum, which
is computed, never typed (DOMAIN.md rule 5). Amounts are integers of öre.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from samsyn.core.money import ORE_PER_KRONA, _whole_ore, parse_kronor  # noqa: F401


@dataclass(frozen=True)
class ProposalTotals:
    items_total_ore: int
    items_with_amount: int
    items_without_amount: int
    # (source, amount) in the order given: ordinary budget first, then pilot budget.
    funding_ore: tuple[tuple[str, int], ...]
    funding_total_ore: int
    # Items total minus funding total: positive when the items ask for more than is financed.
    difference_ore: int

    @property
    def reconciles(self) -> bool:
        return self.difference_ore == 0

    def funding_for(self, source: str) -> int | None:
        for key, amount in self.funding_ore:
            if key == source:
                return amount
        return None


def proposal_totals(item_budgets_ore: Iterable[int | None], funding_ore_by_source: Mapping[str, int]) -> ProposalTotals:
    """Sum the items' budgets (None: no amount of its own, e.g. ordinary staff) and the funding,
    and say whether the two agree."""
    with_amount = without_amount = 0
    items_total = 0
    for budget in item_budgets_ore:
        if budget is None:
            without_amount += 1
            continue
        items_total += _whole_ore(budget, "an item's budget")
        with_amount += 1
    funding = tuple(
        (source, _whole_ore(amount, f"the {source} funding")) for source, amount in funding_ore_by_source.items()
    )
    funding_total = sum(amount for _, amount in funding)
    return ProposalTotals(
        items_total_ore=items_total,
        items_with_amount=with_amount,
        items_without_amount=without_amount,
        funding_ore=funding,
        funding_total_ore=funding_total,
        difference_ore=items_total - funding_total,
    )
