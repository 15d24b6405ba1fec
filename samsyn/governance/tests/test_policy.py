"""Every governance action as every role (the policy table is data; this pins it)."""

import pytest

from samsyn.core.policy import Actor, Grant, Target, allows
from samsyn.core.roles import Role

R = Role
EVERYONE = set(Role)
BOARD = {R.BOARD_CHAIR, R.BOARD_MEMBER, R.SUBSTITUTE}
STAFF = {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER}

# action -> roles allowed on a board meeting (no focus area), roles allowed on their own focus area's object only.
EXPECTED = {
    "meeting.view": (EVERYONE, set()),
    "meeting.change": (STAFF, {R.CORE_TEAM_MEMBER}),
    "meeting.notice_send": (STAFF, {R.CORE_TEAM_MEMBER}),
    # Only the adjusters a meeting names approve its minutes: no role does by itself (test_minutes_lock).
    "minutes.approve": (set(), set()),
    "assignment.view": (EVERYONE, set()),
    "assignment.change": (STAFF, {R.CORE_TEAM_MEMBER}),
    "spending.view": (STAFF | BOARD | {R.ECONOMY_CONTROLLER, R.PROJECT_LEADER}, set()),
    "spending.decide": (STAFF | {R.PROJECT_LEADER}, set()),
    "requisition.view": (STAFF | BOARD | {R.ECONOMY_CONTROLLER}, set()),
    "requisition.change": ({R.ADMINISTRATOR, R.ECONOMY_CONTROLLER, R.PROCESS_LEADER}, set()),
    "fees.view": (STAFF | BOARD | {R.ECONOMY_CONTROLLER}, set()),
    # The year's business plan: read by everyone, written by the process support office.
    "plan.view": (EVERYONE, set()),
    "plan.change": (STAFF, set()),
    "goal.view": (EVERYONE, set()),
    "goal.change": (STAFF, set()),
    "report.view": (EVERYONE, set()),
    "report.change": ({R.ADMINISTRATOR, R.PROCESS_LEADER}, set()),
    "calendar.renew": (EVERYONE - {R.READER}, set()),
}
OWN_AREA, OTHER_AREA = 7, 8


def actor(role):
    return Actor(
        partnership_id=1,
        person_id=None,
        grants=frozenset({Grant(role, OWN_AREA if role == R.CORE_TEAM_MEMBER else None)}),
    )


CASES = [(action, role) for action in EXPECTED for role in Role]


@pytest.mark.parametrize("action, role", CASES)
def test_role_by_action(action, role):
    everywhere, own_area = EXPECTED[action]
    board_meeting = Target(partnership_id=1)
    own = Target(partnership_id=1, focus_area_ids=frozenset({OWN_AREA}))
    other = Target(partnership_id=1, focus_area_ids=frozenset({OTHER_AREA}))
    assert allows(actor(role), action, board_meeting) == (role in everywhere)
    assert allows(actor(role), action, own) == (role in everywhere or role in own_area)
    assert allows(actor(role), action, other) == (role in everywhere)
    # Never across partnerships.
    assert not allows(actor(role), action, Target(partnership_id=2))


def test_every_governance_action_is_pinned():
    from samsyn.governance.policy_rules import RULES

    assert set(RULES) == set(EXPECTED)
