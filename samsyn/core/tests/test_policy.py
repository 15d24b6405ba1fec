"""The access rules as a table of role × action × target, without a database."""

import pytest

from samsyn.core.policy import RULES, Actor, Grant, Target, allows
from samsyn.core.roles import Role

SHK, OTHER = 1, 2
BARN, ALDRE = 10, 20
ME, SOMEONE = 100, 200


def actor(role, focus_area=None, partnership=SHK, person=ME):
    return Actor(partnership_id=partnership, person_id=person, grants=frozenset({Grant(role, focus_area)}))


barn_initiative = Target(SHK, frozenset({BARN}), owner_person_id=SOMEONE)
aldre_initiative = Target(SHK, frozenset({ALDRE}), owner_person_id=SOMEONE)
my_initiative = Target(SHK, frozenset({ALDRE}), owner_person_id=ME)
other_partnership_initiative = Target(OTHER, frozenset({BARN}), owner_person_id=ME)

CASES = [
    # (role, focus area of the role, action, target, allowed)
    (Role.READER, None, "initiative.view", barn_initiative, True),
    (Role.READER, None, "initiative.change", barn_initiative, False),
    (Role.READER, None, "initiative.change", my_initiative, False),
    (Role.READER, None, "initiative.create", None, False),
    (Role.READER, None, "initiative.delete", barn_initiative, False),
    (Role.READER, None, "person.manage", None, False),
    (Role.CORE_TEAM_MEMBER, BARN, "initiative.change", barn_initiative, True),
    (Role.CORE_TEAM_MEMBER, BARN, "initiative.change", aldre_initiative, False),
    (Role.CORE_TEAM_MEMBER, ALDRE, "initiative.change", aldre_initiative, True),
    (Role.CORE_TEAM_MEMBER, ALDRE, "initiative.change", barn_initiative, False),
    (Role.CORE_TEAM_MEMBER, BARN, "initiative.create", Target(SHK, frozenset({BARN})), True),
    (Role.CORE_TEAM_MEMBER, BARN, "initiative.create", Target(SHK, frozenset({ALDRE})), False),
    (Role.CORE_TEAM_MEMBER, BARN, "initiative.delete", barn_initiative, False),
    (Role.INITIATIVE_OWNER, None, "initiative.change", my_initiative, True),
    (Role.INITIATIVE_OWNER, None, "initiative.change", aldre_initiative, False),
    (Role.INITIATIVE_OWNER, None, "initiative.create", Target(SHK, frozenset({ALDRE})), False),
    (Role.PROCESS_LEADER, None, "initiative.change", barn_initiative, True),
    (Role.PROCESS_LEADER, None, "initiative.delete", aldre_initiative, True),
    (Role.PROCESS_LEADER, None, "person.manage", None, True),
    (Role.ADMINISTRATOR, None, "initiative.change", aldre_initiative, True),
    (Role.BOARD_MEMBER, None, "initiative.view", aldre_initiative, True),
    (Role.BOARD_MEMBER, None, "initiative.change", aldre_initiative, False),
    (Role.BOARD_CHAIR, None, "initiative.change", aldre_initiative, False),
    (Role.ECONOMY_CONTROLLER, None, "audit.view", None, True),
    (Role.ECONOMY_CONTROLLER, None, "initiative.change", barn_initiative, False),
    (Role.RESEARCHER, None, "initiative.change", barn_initiative, False),
    (Role.COMMUNICATOR, None, "initiative.change", barn_initiative, False),
    (Role.SUBSTITUTE, None, "initiative.view", barn_initiative, True),
    # No one reaches into another partnership, whatever their role there.
    (Role.ADMINISTRATOR, None, "initiative.view", other_partnership_initiative, False),
    (Role.PROCESS_LEADER, None, "initiative.change", other_partnership_initiative, False),
    (Role.INITIATIVE_OWNER, None, "initiative.change", other_partnership_initiative, False),
]


@pytest.mark.parametrize("role,focus_area,action,target,allowed", CASES)
def test_policy_table(role, focus_area, action, target, allowed):
    assert allows(actor(role, focus_area), action, target) is allowed


@pytest.mark.parametrize("action", sorted(RULES))
def test_no_roles_no_rights(action):
    assert not allows(None, action, barn_initiative)
    assert not allows(Actor(SHK, ME, frozenset()), action, barn_initiative)


# Actions that only read: viewing, searching the archive, seeing an evaluation's results.
READ_ACTIONS = (".view", ".search", ".results")


@pytest.mark.parametrize("action", [a for a in RULES if not a.endswith(READ_ACTIONS)])
def test_reader_cannot_change_anything(action):
    assert not allows(actor(Role.READER), action, None)
    assert not allows(actor(Role.READER), action, my_initiative)


def test_every_role_may_view_its_partnership():
    for role in Role:
        assert allows(actor(role, BARN), "partnership.view", Target(SHK))


def test_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError):
        allows(actor(Role.ADMINISTRATOR), "initiative.teleport", None)
