"""The audit history's before and after in words: pure, with hand-made field descriptions."""

import pytest

from samsyn.core.audit import FieldInfo, audit_changes, audit_value

BUDGET = FieldInfo("budget", "money")
PHASE = FieldInfo("fas", "choice", {"ongoing": "Pågående", "phase_1": "Fas 1"})
FIELDS = {"name": FieldInfo("namn"), "budget_ore": BUDGET, "phase": PHASE, "public": FieldInfo("offentlig", "bool")}


def plain(text: str) -> str:
    """Money is grouped with no-break spaces; the expectations are written with plain ones."""
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("value", "info", "words"),
    [
        (10_000_000, BUDGET, "100 000 kr"),
        (12_000_050, BUDGET, "120 000,50 kr"),
        (None, BUDGET, "inget värde"),
        ("", FieldInfo("namn"), "inget värde"),
        ("phase_1", PHASE, "Fas 1"),
        ("unknown", PHASE, "unknown"),
        (True, FieldInfo("x", "bool"), "ja"),
        (False, FieldInfo("x", "bool"), "nej"),
        ("2024-09-19", FieldInfo("datum", "date"), "19 september 2024"),
        ("not a date", FieldInfo("datum", "date"), "not a date"),
        ("x" * 100, FieldInfo("text"), "x" * 79 + "…"),
    ],
)
def test_a_value_reads_as_people_say_it(value, info, words):
    assert plain(audit_value(value, info)) == words


def test_a_change_says_each_changed_field_from_and_to():
    before = {"name": "Studentcoacher", "budget_ore": 10_000_000, "phase": "ongoing", "owner": 3}
    after = {"name": "Studentcoacher", "budget_ore": 12_000_000, "phase": "phase_1", "owner": 4}
    assert [plain(c) for c in audit_changes(before, after, FIELDS)] == [
        "budget från 100 000 kr till 120 000 kr",
        "fas från Pågående till Fas 1",
    ]


def test_an_added_record_says_what_it_holds_without_keys_or_its_name_again():
    after = {"name": "Studentcoacher", "budget_ore": 10_000_000, "public": True, "owner": 3, "focus_areas": [1, 2]}
    assert [plain(c) for c in audit_changes(None, after, FIELDS)] == ["budget: 100 000 kr", "offentlig: ja"]


@pytest.mark.parametrize("data", [None, [], "text", {"unknown": 1}])
def test_anything_else_says_nothing(data):
    assert audit_changes(data, data, FIELDS) == []
