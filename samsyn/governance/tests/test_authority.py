"""Spending authority applied to a recorder (DOMAIN.md rule 3), limits read from the agreement."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from samsyn.core.policy import Actor, Grant
from samsyn.governance.authority import authority_of, limits_for, spending_check


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


def test_above_process_leader_needs_a_board_item(shk):
    with pytest.raises(ValidationError) as error:
        spending_check(partnership=shk, actor=actor("process_leader"), amount_ore=20_000_001, on=date(2024, 5, 1))
    assert error.value.code == "no_authority"
    item = SimpleNamespace(meeting=SimpleNamespace(kind="board", partnership_id=shk.pk))
    assert (
        spending_check(partnership=shk, actor=None, amount_ore=120_000_000, on=date(2024, 5, 1), board_item=item)
        == "board"
    )
    core_team_item = SimpleNamespace(meeting=SimpleNamespace(kind="core_team", partnership_id=shk.pk))
    with pytest.raises(ValidationError):
        spending_check(
            partnership=shk, actor=None, amount_ore=120_000_000, on=date(2024, 5, 1), board_item=core_team_item
        )


def test_limits_are_the_agreements_data(shk):
    from samsyn.core.models import Agreement

    agreement = Agreement.objects.filter(partnership=shk).order_by("start").first()
    agreement.limit_process_leader_ore = 30_000_000
    agreement.save()
    assert limits_for(shk, agreement.start).process_leader == 300_000
    spending_check(partnership=shk, actor=actor("process_leader"), amount_ore=25_000_000, on=agreement.start)


def test_every_authority_of_the_rules_has_a_name_for_people():
    from samsyn.governance import rules
    from samsyn.governance.models import SpendingDecision

    assert set(SpendingDecision.Authority.values) == set(rules.AUTHORITY_ORDER)
