"""Probes for a load balancer or an orchestrator: /healthz and /readyz, answered in JSON.

/healthz says the process answers; it asks nothing of the database, so a probe every few seconds
costs no query, and a database outage does not get every app server restarted.
/readyz says the app server can serve: the database answers and every migration on disk is
applied to it (503 otherwise, with what is missing), so a load balancer sends no visitor to a
server whose release is ahead of its database.

Answered by a middleware near the start of the chain, before the host check, the HTTPS redirect
and the session: a load balancer probes by the server's address over plain HTTP, and neither its
Host header nor its scheme is the site's.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def readiness_check() -> tuple[bool, dict[str, object]]:
    """(ready, the body): the database reachable and no migration left to apply."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        # The error's text may name hosts and users: it goes to the log, its kind to the probe.
        logger.warning("Not ready: the database does not answer: %s", error)
        return False, {"status": "unavailable", "database": type(error).__name__}
    if plan:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
        logger.warning("Not ready: %d migration(s) not applied, the first %s", len(names), names[0])
        return False, {"status": "unavailable", "database": "ok", "unapplied_migrations": names}
    return True, {"status": "ok", "database": "ok", "migrations": "ok"}


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH:
            return _probe_response({"status": "ok"}, 200)
        if request.path == READY_PATH:
            ready, body = readiness_check()
            return _probe_response(body, 200 if ready else 503)
        return self.get_response(request)


def _probe_response(body: dict[str, object], status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    # A probe's answer is about this moment and this server.
    response["Cache-Control"] = "no-store"
    return response
