"""Role × action: who may do what in follow-up (policy_rules.RULES)."""

import pytest

from samsyn.core.policy import Actor, Grant, Target, allows
from samsyn.core.roles import Role

P = 1
FA, OTHER_FA = 10, 11
R = Role
EXPECTED = {
    # action: roles allowed (reach ALL or, for Core Team, their own focus area)
    "followup.view": set(R),
    "kpi.manage": {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER, R.RESEARCHER},
    "measurement.record": {
        R.ADMINISTRATOR,
        R.PROCESS_LEADER,
        R.DEPUTY_PROCESS_LEADER,
        R.RESEARCHER,
        R.ECONOMY_CONTROLLER,
        R.CORE_TEAM_MEMBER,
    },
    "evaluation.manage": {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER, R.RESEARCHER},
    "evaluation.results": set(R),
    "story.change": {
        R.ADMINISTRATOR,
        R.PROCESS_LEADER,
        R.DEPUTY_PROCESS_LEADER,
        R.RESEARCHER,
        R.COMMUNICATOR,
        R.CORE_TEAM_MEMBER,
    },
    "story.view_unpublished": {
        R.ADMINISTRATOR,
        R.PROCESS_LEADER,
        R.DEPUTY_PROCESS_LEADER,
        R.RESEARCHER,
        R.COMMUNICATOR,
        R.CORE_TEAM_MEMBER,
    },
    "event.change": {
        R.ADMINISTRATOR,
        R.PROCESS_LEADER,
        R.DEPUTY_PROCESS_LEADER,
        R.RESEARCHER,
        R.COMMUNICATOR,
        R.CORE_TEAM_MEMBER,
    },
    "annual_report.view": set(R),
    "followup_plan.change": {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER, R.RESEARCHER, R.BOARD_CHAIR},
}
FOCUS_SCOPED = {"measurement.record", "story.change", "story.view_unpublished", "event.change"}


def actor(role):
    return Actor(
        partnership_id=P, person_id=5, grants=frozenset({Grant(role, FA if role == R.CORE_TEAM_MEMBER else None)})
    )


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", list(R))
def test_role_action(role, action):
    assert allows(actor(role), action, Target(P, frozenset({FA}))) == (role in EXPECTED[action])


@pytest.mark.parametrize("action", sorted(FOCUS_SCOPED))
def test_core_team_only_in_own_focus_area(action):
    assert not allows(actor(R.CORE_TEAM_MEMBER), action, Target(P, frozenset({OTHER_FA})))
    assert allows(actor(R.PROCESS_LEADER), action, Target(P, frozenset({OTHER_FA})))


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_other_partnership_never(action):
    assert not allows(actor(R.ADMINISTRATOR), action, Target(P + 1))


def test_no_roles_no_access():
    assert not allows(Actor(partnership_id=P, person_id=None), "followup.view")
