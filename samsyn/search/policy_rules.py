"""Actions of the search app, merged into samsyn.core.policy.RULES (see CoreConfig.ready).

What a search shows also depends on each text's access level (samsyn.search.engine.access_sql).
"""

from samsyn.core.policy import EVERY_ROLE

RULES: dict[str, dict[str, str]] = {
    # The action keeps its name from when search was part of the archive: roles data may name it.
    "archive.search": EVERY_ROLE,
}
