"""Actions of the archive app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Reading a document also depends on its access level (samsyn.archive.selectors.document_readable_q).
"""

from samsyn.core.policy import ALL, EVERY_ROLE, STAFF
from samsyn.core.roles import Role

RULES: dict[str, dict[str, str]] = {
    "archive.search": EVERY_ROLE,
    "document.view": EVERY_ROLE,
    # Registering documents (diarieföring) is the process support office's task.
    "document.add": {**STAFF, Role.PROJECT_LEADER: ALL, Role.COMMUNICATOR: ALL},
    "document.change": {**STAFF, Role.PROJECT_LEADER: ALL, Role.COMMUNICATOR: ALL},
}
