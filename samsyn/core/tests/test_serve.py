"""`samsyn serve --production`: gunicorn started as an operator starts it, and its refusals.

The server runs in a process of its own on a free loopback port, against the test database (the
demo, migrated: on PostgreSQL the suite's own, which the server only reads; on SQLite, whose test
database lives in memory, a file copy of it), with the production settings and static files
collected with hashed names; the tests read its answers and the JSON lines it writes to standard
error.
"""

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from samsyn.core.gunicorn_config import workers_count

SAMSYN = shutil.which("samsyn") or os.path.join(os.path.dirname(sys.executable), "samsyn")
HOST = "samsyn.example.se"
PRODUCTION = {
    "SAMSYN_ENV": "production",
    "SAMSYN_SECRET_KEY": "k8f0-2qzv!m3x9w^e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k2l1",
    "SAMSYN_ALLOWED_HOSTS": HOST,
    "SAMSYN_SEARCH_SEMANTIC": "0",
}

# The refusals and the worker count do not depend on the suite's database: they run on SQLite.
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="does not depend on the suite's database: run on SQLite"
)


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_", "DATABASE_URL"))}
    return {**env, **extra}


def run(*args, env, check=True):
    result = subprocess.run([SAMSYN, *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    run("collectstatic", "--noinput", env=environment(**PRODUCTION, SAMSYN_STATIC_ROOT=str(root)))
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture(scope="module")
def migrated_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database (migrated, the demo loaded) copied to a file a server can open. Copied
    before any test's transaction: SQLite's backup of a database in memory waits for its lock."""
    path = tmp_path_factory.mktemp("served") / "demo.sqlite3"
    target = sqlite3.connect(path)
    try:
        with django_db_blocker.unblock():
            connection.ensure_connection()
            connection.connection.backup(target)
    finally:
        target.close()
    return path


@pytest.fixture
def database_file(migrated_demo, tmp_path):
    path = tmp_path / "served.sqlite3"
    shutil.copyfile(migrated_demo, path)
    return path


@pytest.fixture
def database_url(request, django_db_setup):
    """Where the server finds the demo: the suite's PostgreSQL test database, or a SQLite file."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{request.getfixturevalue('database_file')}"


class Server:
    def __init__(self, process, base, log_path):
        self.process, self.base, self.log_path = process, base, log_path

    def get(self, path, **headers):
        """(status, headers, body) without following redirects."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def log_lines(self):
        return self.log_path.read_text().splitlines()


@pytest.fixture
def server(database_url, static_root, tmp_path):
    port = free_port()
    log_path = tmp_path / "stderr.log"
    env = environment(
        **PRODUCTION,
        DATABASE_URL=database_url,
        SAMSYN_STATIC_ROOT=str(static_root),
        SAMSYN_ACCESS_LOG="1",
    )
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [SAMSYN, "serve", "--production", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    served = Server(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + 60
    try:
        while True:
            assert process.poll() is None, "the server stopped:\n" + log_path.read_text()
            try:
                if served.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within a minute:\n" + log_path.read_text()
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_production_server_answers_probes_pages_and_static_files_and_logs_json(server):
    # The probes answer a load balancer that asks by address over plain HTTP.
    status, headers, body = server.get("/healthz")
    assert (status, headers["Content-Type"], json.loads(body)) == (200, "application/json", {"status": "ok"})
    status, _, body = server.get("/readyz")
    assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok", "migrations": "ok"})

    # A page, through the proxy (HTTPS, the site's name, Nginx's request id).
    proxy = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    status, headers, body = server.get("/logga-in/", **proxy, **{"X-Request-ID": "nginx-4f2a9c"})
    assert status == 200 and headers["X-Request-ID"] == "nginx-4f2a9c"
    page = body.decode()
    assert "<form" in page
    # Static files by hashed names, served by WhiteNoise for as long as a browser will keep them.
    stylesheet = re.search(r'href="(/static/samsyn/css/samsyn\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page does not name its stylesheet by its hashed name"
    status, headers, body = server.get(stylesheet.group(1), **proxy)
    assert status == 200 and b"{" in body
    assert "immutable" in headers["Cache-Control"]

    # Plain HTTP to the site is sent to HTTPS; another host name is refused.
    status, headers, _ = server.get("/logga-in/", Host=HOST)
    assert status == 301 and headers["Location"] == f"https://{HOST}/logga-in/"
    status, _, _ = server.get("/logga-in/", **{**proxy, "Host": "elsewhere.example.com"})
    assert status == 400
    status, headers, _ = server.get("/hubb/ingen-sadan-hubb/", **proxy)
    assert status == 404
    missing_id = headers["X-Request-ID"]

    server.process.terminate()
    server.process.wait(timeout=30)
    lines = server.log_lines()
    # Every line a JSON object: the command's own words before gunicorn starts aside.
    records = [json.loads(line) for line in lines if line.startswith("{")]
    other = [line for line in lines if not line.startswith("{")]
    assert all(line.startswith(("System check identified no issues", "SQLite (")) for line in other), other
    # SQLite serves several workers on one machine, and the command says it serves one app server.
    sqlite_note = [line for line in other if line.startswith("SQLite (")]
    assert len(sqlite_note) == (connection.vendor == "sqlite")
    assert all({"time", "level", "logger", "message", "request_id"} <= set(r) for r in records)
    assert any(r["logger"] == "gunicorn.error" and r["message"].startswith("Listening at") for r in records)
    access = [r for r in records if r["logger"] == "samsyn.access"]
    assert not [r for r in access if r["path"] in ("/healthz", "/readyz")]
    login = [r for r in access if r["path"] == "/logga-in/" and r["status"] == 200]
    assert [(r["request_id"], r["client"], r["method"]) for r in login] == [("nginx-4f2a9c", "203.0.113.7", "GET")]
    not_found = [r for r in records if r["logger"] == "django.request" and r["message"].startswith("Not Found")]
    assert [r["request_id"] for r in not_found] == [missing_id]


@sqlite_only
def test_readyz_says_so_when_the_database_lacks_a_migration(database_file, static_root, tmp_path):
    with sqlite3.connect(database_file) as db:
        db.execute(
            "DELETE FROM django_migrations WHERE app = 'core' AND name = (SELECT max(name) FROM django_migrations WHERE app = 'core')"
        )
    env = environment(**PRODUCTION, DATABASE_URL=f"sqlite:///{database_file}", SAMSYN_STATIC_ROOT=str(static_root))
    code = (
        "from django.test import Client; r = Client().get('/readyz'); "
        "print(r.status_code, r.json()['status'], len(r.json()['unapplied_migrations']))"
    )
    out = run("shell", "--no-imports", "-c", code, env=env).stdout.split()
    assert out == ["503", "unavailable", "1"]


@pytest.mark.parametrize(
    "env,message",
    [
        ({"SAMSYN_ENV": "development"}, "set SAMSYN_ENV=production"),
        ({"SAMSYN_SECRET_KEY": ""}, "SAMSYN_SECRET_KEY must be set"),
        ({"SAMSYN_ALLOWED_HOSTS": ""}, "Set SAMSYN_ALLOWED_HOSTS"),
        ({"SAMSYN_STATIC_ROOT": "/nonexistent/static"}, "run `samsyn collectstatic --noinput`"),
        # Django's deploy check: a key this short is easy to guess.
        ({"SAMSYN_SECRET_KEY": "kort"}, "security.W009"),
    ],
)
@sqlite_only
def test_production_server_refuses_to_start_without_its_settings(static_root, tmp_path, env, message):
    full = environment(
        **PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}", SAMSYN_STATIC_ROOT=str(static_root)
    )
    full.update(env)
    result = run("serve", "--production", env=full, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Listening at" not in result.stderr


@sqlite_only
def test_production_settings_refuse_the_development_server(tmp_path):
    env = environment(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}")
    result = run("serve", env=env, check=False)
    assert result.returncode != 0 and "samsyn serve --production" in result.stderr


@pytest.mark.parametrize(
    "environ,cores,expected",
    [({}, 1, 3), ({}, 2, 5), ({}, 8, 17), ({"SAMSYN_WORKERS": "3"}, 8, 3), ({"SAMSYN_WORKERS": " "}, 2, 5)],
)
@sqlite_only
def test_workers_from_the_core_count(environ, cores, expected):
    assert workers_count(environ, cores) == expected


@sqlite_only
def test_workers_must_be_at_least_one():
    with pytest.raises(ValueError, match="SAMSYN_WORKERS must be 1 or more"):
        workers_count({"SAMSYN_WORKERS": "0"}, 2)
