"""The agreement's terms (samsyn.core.agreement) as tables, and the spending check applied to a
recorder with the limits read from the agreement (samsyn.core.spending)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from samsyn.core import agreement
from samsyn.core.agreement import (
    SpendingLimits,
    authority_of,
    contributions_total,
    fee_band,
    may_decide,
    membership_fees,
    payment_due_date,
    required_authority,
)
from samsyn.core.models import Agreement
from samsyn.core.policy import Actor, Grant
from samsyn.core.spending import limits_for, spending_check


@pytest.mark.parametrize(
    "amount,authority",
    [
        (0, "project_leader"),
        (49_999, "project_leader"),
        (50_000, "project_leader"),
        (Decimal("50000.01"), "process_leader"),
        (50_001, "process_leader"),
        (200_000, "process_leader"),
        (Decimal("200000.01"), "board"),
        (200_001, "board"),
        (1_200_000, "board"),
    ],
)
def test_required_authority(amount, authority):
    assert required_authority(amount) == authority


@pytest.mark.parametrize(
    "authority,amount,allowed",
    [
        ("project_leader", 50_000, True),
        ("project_leader", 50_001, False),
        ("process_leader", 10_000, True),
        ("process_leader", 200_000, True),
        ("process_leader", 200_001, False),
        ("board", 10, True),
        ("board", 10**9, True),
    ],
)
def test_higher_limits_may_decide_below(authority, amount, allowed):
    assert may_decide(authority, amount) is allowed


def test_limits_are_data():
    limits = SpendingLimits(project_leader=Decimal("10000"), process_leader=Decimal("100000"))
    assert required_authority(50_000, limits) == "process_leader"
    assert required_authority(150_000, limits) == "board"


def test_negative_amount_is_refused():
    with pytest.raises(ValueError):
        required_authority(-1)


def actor(*roles):
    return Actor(partnership_id=0, person_id=None, grants=frozenset(Grant(r) for r in roles))


@pytest.mark.parametrize(
    "roles, expected",
    [
        ((), None),
        (("reader",), None),
        (("project_leader",), "project_leader"),
        (("deputy_process_leader",), "project_leader"),
        (("process_leader", "project_leader"), "process_leader"),
        (("board_member",), None),  # a board member alone is not the board
    ],
)
def test_authority_of(roles, expected):
    assert authority_of(roles) == expected


@pytest.mark.parametrize(
    "roles, kronor, allowed",
    [
        (("project_leader",), 50_000, True),
        (("project_leader",), 50_001, False),
        (("deputy_process_leader",), 50_000, True),
        (("process_leader",), 50_001, True),
        (("process_leader",), 200_000, True),
        (("process_leader",), 200_001, False),
        (("reader",), 1, False),
    ],
)
def test_spending_check_by_role(shk, roles, kronor, allowed):
    act = actor(*roles)
    if allowed:
        spending_check(partnership=shk, actor=act, amount_ore=kronor * 100, on=date(2024, 5, 1))
    else:
        with pytest.raises(ValidationError) as error:
            spending_check(partnership=shk, actor=act, amount_ore=kronor * 100, on=date(2024, 5, 1))
        assert "kr" in error.value.messages[0]


class Decisions:
    def __init__(self, n):
        self.n = n

    def count(self):
        return self.n


def item_of(shk, kind="board", status="held", on=date(2024, 4, 1), decisions=1):
    """An agenda item as spending_check reads it (governance's AgendaItem, which core does not name)."""
    meeting = SimpleNamespace(kind=kind, partnership_id=shk.pk, status=status, date=on)
    return SimpleNamespace(meeting=meeting, decisions=Decisions(decisions))


def test_above_process_leader_needs_a_board_item(shk):
    with pytest.raises(ValidationError) as error:
        spending_check(partnership=shk, actor=actor("process_leader"), amount_ore=20_000_001, on=date(2024, 5, 1))
    assert error.value.code == "no_authority"
    item = item_of(shk)
    assert (
        spending_check(partnership=shk, actor=None, amount_ore=120_000_000, on=date(2024, 5, 1), board_item=item)
        == "board"
    )


@pytest.mark.parametrize(
    "item, code, message",
    [
        (
            {"kind": "core_team"},
            "not_board_item",
            "Den valda punkten hör inte till något av partnerskapets styrelsemöten. Välj en punkt på ett styrelsemöte.",
        ),
        (
            {"status": "planned"},
            "meeting_not_held",
            "Punkten hör till ett möte som inte har hållits. Ett beslut om pengar kan bara hänvisa till ett "
            "styrelsemöte som har ägt rum.",
        ),
        (
            {"status": "cancelled"},
            "meeting_not_held",
            "Punkten hör till ett möte som inte har hållits. Ett beslut om pengar kan bara hänvisa till ett "
            "styrelsemöte som har ägt rum.",
        ),
        (
            {"on": date(2030, 3, 1)},
            "meeting_after_decision",
            "Mötet hölls 2030-03-01, efter beslutsdagen 2024-05-01. Hänvisa till det styrelsemöte där beslutet "
            "fattades.",
        ),
        (
            {"decisions": 0},
            "no_decision_recorded",
            "Det finns inget beslut under den punkten. Skriv först in styrelsens beslut i protokollet.",
        ),
    ],
)
def test_a_citation_that_is_not_the_boards_decision_is_refused_whoever_records_it(shk, item, code, message):
    for recorder in (None, actor("process_leader"), actor("board_chair")):
        with pytest.raises(ValidationError) as error:
            spending_check(
                partnership=shk,
                actor=recorder,
                amount_ore=1_000_000_000,
                on=date(2024, 5, 1),
                board_item=item_of(shk, **item),
            )
        assert (error.value.code, error.value.messages) == (code, [message])


def test_a_meeting_held_on_the_decision_date_carries_the_boards_authority(shk):
    item = item_of(shk, kind="joint", on=date(2024, 5, 1))
    assert (
        spending_check(partnership=shk, actor=None, amount_ore=10**11, on=date(2024, 5, 1), board_item=item) == "board"
    )


def citation(**changes):
    fields = {"meeting_kind": "board", "partnership_id": 1, "meeting_held": True, "meeting_date": date(2024, 4, 1)}
    return agreement.BoardCitation(**{**fields, "decisions_recorded": 1, **changes})


@pytest.mark.parametrize(
    "changes, decided_on, problem",
    [
        ({}, date(2024, 4, 1), None),  # the same day
        ({}, date(2024, 3, 31), "meeting_after_decision"),  # one day before the meeting
        ({"meeting_kind": "joint"}, date(2024, 5, 1), None),
        ({"meeting_kind": "core_team"}, date(2024, 5, 1), "not_board_item"),
        ({"partnership_id": 2}, date(2024, 5, 1), "not_board_item"),
        ({"meeting_held": False}, date(2024, 5, 1), "meeting_not_held"),
        ({"decisions_recorded": 0}, date(2024, 5, 1), "no_decision_recorded"),
        ({"decisions_recorded": 3}, date(2024, 5, 1), None),
        # The first reason counts: a planned meeting in the future is "not held".
        (
            {"meeting_held": False, "meeting_date": date(2030, 1, 1), "decisions_recorded": 0},
            date(2024, 5, 1),
            "meeting_not_held",
        ),
    ],
)
def test_board_citation_problem(changes, decided_on, problem):
    assert agreement.board_citation_problem(citation(**changes), partnership_id=1, decided_on=decided_on) == problem


def test_limits_are_the_agreements_data(shk):
    agreement = Agreement.objects.filter(partnership=shk).order_by("start").first()
    agreement.limit_process_leader_ore = 30_000_000
    agreement.save()
    assert limits_for(shk, agreement.start).process_leader == 300_000
    spending_check(partnership=shk, actor=actor("process_leader"), amount_ore=25_000_000, on=agreement.start)


@pytest.mark.parametrize(
    "half, requisition, due",
    [
        (1, date(2024, 1, 10), date(2024, 2, 9)),
        (1, date(2023, 12, 1), date(2024, 1, 31)),  # requisitioned in December: never before 31 January
        (1, date(2024, 1, 1), date(2024, 1, 31)),
        (1, date(2024, 1, 2), date(2024, 2, 1)),
        (2, date(2024, 6, 1), date(2024, 7, 31)),
        (2, date(2024, 7, 1), date(2024, 7, 31)),
        (2, date(2024, 7, 2), date(2024, 8, 1)),
        (2, date(2024, 9, 15), date(2024, 10, 15)),
    ],
)
def test_payment_due_date(half, requisition, due):
    assert payment_due_date(2024, half, requisition) == due


def test_payment_half_is_one_or_two():
    with pytest.raises(ValueError):
        payment_due_date(2024, 3, date(2024, 1, 1))


def test_payment_terms_are_data():
    terms = agreement.PaymentTerms(days_after_requisition=10, earliest_due=((2, 1), (8, 1)))
    assert payment_due_date(2024, 1, date(2024, 1, 1), terms) == date(2024, 2, 1)
    assert payment_due_date(2024, 2, date(2024, 8, 1), terms) == date(2024, 8, 11)


@pytest.mark.parametrize(
    "population, fee, floor",
    [
        (100_001, 5_000_000, 4_000_000),
        (100_000, 3_750_000, 3_000_000),
        (75_000, 3_750_000, 3_000_000),
        (74_999, 2_500_000, 2_000_000),
        (50_000, 2_500_000, 2_000_000),
        (49_999, 1_250_000, 1_000_000),
        (20_000, 1_250_000, 1_000_000),
        (19_999, 500_000, 400_000),
        (0, 500_000, 400_000),
    ],
)
def test_fee_bands(population, fee, floor):
    band = fee_band(population)
    assert (band.fee, band.floor) == (Decimal(fee), Decimal(floor))


def test_negative_population_is_refused():
    with pytest.raises(ValueError):
        fee_band(-1)


def test_fees_exactly_at_the_cap_are_not_reduced():
    fees = membership_fees({"a": 150_000, "b": 150_000, "c": 120_000})  # 3 × 5 000 000 = 15 000 000
    assert fees == {"a": Decimal(5_000_000), "b": Decimal(5_000_000), "c": Decimal(5_000_000)}


def test_fees_above_the_cap_are_reduced_by_one_factor_and_sum_to_the_cap():
    # 16 250 000: each fee rounded on its own would give 15 000 000,01.
    fees = membership_fees({"a": 150_000, "b": 150_000, "c": 150_000, "d": 30_000})
    assert sum(fees.values()) == Decimal(15_000_000)
    # The two öre missing after rounding down go to the largest dropped fractions, by name on a tie.
    assert fees == {
        "a": Decimal("4615384.62"),
        "b": Decimal("4615384.62"),
        "c": Decimal("4615384.61"),
        "d": Decimal("1153846.15"),
    }


@pytest.mark.parametrize(
    "populations, total",
    [
        # exactly at the cap: not reduced
        ({"a": 150_000, "b": 150_000, "c": 120_000}, 15_000_000),
        # 15 000 000 + 500 000 over the cap, one factor, exact sum
        ({"a": 150_000, "b": 150_000, "c": 150_000, "d": 10_000}, 15_000_000),
        # band edges: 3 750 000 + 3 750 000 + 2 500 000 + 5 000 000, exactly the cap
        ({"a": 100_000, "b": 75_000, "c": 50_000, "d": 100_001}, 15_000_000),
        # one inhabitant more in the 50 000 band changes nothing; one more at 100 000 goes over the cap
        ({"a": 100_000, "b": 75_000, "c": 50_001, "d": 100_001}, 15_000_000),
        ({"a": 100_001, "b": 75_000, "c": 50_000, "d": 100_001}, 15_000_000),
        # thirds: 7 × 2 500 000 = 17 500 000, factor 6/7, remainders equal
        ({f"m{i}": 60_000 for i in range(7)}, 15_000_000),
        # 18 750 000: factor exactly 0.8, every fee at its floor and the total still the cap
        ({"a": 150_000, "b": 150_000, "c": 150_000, "d": 90_000}, 15_000_000),
        # beyond 18 750 000 the floors win: the total exceeds the cap
        ({"a": 150_000, "b": 150_000, "c": 150_000, "d": 150_000}, 16_000_000),
    ],
)
def test_reduced_fees_sum_to_the_cap_unless_floors_lift_them(populations, total):
    fees = membership_fees(populations)
    assert sum(fees.values()) == Decimal(total)
    for name, fee in fees.items():
        band = fee_band(populations[name])
        assert band.floor <= fee <= band.fee
        assert fee == fee.quantize(Decimal("0.01"))


def test_a_floor_lifts_one_fee_and_the_others_keep_their_share():
    bands = (
        agreement.FeeBand(1000, Decimal(100), Decimal(99)),
        agreement.FeeBand(0, Decimal(100), Decimal(10)),
    )
    fees = membership_fees({"lyft": 2000, "b": 10, "c": 10}, bands, cap=Decimal(150))
    assert fees == {"lyft": Decimal(99), "b": Decimal(50), "c": Decimal(50)}
    assert sum(fees.values()) == Decimal(199)


@pytest.mark.parametrize(
    "population, start",
    [(100_001, 100_001), (100_000, 75_000), (75_000, 75_000), (74_999, 50_000), (50_000, 50_000), (49_999, 20_000)],
)
def test_the_band_edges_follow_one_reading(population, start):
    assert fee_band(population).min_population == start


def test_the_band_ranges_printed_on_the_page():
    ranges = [(low, high) for _, low, high in agreement.fee_band_ranges()]
    assert ranges == [(100_001, None), (75_000, 100_000), (50_000, 74_999), (20_000, 49_999), (0, 19_999)]


def test_fees_are_never_reduced_below_the_floor():
    fees = membership_fees({f"m{i}": 150_000 for i in range(6)})  # 30 000 000: factor 0.5
    assert set(fees.values()) == {Decimal(4_000_000)}


def test_contributions_2022_2025_with_the_surplus():
    assert contributions_total(surplus=Decimal(4_150_000)) == Decimal(48_550_000)
    assert contributions_total({"a": Decimal(1)}, years=0) == 0
    with pytest.raises(ValueError):
        contributions_total(years=-1)


def test_board_decides_any_amount_and_refusal_names_the_authority_needed():
    assert agreement.spending_authority_check((), 10**9, by_board=True) == "board"
    with pytest.raises(agreement.SpendingRefused) as refused:
        agreement.spending_authority_check(("project_leader",), 50_001)
    assert refused.value.needed == "process_leader"


@pytest.mark.parametrize(
    "authority,amount,lacks",
    [
        # A recorded authority is held to its limit (the 2022–2025 limits: 50 000 and 200 000 kr).
        ("project_leader", 50_000, False),
        ("project_leader", 50_001, True),
        ("process_leader", 200_000, False),
        ("process_leader", 200_001, True),
        ("board", 10_000_000, False),
        # No recorded decider: the board's amounts lack a decision, below them nothing says so.
        ("", 200_000, False),
        ("", 200_001, True),
        ("", 1_200_000, True),
    ],
)
def test_a_decision_lacks_competence_above_what_its_decider_may_decide(authority, amount, lacks):
    assert agreement.lacks_competent_decision(authority, amount) is lacks
