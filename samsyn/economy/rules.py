"""The agreement's money rules as pure functions; parameters are data, never constants in code.

Amounts are Decimal kronor, exact to the öre.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")


@dataclass(frozen=True)
class FeeBand:
    min_population: int  # inclusive
    fee: Decimal  # yearly fee from the table
    floor: Decimal  # the lowest the fee may be reduced to


# Seed 002, appendix 3 ("Finansiell reglering av fler kommuner"): ">100.000" is strictly above,
# the other bands start at their lower bound (DOMAIN.md rule 4).
MEMBERSHIP_FEE_BANDS = (
    FeeBand(100_001, Decimal("5000000"), Decimal("4000000")),
    FeeBand(75_000, Decimal("3750000"), Decimal("3000000")),
    FeeBand(50_000, Decimal("2500000"), Decimal("2000000")),
    FeeBand(20_000, Decimal("1250000"), Decimal("1000000")),
    FeeBand(0, Decimal("500000"), Decimal("400000")),
)
MUNICIPAL_FEES_CAP = Decimal("15000000")


def fee_band(population: int, bands=MEMBERSHIP_FEE_BANDS) -> FeeBand:
    if population < 0:
        raise ValueError("population cannot be negative")
    for band in sorted(bands, key=lambda b: b.min_population, reverse=True):
        if population >= band.min_population:
            return band
    raise ValueError(f"no fee band covers a population of {population}")


def membership_fees(
    populations: dict[str, int], bands=MEMBERSHIP_FEE_BANDS, cap=MUNICIPAL_FEES_CAP
) -> dict[str, Decimal]:
    """The yearly fee of each municipality (seed 002, appendix 3; DOMAIN.md rule 4).

    When the table fees together exceed `cap`, every fee is reduced by the same factor
    cap / total, but never below its band's floor. The university's contribution is
    not part of this: pass municipalities only.
    """
    table = {name: fee_band(population, bands) for name, population in populations.items()}
    total = sum((band.fee for band in table.values()), Decimal(0))
    if total <= cap:
        return {name: band.fee for name, band in table.items()}
    factor = cap / total
    return {
        name: max((band.fee * factor).quantize(ORE, rounding=ROUND_HALF_UP), band.floor) for name, band in table.items()
    }


@dataclass(frozen=True)
class PaymentTerms:
    days_after_requisition: int = 30
    # (month, day) before which each half is never due: seed 002 § 7.
    earliest_due: tuple = ((1, 31), (7, 31))


PAYMENT_TERMS = PaymentTerms()


def payment_due_date(year: int, half: int, requisition_date: date, terms: PaymentTerms = PAYMENT_TERMS) -> date:
    """When a half-year's contribution is due (seed 002 § 7; DOMAIN.md rule 2):
    `max(requisition_date + 30 days, floor)`, the floor being 31 January for the first
    half and 31 July for the second half of `year`."""
    if half not in (1, 2):
        raise ValueError("half is 1 or 2")
    month, day = terms.earliest_due[half - 1]
    return max(requisition_date + timedelta(days=terms.days_after_requisition), date(year, month, day))
