"""Actions of the economy app, merged into samsyn.core.policy.RULES (see CoreConfig.ready)."""
from samsyn.core.policy import EVERY_ROLE, STAFF  # noqa: F401
from samsyn.core.roles import Role  # noqa: F401

RULES: dict[str, dict[str, str]] = {}
