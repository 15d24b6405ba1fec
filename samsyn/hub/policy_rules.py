"""Actions of the hub app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

Reading the public hub needs no role at all (its pages are public); deciding what it shows is the
office's and the communicator's."""

from samsyn.core.policy import ALL, STAFF
from samsyn.core.roles import Role

RULES: dict[str, dict[str, str]] = {
    "hub.manage": {**STAFF, Role.COMMUNICATOR: ALL},
}
