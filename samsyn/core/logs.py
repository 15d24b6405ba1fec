"""Logs an operator can follow: every line of a request carries its request id, in JSON if asked.

The request id is taken from the proxy in front (Nginx's `$request_id` sent as X-Request-ID) when
Samsyn is told it stands behind one (SAMSYN_BEHIND_PROXY), and made here otherwise. It goes back
on the response (X-Request-ID), into every log record written while the request runs (a context
variable read by a logging filter, so no call to the logger has to pass it) and onto the error
page, where a user can quote it to IT support, who then find the request's lines in the log.

SAMSYN_LOG_FORMAT=json (the default in production) writes one JSON object a line; `text` (the
default elsewhere) a readable line. SAMSYN_ACCESS_LOG=1 (the default in production) writes a line
for every request: method, path, status, duration and the client's address.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy is taken only if it is short and plain: it goes into logs and onto a page.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Health probes come every few seconds from every load balancer: their lines would drown the rest.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})

request_id_var: ContextVar[str | None] = ContextVar("samsyn_request_id", default=None)
access_logger = logging.getLogger("samsyn.access")


def request_id_make() -> str:
    return uuid.uuid4().hex


def client_address(meta: dict[str, Any], proxies: int) -> str:
    """The visitor's address: REMOTE_ADDR, or behind `proxies` proxies the address the nearest of
    them saw, that is the entry that many from the right of X-Forwarded-For (each proxy appends
    the address it was reached from). Entries further left are the visitor's own to write."""
    remote = meta.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote


class RequestIdMiddleware:
    """First in the chain: the request id for everything after it, the client's address behind a
    proxy (so login throttling and answer limits count visitors, not the proxy), and the access log."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.SAMSYN_BEHIND_PROXY
        self.access_log = settings.SAMSYN_ACCESS_LOG

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "") if self.proxies else ""
        request_id = given if _REQUEST_ID.fullmatch(given) else request_id_make()
        request.request_id = request_id  # type: ignore[attr-defined]
        if self.proxies:
            request.META["REMOTE_ADDR"] = client_address(request.META, self.proxies)
        # Not reset when the response leaves this middleware: Django logs a 4xx or 5xx response
        # ("Not Found: …") after the whole chain has returned. It is cleared when the response is
        # closed (request_finished), and set anew by the next request in this thread.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if self.access_log and request.path not in QUIET_PATHS:
            access_logger.info(
                "%s %s %s",
                request.method,
                request.get_full_path(),
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": request.META.get("REMOTE_ADDR", ""),
                },
            )
        return response


@receiver(request_finished, dispatch_uid="samsyn.core.logs.request_id_forget")
def request_id_forget(**kwargs: Any) -> None:
    request_id_var.set(None)


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on every record (`-` outside a request: commands, workers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


# What every LogRecord has; anything else on a record came as `extra=` and goes into the JSON.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Django puts the request object on some records (and runserver its time): not data for a log line.
_DROPPED = frozenset({"request", "server_time"})


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request_id, the record's extra
    fields, and the exception's traceback as one string."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get() or "-",
        }
        for key, value in vars(record).items():
            if key in _RECORD_FIELDS or key in _DROPPED or key in line:
                continue
            line[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the error page with the request's id ("Felkod"), which a user can quote to IT.

    Rendered from a page of its own with no context processors: whatever failed (the database, a
    template tag) is not asked again."""
    request_id = getattr(request, "request_id", None) or request_id_var.get() or ""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id}))
