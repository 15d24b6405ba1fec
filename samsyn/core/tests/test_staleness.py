from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.utils import translation

from samsyn.core.fields import KronorField
from samsyn.core.forms import VERSION_FIELD, ReadVersionMixin
from samsyn.core.lib.staleness import NOTHING, canonical, changed_since, lost_changes, version_token

READ = {"name": "Skultuna", "budget": 120_000_00, "start": date(2024, 1, 1), "parties": [3, 1]}


@pytest.mark.parametrize(
    "a, b, equal",
    [
        ([1, 2], [2, 1], True),  # a set of related records in any order
        ({1, 2}, [2, 1], True),
        (SimpleNamespace(pk=4), SimpleNamespace(pk=4), True),  # a related record by its key
        (SimpleNamespace(pk=4), SimpleNamespace(pk=5), False),
        (SimpleNamespace(pk=4), 4, True),  # the form shows the key, a save is given the record
        ([SimpleNamespace(pk=4), SimpleNamespace(pk=2)], (2, 4), True),
        (iter([2, 4]), [4, 2], True),  # a queryset is any iterable
        (1, "1", False),
        (1, True, False),
        (0, None, False),
        ("", None, False),
        (Decimal("1.0"), Decimal("1.0"), True),
        (date(2024, 1, 1), datetime(2024, 1, 1), False),
    ],
)
def test_canonical(a, b, equal):
    assert (canonical(a) == canonical(b)) is equal


@pytest.mark.parametrize(
    "now, changed",
    [
        (READ, []),
        ({**READ, "parties": [1, 3]}, []),
        ({**READ, "name": "Skultuna "}, ["name"]),
        ({**READ, "budget": 120_000_01, "start": date(2024, 1, 2)}, ["budget", "start"]),
        ({**READ, "parties": [1]}, ["parties"]),
        ({**READ, "new_field": 1}, ["new_field"]),  # a field the form did not show when it was read
        (None, []),  # gone: the page that edits it is gone too
    ],
)
def test_changed_since(now, changed):
    assert changed_since(version_token(READ), now) == changed


@pytest.mark.parametrize(
    "token, now, changed",
    [
        (NOTHING, None, []),
        (NOTHING, {"amount": 1, "made_on": date(2024, 5, 1)}, ["amount", "made_on"]),  # recorded meanwhile
        ("garbage", {"amount": 1}, ["amount"]),
        ("", {"amount": 1}, ["amount"]),
    ],
)
def test_changed_since_nothing_or_garbage(token, now, changed):
    assert changed_since(token, now) == changed


@pytest.mark.parametrize(
    "now, posted, lost",
    [
        ({**READ, "name": "Kvicksund"}, {**READ, "budget": 1}, ["name"]),  # would write the old name back
        ({**READ, "name": "Kvicksund"}, {**READ, "name": "Kvicksund"}, []),  # the same form sent twice
        ({**READ, "name": "Kvicksund"}, {**READ, "name": "Eskilstuna"}, ["name"]),
        ({**READ, "name": "Kvicksund"}, {"budget": 1}, ["name"]),  # not posted: not known to agree
        (READ, {**READ, "name": "Eskilstuna"}, []),  # nobody else changed anything
        (None, READ, []),
    ],
)
def test_lost_changes(now, posted, lost):
    assert lost_changes(version_token(READ), now, posted) == lost


def test_token_is_short_and_says_nothing_of_the_values():
    token = version_token({"text": "x" * 10_000})
    assert len(token) < 30 and "x" not in token.partition("=")[2]


# ---- the form mixin, on a plain form filled from a record -----------------------------------


class PlanForm(ReadVersionMixin, forms.Form):
    edits_existing = True
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(label="Colour", choices=[("green", "Green"), ("red", "Red")])
    amount = KronorField(label="Amount", required=False)


RECORD = {"name": "Skultuna", "colour": "green", "amount": 120_000_00}


def _read(record):
    """The form a person opens: its hidden version as drawn."""
    form = PlanForm(initial=record)
    return {"name": record["name"], "colour": record["colour"], VERSION_FIELD: form[VERSION_FIELD].value()}


def test_an_unchanged_record_saves():
    posted = {**_read(RECORD), "name": "Skultuna testbädd"}
    form = PlanForm(posted, initial=RECORD)
    assert form.is_valid(), form.errors
    assert VERSION_FIELD not in form.cleaned_data  # the services get only the record's fields


def test_a_stale_save_names_what_changed_and_its_value_now_and_saving_again_passes():
    posted = {**_read(RECORD), "name": "Skultuna testbädd"}
    now = {**RECORD, "colour": "red", "amount": 150_000_00}
    form = PlanForm(posted, initial=now)
    with translation.override("en"):
        assert not form.is_valid()
        (message,) = form.non_field_errors()
    assert "Colour (now: “Red”)" in message and "Amount (now: “150\xa0000\xa0kr”)" in message
    assert "Name" not in message
    # Drawn again: the person's input, and the version just read.
    assert form["name"].value() == "Skultuna testbädd"
    again = PlanForm({**posted, VERSION_FIELD: form[VERSION_FIELD].value()}, initial=now)
    assert again.is_valid(), again.errors


def test_a_post_without_a_version_is_not_checked():
    form = PlanForm({"name": "X", "colour": "red"}, initial=RECORD)
    assert form.is_valid()


def test_a_form_for_a_new_record_has_no_version():
    class NewForm(ReadVersionMixin, forms.Form):
        name = forms.CharField()

    assert VERSION_FIELD not in NewForm().fields


def test_a_value_emptied_meanwhile_is_said_in_words():
    posted = {**_read(RECORD), "amount": "1 000"}
    form = PlanForm(posted, initial={**RECORD, "amount": None})
    with translation.override("en"):
        assert not form.is_valid()
        assert "Amount (now empty)" in form.non_field_errors()[0]
