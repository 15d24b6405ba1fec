import pytest
from django.urls import NoReverseMatch, reverse

from samsyn.core.converters import YearConverter
from samsyn.core.lib.years import FIRST_YEAR, LAST_YEAR, year_parse


@pytest.mark.parametrize(
    "text, year",
    [
        ("2024", 2024),
        (str(FIRST_YEAR), FIRST_YEAR),
        (str(LAST_YEAR), LAST_YEAR),
        (str(FIRST_YEAR - 1), None),
        (str(LAST_YEAR + 1), None),
        ("0", None),
        ("0000", None),
        ("10000", None),
        ("99999999999999999999", None),
        ("-2024", None),
        ("2024.0", None),
        ("", None),
        ("２０２４", None),  # digits, but not ASCII ones
        ("²⁰²⁴", None),
    ],
)
def test_year_parse(text, year):
    assert year_parse(text) == year


@pytest.mark.parametrize("text", ["0000", "9999", "1899", "2201"])
def test_an_out_of_range_year_does_not_match(text):
    with pytest.raises(ValueError):
        YearConverter().to_python(text)


def test_a_url_cannot_be_made_for_an_out_of_range_year():
    assert reverse("followup:annual_report", args=["shk", 2023]).endswith("/2023/")
    with pytest.raises(NoReverseMatch):
        reverse("followup:annual_report", args=["shk", 10000])
