"""The agreement's terms as pure functions: contributions, payment terms, the fee of a joining
municipality and spending authority.

Standard library only, so every app can import it and its tests need no database. The figures are
those of Samhällskontraktet's agreement 2022–2025 (seed 002); each is a parameter with that figure as
its default, so a partnership with other terms passes its own. Amounts are Decimal kronor, exact to
the öre.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ORE = Decimal("0.01")


# Contributions (seed 002 § 6) ----------------------------------------------------------------------

# Each party's yearly contribution in kronor.
CONTRIBUTIONS_2022_2025: Mapping[str, Decimal] = {
    "eskilstuna": Decimal("5000000"),
    "vasteras": Decimal("5000000"),
    "mdu": Decimal("1100000"),
}


def contributions_total(
    yearly: Mapping[str, Decimal] = CONTRIBUTIONS_2022_2025, years: int = 4, surplus: Decimal = Decimal(0)
) -> Decimal:
    """The money available over an agreement period (seed 002 § 6; seed 004): every party's yearly
    contribution for `years` years plus the surplus carried over from the earlier period.

    For 2022–2025: (5 000 000 + 5 000 000 + 1 100 000) × 4 + 4 150 000 = 48 550 000.
    """
    if years < 0:
        raise ValueError("an agreement period has no negative number of years")
    return sum(yearly.values(), Decimal(0)) * years + surplus


# Payment of contributions (seed 002 § 7) -------------------------------------------------------------


@dataclass(frozen=True)
class PaymentTerms:
    days_after_requisition: int = 30
    # (month, day) before which each half is never due: seed 002 § 7.
    earliest_due: tuple[tuple[int, int], tuple[int, int]] = ((1, 31), (7, 31))


PAYMENT_TERMS = PaymentTerms()


def payment_due_date(year: int, half: int, requisition_date: date, terms: PaymentTerms = PAYMENT_TERMS) -> date:
    """When a half-year's contribution is due (seed 002 § 7):
    `max(requisition_date + 30 days, floor)`, the floor being 31 January for the first
    half and 31 July for the second half of `year`."""
    if half not in (1, 2):
        raise ValueError("half is 1 or 2")
    month, day = terms.earliest_due[half - 1]
    return max(requisition_date + timedelta(days=terms.days_after_requisition), date(year, month, day))


# The fee of a joining municipality (seed 002, appendix 3) --------------------------------------------


@dataclass(frozen=True)
class FeeBand:
    min_population: int  # inclusive
    fee: Decimal  # yearly fee from the table
    floor: Decimal  # the lowest the fee may be reduced to


# Seed 002, appendix 3 ("Finansiell reglering av fler kommuner") prints its bands as ">100.000",
# "75.000-100.000", "50.000-75.000", "20.000-50.000" and "<20.000", so the edges 50 000 and 75 000
# appear in two bands and 100 000 in one. Samsyn reads them one way: every band starts at its lower
# figure, inclusive, and runs up to the next band's start, exclusive; ">100.000" is strictly more
# than 100 000. So 50 000 pays 2 500 000, 75 000 and 100 000 pay 3 750 000, 100 001 pays 5 000 000.
MEMBERSHIP_FEE_BANDS: tuple[FeeBand, ...] = (
    FeeBand(100_001, Decimal("5000000"), Decimal("4000000")),
    FeeBand(75_000, Decimal("3750000"), Decimal("3000000")),
    FeeBand(50_000, Decimal("2500000"), Decimal("2000000")),
    FeeBand(20_000, Decimal("1250000"), Decimal("1000000")),
    FeeBand(0, Decimal("500000"), Decimal("400000")),
)
MUNICIPAL_FEES_CAP = Decimal("15000000")


def fee_band(population: int, bands: Iterable[FeeBand] = MEMBERSHIP_FEE_BANDS) -> FeeBand:
    """The band of the fee table (seed 002, appendix 3) a municipality of `population` falls in:
    the band with the highest lower figure at or below `population`."""
    if population < 0:
        raise ValueError("population cannot be negative")
    for band in sorted(bands, key=lambda b: b.min_population, reverse=True):
        if population >= band.min_population:
            return band
    raise ValueError(f"no fee band covers a population of {population}")


def fee_band_ranges(bands: Iterable[FeeBand] = MEMBERSHIP_FEE_BANDS) -> list[tuple[FeeBand, int, int | None]]:
    """Each band with the populations it covers, both ends inclusive, highest band first; the
    highest band has no upper end (None). The reading of fee_band, for the page to print."""
    ordered = sorted(bands, key=lambda b: b.min_population, reverse=True)
    return [
        (band, band.min_population, ordered[i - 1].min_population - 1 if i else None) for i, band in enumerate(ordered)
    ]


def _ore(amount: Decimal) -> int:
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of öre")
    return int(ore)


def membership_fees(
    populations: Mapping[str, int],
    bands: Iterable[FeeBand] = MEMBERSHIP_FEE_BANDS,
    cap: Decimal | None = MUNICIPAL_FEES_CAP,
) -> dict[str, Decimal]:
    """The yearly fee of each municipality (seed 002, appendix 3).

    When the table fees together exceed `cap` (None: no cap), every fee is reduced by the same factor
    cap / total. The reduced fees are rounded to the öre by largest remainder: each is first rounded
    down, and the öre still missing to the cap go one each to the fees with the largest dropped
    fractions (on equal fractions the higher table fee, then the name in alphabetical order), so the
    fees add up to exactly the cap.

    A fee is never reduced below its band's floor. Where the factor would take a fee below its floor,
    that fee is its floor and the other fees keep their reduced amounts, so the total then exceeds the
    cap by what the floors add (with the agreement's table, whose floors are all 80 % of the fee, that
    is every fee at its floor once the table total exceeds 18 750 000). The university's
    contribution is not part of this: pass municipalities only.
    """
    bands = tuple(bands)
    table = {name: fee_band(population, bands) for name, population in populations.items()}
    total = sum((_ore(band.fee) for band in table.values()), 0)
    if cap is None or total <= _ore(cap):
        return {name: band.fee for name, band in table.items()}
    cap_ore = _ore(cap)
    shares = {name: divmod(_ore(band.fee) * cap_ore, total) for name, band in table.items()}
    missing = cap_ore - sum(whole for whole, _ in shares.values())
    by_remainder = sorted(table, key=lambda name: (-shares[name][1], -table[name].fee, name))
    rounded = {name: whole for name, (whole, _) in shares.items()}
    for name in by_remainder[:missing]:
        rounded[name] += 1
    return {name: max(Decimal(rounded[name]) / 100, band.floor).quantize(ORE) for name, band in table.items()}


# Spending authority (seed 002, appendix 1, 4.1 and 4.3) ----------------------------------------------

PROJECT_LEADER = "project_leader"
PROCESS_LEADER = "process_leader"
BOARD = "board"

# Lowest authority first: anyone with a higher limit may decide below it.
AUTHORITY_ORDER = (PROJECT_LEADER, PROCESS_LEADER, BOARD)


@dataclass(frozen=True)
class SpendingLimits:
    """Per agreement: up to `project_leader` kronor a project leader or the deputy process
    leader decides; up to `process_leader` the process leader; above, only the board."""

    project_leader: Decimal = Decimal("50000")
    process_leader: Decimal = Decimal("200000")


AGREEMENT_2022_2025 = SpendingLimits()

# Which roles carry which authority.
ROLE_AUTHORITY: Mapping[str, str] = {
    "project_leader": PROJECT_LEADER,
    "deputy_process_leader": PROJECT_LEADER,
    "process_leader": PROCESS_LEADER,
    "board": BOARD,
}


def required_authority(amount: Decimal | int, limits: SpendingLimits = AGREEMENT_2022_2025) -> str:
    """The lowest authority that may decide spending `amount` kronor (seed 002, appendix 1, 4.1 and 4.3)."""
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError("a spending decision is not negative")
    if amount <= limits.project_leader:
        return PROJECT_LEADER
    if amount <= limits.process_leader:
        return PROCESS_LEADER
    return BOARD


def may_decide(authority: str, amount: Decimal | int, limits: SpendingLimits = AGREEMENT_2022_2025) -> bool:
    """Whether someone holding `authority` may decide `amount` (appendix 1, 4.3: a higher limit covers
    every amount below it)."""
    return AUTHORITY_ORDER.index(authority) >= AUTHORITY_ORDER.index(required_authority(amount, limits))


def lacks_competent_decision(
    authority: str, amount: Decimal | int, limits: SpendingLimits = AGREEMENT_2022_2025
) -> bool:
    """Whether a recorded decision of `amount` kronor rests on no one who may take it: its recorded
    authority may not decide that much, or none is recorded ("", a decision from before Samsyn whose
    documents do not say) and the amount is the board's. The board decides at a meeting, against an
    item of its minutes, so a board decision is never one whose decider is unknown; below the board's
    amounts an unknown decider may have been the process leader, and nothing says otherwise."""
    if authority in AUTHORITY_ORDER:
        return not may_decide(authority, amount, limits)
    return required_authority(amount, limits) == BOARD


def authority_of(roles: Iterable[str]) -> str | None:
    """The highest spending authority a person's role names carry (None: no authority).

    A board member alone is not the board: the board decides at a meeting, recorded against an item.
    """
    held = [ROLE_AUTHORITY[r] for r in roles if r in ROLE_AUTHORITY and ROLE_AUTHORITY[r] != BOARD]
    return max(held, key=AUTHORITY_ORDER.index) if held else None


# The meetings whose decisions are the board's.
BOARD_MEETING_KINDS = frozenset({"board", "joint"})


@dataclass(frozen=True)
class BoardCitation:
    """What a spending decision cites as the board's decision: an item of a meeting, as data."""

    meeting_kind: str
    partnership_id: int
    meeting_held: bool
    meeting_date: date
    decisions_recorded: int


# Why a citation does not carry the board's authority, in the order they are checked.
NOT_BOARD_ITEM = "not_board_item"
MEETING_NOT_HELD = "meeting_not_held"
MEETING_AFTER_DECISION = "meeting_after_decision"
NO_DECISION_RECORDED = "no_decision_recorded"


def board_citation_problem(citation: BoardCitation, *, partnership_id: int, decided_on: date) -> str | None:
    """None when `citation` shows the board decided: an item of this partnership's board (or joint)
    meeting that was held on or before the decision date, with a decision recorded under it;
    otherwise the first reason it does not. A planned meeting, one after the decision, or an item
    without a recorded decision never stands in for the board."""
    if citation.meeting_kind not in BOARD_MEETING_KINDS or citation.partnership_id != partnership_id:
        return NOT_BOARD_ITEM
    if not citation.meeting_held:
        return MEETING_NOT_HELD
    if citation.meeting_date > decided_on:
        return MEETING_AFTER_DECISION
    if citation.decisions_recorded < 1:
        return NO_DECISION_RECORDED
    return None


class SpendingRefused(Exception):
    """A spending decision its recorder may not make; `needed` is the lowest authority that may."""

    def __init__(self, amount: Decimal, needed: str):
        super().__init__(f"a spending decision of {amount} needs {needed}")
        self.amount = amount
        self.needed = needed


def spending_authority_check(
    roles: Iterable[str], amount: Decimal | int, limits: SpendingLimits = AGREEMENT_2022_2025, *, by_board: bool = False
) -> str:
    """The authority a spending decision of `amount` kronor rests on (seed 002, appendix 1, 4.1 and 4.3).

    A decision of the board (`by_board`, taken at a board meeting) may be of any amount; otherwise the
    recorder's roles must carry an authority whose limit covers the amount. Raises SpendingRefused
    naming the lowest authority that may decide.
    """
    amount = Decimal(amount)
    needed = required_authority(amount, limits)
    if by_board:
        return BOARD
    held = authority_of(roles)
    if held is not None and may_decide(held, amount, limits):
        return held
    raise SpendingRefused(amount, needed)
