"""Amounts are bounded where they are read, by hand and by import, below what a column can hold."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samsyn.core.fields import KronorField
from samsyn.core.money import MAX_KRONOR, AmountTooLarge, parse_kronor


@pytest.mark.parametrize(
    "text,ore",
    [
        ("999 999 999 999", MAX_KRONOR * 100),
        ("999 999 999 999,99 kr", MAX_KRONOR * 100 + 99),
        ("0", 0),
        ("1,5", 150),
    ],
)
def test_the_largest_amount_is_read(text, ore):
    assert parse_kronor(text) == ore


@pytest.mark.parametrize("text", ["1 000 000 000 000", "99999999999999999", "9" * 40])
def test_a_larger_amount_is_refused(text):
    with pytest.raises(AmountTooLarge):
        parse_kronor(text)


@pytest.mark.parametrize(
    "value,message",
    [
        ("99999999999999999", "Beloppet är för stort: högst 999\xa0999\xa0999\xa0999\xa0kr."),
        ("12 kronor", "Skriv ett belopp i kronor, till exempel 120 000 eller 1 234,50."),
        ("a" * 31, "Skriv ett belopp i kronor, till exempel 120 000 eller 1 234,50."),
    ],
)
def test_the_field_says_what_is_wrong_in_swedish(value, message):
    field = KronorField(label="Belopp")
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        field.clean(value)
    assert error.value.messages == [message]
