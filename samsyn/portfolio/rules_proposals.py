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

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping

ORE_PER_KRONA = 100
# Swedish thousands separator as in samsyn/formats/sv (no-break space).
THOUSANDS = "\xa0"


def _whole_ore(value, what):
    # bool is an int in Python; a float is never money here.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an integer number of öre, not {value!r}")
    return value


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
    funding = tuple((source, _whole_ore(amount, f"the {source} funding")) for source, amount in funding_ore_by_source.items())
    funding_total = sum(amount for _, amount in funding)
    return ProposalTotals(
        items_total_ore=items_total,
        items_with_amount=with_amount,
        items_without_amount=without_amount,
        funding_ore=funding,
        funding_total_ore=funding_total,
        difference_ore=items_total - funding_total,
    )


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_AMOUNT = re.compile(r"^(\d+)(?:[,.](\d{1,2}))?$")


def parse_kronor(text: str) -> int:
    """"472 000", "472000", "472 000,50", "472 000 kr" -> öre, exactly (Decimal, never float).

    Spaces (also no-break and thin) group thousands; a comma (or a point) starts at most two
    decimals of öre. Raises ValueError for anything else, including negative amounts.
    """
    cleaned = _SPACES.sub("", (text or "").strip())
    lowered = cleaned.lower()
    for suffix in ("kr", "sek", ":-"):
        if lowered.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(text)
    # At most two decimals, so the product is a whole number of öre.
    return int(Decimal(match.group(1) + "." + (match.group(2) or "0")) * ORE_PER_KRONA)


def format_kronor(ore: int, *, unit: bool = False) -> str:
    """12 720 000 öre -> "127 200" (or "127 200 kr"); öre shown only when there are any: "472 000,50"."""
    ore = _whole_ore(ore, "the amount")
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), ORE_PER_KRONA)
    grouped = f"{kronor:,}".replace(",", THOUSANDS)
    text = f"{sign}{grouped}" + (f",{rest:02d}" if rest else "")
    return f"{text}{THOUSANDS}kr" if unit else text
