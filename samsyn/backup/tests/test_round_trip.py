"""A backup of the demo goes from SQLite to PostgreSQL and back to SQLite, through the `samsyn` command.

The suite's database (A) is exported, restored into a fresh PostgreSQL database (B), exported from
there and restored into a fresh SQLite file (C). Each database is then read through the same
commands (samsyn.backup.testing.probe): the reports' JSON, the hits of search and related, every
document version's bytes, the counts, the audit history and the logins must be the same. Scores
are each engine's own: PostgreSQL's ts_rank and SQLite's bm25 order equal hits differently.

The round trip is one test: under pytest-xdist a module's tests can land on both workers, and the
round trip (a migration, two restores, probes) should run once. It runs on the SQLite pass only,
since the PostgreSQL pass would repeat the same subprocesses.
"""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection

from samsyn.backup.bundle import FORMAT, FORMAT_VERSION
from samsyn.backup.partnership import partnership_export
from samsyn.backup.testing import probe
from samsyn.core.models import Partnership

SAMSYN = shutil.which("samsyn") or os.path.join(os.path.dirname(sys.executable), "samsyn")
PG_URL = os.environ.get("SAMSYN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/samsyn")

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the round trip makes its own databases: run on the SQLite pass"
)


def run(*args, url, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    env["DATABASE_URL"] = url
    # Search by words, as the suite's own database searches (A, read in this process): the
    # restored databases are compared with it.
    env["SAMSYN_SEARCH_SEMANTIC"] = "0"
    if args[0] == "shell":
        args = ("shell", "--no-imports", *args[1:])
    result = subprocess.run([SAMSYN, *args], env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def run_probe(url):
    code = "from samsyn.backup.testing import probe_print; probe_print('shk')"
    return json.loads(run("shell", "-c", code, url=url).stdout)


def _server():
    parts = urlsplit(PG_URL)
    return {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username, "password": parts.password}


def postgres_database(name):
    """A fresh database on the test server (dropped first if a failed run left it), or None without a server."""
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **_server()) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("SAMSYN_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"no PostgreSQL server for the round trip: {exc}")
    server = _server()
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def postgres_drop(name):
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def round_trip(db, tmp_path, migrated_sqlite):
    name = f"samsyn_backup_rt_{os.getpid()}"
    a_zip = tmp_path / "a.zip"
    manifest = partnership_export(Partnership.objects.get(slug="shk"), a_zip)
    a = probe("shk")
    b_url = postgres_database(name)
    # C starts as a copy of the run's freshly migrated SQLite file (`samsyn migrate`, made once).
    shutil.copyfile(migrated_sqlite, tmp_path / "c.sqlite3")
    c_url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    try:
        with ThreadPoolExecutor(2) as pool:
            run("migrate", "--noinput", url=b_url)
            restored = run("import", "partnership", str(a_zip), url=b_url)
            again = pool.submit(run, "import", "partnership", str(a_zip), url=b_url, check=False)
            b_zip = tmp_path / "b.zip"
            run("export", "--partnership", "shk", str(b_zip), url=b_url)
            again = again.result()
            b_future = pool.submit(run_probe, b_url)
            run("import", "partnership", str(b_zip), url=c_url)
            c = run_probe(c_url)
            b = b_future.result()
    finally:
        postgres_drop(name)
    return {"manifest": manifest, "a": a, "b": b, "c": c, "restored": restored, "again": again}


def _without_scores(search):
    return {word: sorted(hit[:3] for hit in hits) for word, hits in search.items()}


def _with_scores(search):
    return {word: sorted(hits) for word, hits in search.items()}


def test_sqlite_to_postgresql_to_sqlite_keeps_reports_hits_files_history_and_logins(round_trip):
    """Also: a second restore into the same database is refused."""
    a, b, c, manifest = round_trip["a"], round_trip["b"], round_trip["c"], round_trip["manifest"]
    failures = []

    def same(what, left, right):
        if left != right:
            failures.append(what)

    # The export's manifest describes the file.
    assert manifest["format"] == FORMAT and manifest["format_version"] == FORMAT_VERSION
    assert manifest["partnership"] == "shk" and manifest["engine"] == "sqlite"
    assert all(len(member["sha256"]) == 64 for member in manifest["members"].values())
    assert {entry["model"]: entry["count"] for entry in manifest["data"]}["archive.DocumentVersion"] == len(a["files"])

    assert "shk" in round_trip["restored"].stdout
    # A second restore into B is refused, in Swedish and without a traceback, and writes nothing:
    # B reads the same as A afterwards (below).
    again = round_trip["again"]
    assert again.returncode == 1
    assert "Partnerskapet shk finns redan i databasen" in again.stderr, again.stderr
    assert "Traceback" not in again.stderr
    for name, other in (("PostgreSQL", b), ("SQLite again", c)):
        same(f"{name}: report finance", a["finance"], other["finance"])
        same(f"{name}: report annual", a["annual"], other["annual"])
        same(f"{name}: search hits", _without_scores(a["search"]), _without_scores(other["search"]))
        same(f"{name}: related", a["related"], other["related"])
        same(f"{name}: document bytes", a["files"], other["files"])
        same(f"{name}: counts", a["counts"], other["counts"])
        same(f"{name}: audit history", a["audit"], other["audit"])
        same(f"{name}: logins and their password hashes", a["logins"], other["logins"])
    # The same engine ranks the same texts the same: equal scores (ties may come in another order).
    same("SQLite again: search scores", _with_scores(a["search"]), _with_scores(c["search"]))
    assert not failures, "differs after the round trip: " + ", ".join(failures)

    # The reports and searches were not empty: there was something to compare.
    assert json.loads(a["finance"]) and json.loads(a["annual"])
    assert all(a["search"].values()) and any(a["related"].values())
    assert all(sha == stored for sha, stored in a["files"].values())
    assert a["audit"] and a["logins"]
