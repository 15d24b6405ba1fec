"""Actions of the economy app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Who changes economic records: the economy controller and the process leader (and the
administrator). Who reads them: the board (members, chair and substitutes, who receive the
finance appendix), the Core Teams (who prioritise the pilot money and prepare the board's
matters), the process support office (deputy process leader and project leaders follow their
functions' budgets) and readers. Initiative owners, researchers and communicators are not given
the partnership's accounts.
"""

from samsyn.core.policy import ALL, STAFF
from samsyn.core.roles import Role

ECONOMY_CHANGE: dict[str, str] = {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.ECONOMY_CONTROLLER: ALL}
ECONOMY_READ: dict[str, str] = {
    **STAFF,
    **ECONOMY_CHANGE,
    Role.BOARD_CHAIR: ALL,
    Role.BOARD_MEMBER: ALL,
    Role.SUBSTITUTE: ALL,
    Role.CORE_TEAM_MEMBER: ALL,
    Role.PROJECT_LEADER: ALL,
    Role.READER: ALL,
}

RULES: dict[str, dict[str, str]] = {
    "economy.view": ECONOMY_READ,
    "economy.change": ECONOMY_CHANGE,
    # Who changed which money, when: the board oversees, staff and the controller work with it.
    "economy.history": {**ECONOMY_CHANGE, **STAFF, Role.BOARD_CHAIR: ALL, Role.BOARD_MEMBER: ALL},
}
