"""Actions of the followup app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Answering an evaluation needs no role: the evaluation's open link is the permission, or for one
for invited people only their invitation, so the service that answers (responses_submit) takes no actor.
Every other write service checks these actions itself.
"""

from samsyn.core.policy import ALL, EVERY_ROLE, FOCUS_AREA, STAFF
from samsyn.core.roles import Role

FOLLOWUP_STAFF: dict[str, str] = {**STAFF, Role.RESEARCHER: ALL}

RULES: dict[str, dict[str, str]] = {
    "followup.view": EVERY_ROLE,
    # KPIs: the office defines them; staff, the accompanying researcher and a focus area's Core Team record values.
    "kpi.manage": dict(FOLLOWUP_STAFF),
    "measurement.record": {**FOLLOWUP_STAFF, Role.CORE_TEAM_MEMBER: FOCUS_AREA, Role.ECONOMY_CONTROLLER: ALL},
    # Traffic-light evaluations: the organiser (staff or researcher) sets them up and runs them live.
    "evaluation.manage": dict(FOLLOWUP_STAFF),
    "evaluation.results": EVERY_ROLE,
    # Impact stories: anyone sees the published ones; unpublished only those who may change them.
    "story.change": {**FOLLOWUP_STAFF, Role.COMMUNICATOR: ALL, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "story.view_unpublished": {**FOLLOWUP_STAFF, Role.COMMUNICATOR: ALL, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "event.change": {**FOLLOWUP_STAFF, Role.COMMUNICATOR: ALL, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    "annual_report.view": EVERY_ROLE,
    "followup_plan.change": {**FOLLOWUP_STAFF, Role.BOARD_CHAIR: ALL},
}
