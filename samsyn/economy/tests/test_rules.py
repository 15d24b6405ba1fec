from datetime import date
from decimal import Decimal

import pytest

from samsyn.economy.rules import FeeBand, fee_band, membership_fees, payment_due_date


@pytest.mark.parametrize(
    "population,fee",
    [
        (0, "500000"), (19_999, "500000"), (20_000, "1250000"), (49_999, "1250000"), (50_000, "2500000"),
        (74_999, "2500000"), (75_000, "3750000"), (100_000, "3750000"), (100_001, "5000000"), (160_000, "5000000"),
    ],
)
def test_fee_table_edges(population, fee):
    assert fee_band(population).fee == Decimal(fee)


def test_the_two_founding_municipalities_pay_the_table_fee():
    # Västerås and Eskilstuna (both above 100 000): 10 MSEK together, under the 15 MSEK cap.
    assert membership_fees({"Västerås": 160_000, "Eskilstuna": 108_000}) == {"Västerås": Decimal("5000000"), "Eskilstuna": Decimal("5000000")}


def test_exactly_at_the_cap_nothing_is_reduced():
    fees = membership_fees({"A": 200_000, "B": 150_000, "C": 120_000})
    assert sum(fees.values()) == Decimal("15000000")
    assert set(fees.values()) == {Decimal("5000000")}


def test_above_the_cap_every_fee_is_reduced_by_the_same_factor():
    fees = membership_fees({"A": 200_000, "B": 150_000, "C": 120_000, "D": 30_000})
    factor = Decimal("15000000") / Decimal("16250000")
    assert fees["A"] == (Decimal("5000000") * factor).quantize(Decimal("0.01"))
    assert fees["D"] == max((Decimal("1250000") * factor).quantize(Decimal("0.01")), Decimal("1000000"))
    assert fees["A"] == Decimal("4615384.62")


def test_reduction_never_goes_below_80_percent():
    fees = membership_fees({f"M{i}": 120_000 for i in range(6)})
    assert set(fees.values()) == {Decimal("4000000")}
    fees = membership_fees({**{f"M{i}": 120_000 for i in range(3)}, "small": 10_000})
    assert fees["small"] == Decimal("483870.97")  # reduced, still above its 400 000 floor


def test_fees_are_exact_decimals():
    for fee in membership_fees({"A": 200_000, "B": 150_000, "C": 120_000, "D": 80_000}).values():
        assert isinstance(fee, Decimal) and fee == fee.quantize(Decimal("0.01"))


def test_bands_are_data():
    bands = (FeeBand(10, Decimal("7"), Decimal("5")), FeeBand(0, Decimal("3"), Decimal("1")))
    assert membership_fees({"x": 11, "y": 2}, bands=bands, cap=Decimal("100")) == {"x": Decimal("7"), "y": Decimal("3")}


@pytest.mark.parametrize(
    "year,half,requisition,due",
    [
        (2024, 1, date(2024, 1, 2), date(2024, 2, 1)),   # 30 days after
        (2024, 1, date(2023, 12, 15), date(2024, 1, 31)),  # requisition in December: never before 31 January
        (2024, 1, date(2024, 1, 1), date(2024, 1, 31)),   # exactly on the floor
        (2024, 2, date(2024, 6, 1), date(2024, 7, 31)),
        (2024, 2, date(2024, 7, 1), date(2024, 7, 31)),
        (2024, 2, date(2024, 7, 2), date(2024, 8, 1)),
        (2024, 2, date(2024, 12, 10), date(2025, 1, 9)),  # a late second half crosses the year
        (2024, 1, date(2024, 2, 29), date(2024, 3, 30)),  # leap day
    ],
)
def test_payment_due_date(year, half, requisition, due):
    assert payment_due_date(year, half, requisition) == due


def test_half_must_be_one_or_two():
    with pytest.raises(ValueError):
        payment_due_date(2024, 3, date(2024, 1, 1))
