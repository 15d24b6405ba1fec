"""The probes (/healthz, /readyz), the request id in responses, logs and the error page, and the
client's address behind a proxy."""

import json
import logging
import re
import sys
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import path

from samsyn import urls as samsyn_urls
from samsyn.core.logs import JsonFormatter, RequestIdFilter, client_address, request_id_var

HEX_ID = re.compile(r"[0-9a-f]{32}")


def boom(request):
    raise RuntimeError("the test's failure")


# This module is also the URLconf of the error page's tests: the site's pages and one that fails.
urlpatterns = [path("boom/", boom), *samsyn_urls.urlpatterns]
handler500 = samsyn_urls.handler500


@pytest.fixture
def production_like(settings):
    """What production switches on that could stand between a probe and its answer."""
    settings.ALLOWED_HOSTS = ["samsyn.example.se"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SAMSYN_BEHIND_PROXY = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_healthz_answers_by_ip_over_http_without_the_database(production_like):
    # No `db` fixture: any query would fail the test.
    response = Client().get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_answers_when_the_database_is_migrated(production_like, db):
    response = Client().get("/readyz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_readyz_is_unavailable_while_a_migration_is_not_applied(db, caplog):
    applied = MigrationRecorder.Migration.objects.filter(app="core").order_by("-name").first()
    assert applied is not None
    applied.delete()  # as if the release brought this migration and `samsyn migrate` had not run
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "unapplied_migrations": [f"core.{applied.name}"],
    }
    assert "migration(s) not applied" in caplog.text


def test_readyz_is_unavailable_when_the_database_does_not_answer(db, caplog):
    refused = OperationalError('connection to server at "db.internal" (10.0.0.9), port 5432 failed')
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        response = Client().get("/readyz")
    assert response.status_code == 503
    # The probe learns the kind of failure; the log, read by the operators, its text.
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}
    assert "db.internal" not in response.content.decode()
    assert "db.internal" in caplog.text


def test_every_response_carries_a_request_id(db):
    first, second = Client().get("/logga-in/"), Client().get("/logga-in/")
    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "behind_proxy,given,kept",
    [
        (1, "7f3c2a9e0b1d4c5e8f6a7b8c9d0e1f2a", True),  # Nginx's $request_id
        (1, "lb-1:abc.DEF_42", True),
        (1, "<script>alert(1)</script>", False),  # not plain: a new one is made
        (1, "x" * 129, False),
        (0, "7f3c2a9e0b1d4c5e8f6a7b8c9d0e1f2a", False),  # no proxy is trusted: anyone could send it
    ],
)
def test_a_request_id_from_a_trusted_proxy_is_kept(settings, db, behind_proxy, given, kept):
    settings.SAMSYN_BEHIND_PROXY = behind_proxy
    response = Client().get("/logga-in/", HTTP_X_REQUEST_ID=given)
    if kept:
        assert response["X-Request-ID"] == given
    else:
        assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [
        (0, "10.0.0.2", "203.0.113.7", "10.0.0.2"),  # no proxy trusted: the header is the visitor's word
        (1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left entry was the visitor's to write
        (2, "10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_address_behind_proxies(proxies, remote, forwarded, expected):
    assert client_address({"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}, proxies) == expected


def test_behind_a_proxy_the_visitor_s_address_is_the_client(settings, db):
    settings.SAMSYN_BEHIND_PROXY = 1
    settings.SAMSYN_ACCESS_LOG = True
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    logging.getLogger("samsyn.access").addHandler(handler)
    try:
        Client(REMOTE_ADDR="10.0.0.2").get("/logga-in/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    finally:
        logging.getLogger("samsyn.access").removeHandler(handler)
    assert [record.client for record in seen] == ["203.0.113.7"]


def test_every_log_record_of_a_request_carries_its_id(db):
    seen = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = seen.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = Client().get("/ingen-sadan-sida/finns/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert [(r.getMessage(), r.request_id) for r in seen] == [
        ("Not Found: /ingen-sadan-sida/finns/", response["X-Request-ID"])
    ]
    # Outside a request (a command, the worker) the id is a dash.
    record = logging.LogRecord("samsyn", logging.INFO, __file__, 1, "outside", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_the_access_log_has_a_line_a_request_but_not_for_probes(settings, db):
    settings.SAMSYN_ACCESS_LOG = True
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    logging.getLogger("samsyn.access").addHandler(handler)
    try:
        client = Client()
        client.get("/healthz")
        client.get("/readyz")
        response = client.get("/logga-in/?next=/shk/")
    finally:
        logging.getLogger("samsyn.access").removeHandler(handler)
    assert len(seen) == 1
    record = seen[0]
    assert record.getMessage() == "GET /logga-in/?next=/shk/ 200"
    assert (record.method, record.path, record.status) == ("GET", "/logga-in/", 200)
    assert record.duration_ms >= 0
    RequestIdFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]


def test_no_access_log_unless_asked(settings, db):
    settings.SAMSYN_ACCESS_LOG = False
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    logging.getLogger("samsyn.access").addHandler(handler)
    try:
        Client().get("/logga-in/")
    finally:
        logging.getLogger("samsyn.access").removeHandler(handler)
    assert seen == []


@pytest.mark.urls("samsyn.core.tests.test_operations")
def test_the_error_page_shows_the_request_id_to_quote(db, caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "Något gick fel" in page
    assert f'Felkod <span lang="en">(error code)</span>: <code>{request_id}</code>' in page
    assert "kontakta IT-supporten" in page
    # The log line of the failure carries the same id, so IT support can find it.
    failures = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(failures) == 1 and failures[0].exc_info[0] is RuntimeError
    RequestIdFilter().filter(failures[0])
    assert failures[0].request_id == request_id


def test_json_log_lines():
    try:
        raise ValueError("wrong")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("samsyn.access", logging.ERROR, __file__, 1, "GET %s %s", ("/shk/", 500), exc_info)
    record.status = 500
    record.duration_ms = 12.5
    record.user = object()  # not JSON: written as its text
    token = request_id_var.set("abc123")
    try:
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR" and data["logger"] == "samsyn.access"
    assert data["message"] == "GET /shk/ 500"
    assert data["request_id"] == "abc123"
    assert data["status"] == 500 and data["duration_ms"] == 12.5
    assert data["user"].startswith("<object object")
    assert data["exception"].startswith("Traceback") and "ValueError: wrong" in data["exception"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", data["time"])


def test_json_keeps_swedish_letters_readable():
    record = logging.LogRecord("samsyn", logging.WARNING, __file__, 1, "Västerås", (), None)
    assert '"message": "Västerås"' in JsonFormatter().format(record)
