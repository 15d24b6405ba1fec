"""Actions of the portfolio app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Staff change everything; a Core Team member changes what belongs to their focus area; an
initiative owner or project leader changes their own initiative.
"""

from samsyn.core.policy import ALL, EVERY_ROLE, FOCUS_AREA, OWN, STAFF
from samsyn.core.roles import Role

RULES: dict[str, dict[str, str]] = {
    "initiative.view": EVERY_ROLE,
    "initiative.create": {**STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "initiative.change": {
        **STAFF,
        Role.CORE_TEAM_MEMBER: FOCUS_AREA,
        Role.INITIATIVE_OWNER: OWN,
        Role.PROJECT_LEADER: OWN,
    },
    "initiative.delete": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL},
    # Moving an initiative between phases rests on a decision: staff and the focus area's Core Team.
    "initiative.move_phase": {**STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "portfolio.view": EVERY_ROLE,
    # The whole-portfolio matrix: a Core Team member places and moves items of their focus area.
    "matrix.change": {**STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "proposal.view": EVERY_ROLE,
    "proposal.change": {**STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    # The Core Team decides on its own focus area's proposal.
    "proposal.decide": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "relation.change": {
        **STAFF,
        Role.CORE_TEAM_MEMBER: FOCUS_AREA,
        Role.INITIATIVE_OWNER: OWN,
        Role.PROJECT_LEADER: OWN,
    },
    "learning.add": {
        **STAFF,
        Role.CORE_TEAM_MEMBER: FOCUS_AREA,
        Role.INITIATIVE_OWNER: OWN,
        Role.PROJECT_LEADER: OWN,
        Role.RESEARCHER: ALL,
    },
    "status.add": {**STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA, Role.INITIATIVE_OWNER: OWN, Role.PROJECT_LEADER: OWN},
}
