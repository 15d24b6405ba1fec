"""Actions of the hub app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Reading the public hub needs no role at all (its pages are public); deciding what it shows is the
office's and the communicator's; challenges are also the problem owners'."""

from samsyn.core.policy import ALL, STAFF
from samsyn.core.roles import Role

RULES: dict[str, dict[str, str]] = {
    "hub.manage": {**STAFF, Role.COMMUNICATOR: ALL},
    # Challenges for students and researchers: problem owners among the initiatives' people write
    # them and answer the interests, with the office.
    "challenge.manage": {
        **STAFF,
        Role.COMMUNICATOR: ALL,
        Role.INITIATIVE_OWNER: ALL,
        Role.PROJECT_LEADER: ALL,
        Role.CORE_TEAM_MEMBER: ALL,
    },
}
# Open questions to everyone (perspektivinsamling): the same people write them and review the
# answers before any is shown; taking an answer into an initiative's learning log also needs the
# right to write in that log (learning.add).
RULES["question.manage"] = dict(RULES["challenge.manage"])
