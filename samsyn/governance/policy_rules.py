"""Actions of the governance app, merged into samsyn.core.policy.RULES (see CoreConfig.ready)."""

from samsyn.core.policy import ALL, EVERY_ROLE, FOCUS_AREA, NAMED, STAFF
from samsyn.core.roles import Role

BOARD: dict[str, str] = {Role.BOARD_CHAIR: ALL, Role.BOARD_MEMBER: ALL, Role.SUBSTITUTE: ALL}
SECRETARIES: dict[str, str] = {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.DEPUTY_PROCESS_LEADER: ALL}

RULES: dict[str, dict[str, str]] = {
    # Meetings, agendas and minutes: everyone in the partnership reads them (an open archive).
    "meeting.view": EVERY_ROLE,
    # The process support office prepares meetings and writes minutes; a Core Team its own meetings.
    "meeting.change": {**SECRETARIES, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    # The notice goes out from those who prepare the meeting, as the secretaries; a Core Team its own.
    "meeting.notice_send": {**SECRETARIES, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    # Minutes are approved (justeras) by the adjusters the meeting names, whatever their role in the
    # partnership; nobody else, not even the chair or an administrator unless named. A reader only reads.
    "minutes.approve": {role: NAMED for role in Role if role != Role.READER},
    # Assignments are followed up by the staff and by those who hold them.
    "assignment.view": EVERY_ROLE,
    "assignment.change": {**SECRETARIES, Role.CORE_TEAM_MEMBER: FOCUS_AREA},
    # A person renews their own secret calendar link (a reader only reads: the link is made for them).
    "calendar.renew": {role: ALL for role in Role if role != Role.READER},
    # Spending decisions: who may decide what amount is rule 3 (authority.spending_check).
    "spending.view": {**STAFF, **BOARD, Role.ECONOMY_CONTROLLER: ALL, Role.PROJECT_LEADER: ALL},
    "spending.decide": {**STAFF, Role.PROJECT_LEADER: ALL},
    # Requisitions and fees: the economy controller and the process leader.
    "requisition.view": {**STAFF, **BOARD, Role.ECONOMY_CONTROLLER: ALL},
    "requisition.change": {Role.ADMINISTRATOR: ALL, Role.ECONOMY_CONTROLLER: ALL, Role.PROCESS_LEADER: ALL},
    "fees.view": {**STAFF, **BOARD, Role.ECONOMY_CONTROLLER: ALL},
    # The business plan of a year: everyone reads it; the process support office writes it (its
    # introduction, goals, activities, who is responsible, the year's KPI targets) for the board to adopt.
    "plan.view": EVERY_ROLE,
    "plan.change": dict(SECRETARIES),
    # Operational goals and their status.
    "goal.view": EVERY_ROLE,
    "goal.change": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.DEPUTY_PROCESS_LEADER: ALL},
    # The process leader's report.
    "report.view": EVERY_ROLE,
    "report.change": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL},
}
