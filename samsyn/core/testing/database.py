"""The test database: Samhällskontraktet's demo, migrated and loaded once per run of the suite.

A pytest plugin (registered from samsyn/conftest.py, so that bench/'s tests have it too): its
django_db_setup replaces pytest-django's.

Migrating (some forty migrations) and loading the demo cost about ten seconds of CPU, and
`scripts/test` starts several test processes on each database. With SAMSYN_TEST_DATABASE_CACHE
naming a directory (scripts/test makes a fresh one for each of its runs), the first process on
each database engine migrates and fills its test database as usual, then leaves a copy there:
a file for SQLite (whose test database lives in memory), a template database for PostgreSQL.
Every later process starts from that copy instead. Without the variable, each process builds
its own, as pytest-django does.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import management
from django.db import connection
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases

from samsyn.core.testing.snapshot import Snapshot

CACHE_ENV = "SAMSYN_TEST_DATABASE_CACHE"
# PBKDF2's deliberate slowness costs a quarter of a second per password set or checked; the
# tests check who may do what, not the strength of the hash.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SAMSYN = shutil.which("samsyn") or os.path.join(os.path.dirname(sys.executable), "samsyn")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """PostgreSQL test databases commit without waiting for the disk.

    A test database is thrown away at the end, so a commit need not survive a crash; waiting for
    each commit's flush costs milliseconds, and migrating, loading the demo and every
    transactional test commit thousands of times. Several runs at once then queue on the disk."""
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    # Session-wide, so the demo's set_password calls and the live server's login checks use it too.
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings, fast_password_hasher
):
    """Every test starts from Samhällskontraktet's demo, as a new user would see it.

    In place of pytest-django's: the database is migrated and the demo loaded once per run of
    scripts/test, and its other processes start from a copy (test_database_set_up).
    Yields a snapshot of the loaded database, for putting the demo back after a flush."""
    # Imported late: samsyn/conftest.py registers this module as a plugin (and the demo's
    # loading for tests, which pauses the search index, belongs to an app above core).
    from samsyn.conftest import demo_load_for_tests

    verbosity = request.config.option.verbose
    keepdb = bool(request.config.getvalue("reuse_db") and not request.config.getvalue("create_db"))
    with django_db_blocker.unblock():
        config = test_database_set_up(demo_load_for_tests, verbosity=verbosity, keepdb=keepdb)
        snapshot = Snapshot()
        snapshot.take()
    yield snapshot
    if not keepdb:
        with django_db_blocker.unblock():
            _other_sessions_end()
            teardown_databases(config, verbosity=verbosity)


def _other_sessions_end() -> None:
    """End every other session on the PostgreSQL test database before it is dropped.

    A thread a test started (a live server's, a background worker's) can leave its connection
    open until it is collected; PostgreSQL then refuses to drop the database, and the run ends in
    an error after every test has passed. The run is over: nothing is lost by ending them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    connection.close()


def test_database_set_up(fill: Callable[[], object], **setup_options):
    """Create the test database with `fill`'s data in it; return what teardown_databases takes.

    `setup_options` go to django.test.utils.setup_databases (verbosity, keepdb)."""
    directory = os.environ.get(CACHE_ENV)
    if not directory:
        return _build(fill, setup_options)
    cache = Path(directory)
    cache.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    ready = cache / f"{vendor}.ready"
    # One process builds while the others wait: they would only build the same database.
    with open(cache / f"{vendor}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.exists():
            return _copy(vendor, ready.read_text(), setup_options)
        config = _build(fill, setup_options)
        ready.write_text(_save(vendor, cache))
        return config


def copies_to_drop(directory) -> list[str]:
    """The PostgreSQL template databases a run left in `directory` (scripts/test drops them)."""
    ready = Path(directory) / "postgresql.ready"
    return [ready.read_text()] if ready.exists() else []


def _build(fill, setup_options):
    config = setup_databases(interactive=False, aliases={"default": {}}, serialized_aliases=set(), **setup_options)
    fill()
    return config


def _save(vendor, cache: Path) -> str:
    """Copy the filled test database; return where the copy is."""
    if vendor == "sqlite":
        path = cache / "sqlite.sqlite3"
        target = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            connection.connection.backup(target)
        finally:
            target.close()
        return str(path)
    if vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_copy"
        # A template may have no connections while it is copied, this process's own included.
        connection.close()
        with connection._nodb_cursor() as cursor:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(
                f"CREATE DATABASE {quoted} TEMPLATE {connection.ops.quote_name(connection.settings_dict['NAME'])}"
            )
        return name
    raise NotImplementedError(f"no copy of a test database on {vendor}")


def _copy(vendor, source: str, setup_options):
    """Create the test database as a copy of `source`, in place of migrating and filling it."""
    real_call_command = management.call_command

    def call_command(name, *args, **kwargs):
        # create_test_db migrates the new database; the copy is migrated already.
        if name != "migrate":
            return real_call_command(name, *args, **kwargs)
        if vendor == "sqlite":
            copy = sqlite3.connect(source)
            try:
                connection.ensure_connection()
                copy.backup(connection.connection)
            finally:
                copy.close()
        return None

    with (
        _template(source if vendor == "postgresql" else None),
        mock.patch.object(management, "call_command", call_command),
    ):
        return setup_databases(interactive=False, aliases={"default": {}}, serialized_aliases=set(), **setup_options)


@contextmanager
def _template(name):
    """PostgreSQL creates the test database from template `name` (Django's TEST["TEMPLATE"])."""
    if name is None:
        yield
        return
    test_settings = connection.settings_dict.setdefault("TEST", {})
    before = test_settings.get("TEMPLATE")
    test_settings["TEMPLATE"] = name
    try:
        yield
    finally:
        test_settings["TEMPLATE"] = before


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory, worker_id) -> Path:
    """An empty SQLite file that `samsyn migrate` made, once per run of the suite: copy it before
    writing to it.

    Migrating a fresh database in a process of its own costs half a minute of CPU; the tests of the
    `samsyn` command and the backup's round trip each need one, on whichever xdist worker they
    land. The first to ask makes it in a directory the run's workers share; the others wait for it."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    path = shared / "migrated.sqlite3"
    ready = shared / "migrated.ready"
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            path.unlink(missing_ok=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
            env.update(DATABASE_URL=f"sqlite:///{path}", SAMSYN_SEARCH_SEMANTIC="0")
            result = subprocess.run(
                [SAMSYN, "migrate", "--noinput"], env=env, capture_output=True, text=True, timeout=600
            )
            assert result.returncode == 0, result.stdout + result.stderr
            ready.touch()
    return path
