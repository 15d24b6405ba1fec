"""The `samsyn` command as a new user runs it, on a fresh SQLite file."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

SAMSYN = shutil.which("samsyn") or os.path.join(os.path.dirname(sys.executable), "samsyn")

# Each test runs the command on a database of its own choosing (a fresh SQLite file, or none), not
# on the suite's: the PostgreSQL run would repeat the same subprocesses, half a minute of them.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the command's own database does not depend on the suite's: run on SQLite"
)


def run(*args, env=None, check=True):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    # The demo's texts are not read by the semantic model here: these tests are about the commands.
    full_env["SAMSYN_SEARCH_SEMANTIC"] = "0"
    full_env.update(env or {})
    if args and args[0] == "shell":
        args = ("shell", "--no-imports", *args[1:])
    # A fresh migrate and demo load with the real password hash: minutes when the machine is busy.
    result = subprocess.run([SAMSYN, *args], env=full_env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def sqlite_url(tmp_path):
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}, tmp_path / "fresh.sqlite3"


@pytest.fixture
def migrated(migrated_sqlite):
    """A SQLite file that `samsyn migrate` created, once per run for the tests below and the backup's
    round trip, whichever xdist workers they land on (half a minute each time)."""
    return migrated_sqlite


@pytest.fixture
def migrated_url(migrated, tmp_path):
    """A copy of the migrated file, for a test that writes to it."""
    path = tmp_path / "fresh.sqlite3"
    shutil.copyfile(migrated, path)
    return {"DATABASE_URL": f"sqlite:///{path}"}, path


def count(path, table):
    with sqlite3.connect(path) as db:
        return db.execute(f"select count(*) from {table}").fetchone()[0]


def test_migrate_creates_no_users(migrated):
    assert count(migrated, "auth_user") == 0
    assert count(migrated, "core_partnership") == 0


def test_demo_loads_prints_logins_and_is_idempotent(migrated_url):
    env, path = migrated_url
    first = run("demo", "--no-serve", "--password", "hemligt-lösen", env=env)
    for username in [
        "admin",
        "processledare",
        "ekonomi",
        "styrelse",
        "coreteam-barn",
        "coreteam-aldre",
        "initiativagare",
        "lasare",
    ]:
        assert username in first.stdout
    assert "hemligt-lösen" in first.stdout
    tables = [
        "auth_user",
        "core_person",
        "core_roleassignment",
        "portfolio_initiative",
        "portfolio_initiative_focus_areas",
    ]
    before = {t: count(path, t) for t in tables}
    assert before["auth_user"] == 8 and before["portfolio_initiative"] >= 25
    second = run("demo", "--no-serve", env=env)
    assert {t: count(path, t) for t in tables} == before
    assert "Demoinloggningarna fanns redan; deras lösenord är oförändrade" in second.stdout


def test_demo_generates_a_password_when_none_is_given(migrated_url):
    env, _ = migrated_url
    out = run("demo", "--no-serve", env=env).stdout
    lines = [line for line in out.splitlines() if line.startswith("Lösenord för alla demoinloggningar: ")]
    assert len(lines) == 1
    assert len(lines[0].rsplit(":", 1)[1].strip()) >= 10


def test_shell_runs_code(migrated_url):
    env, _ = migrated_url
    out = run("shell", "-c", "from samsyn.core.models import Partnership; print(Partnership.objects.count())", env=env)
    assert out.stdout.strip() == "0"


PRODUCTION = {
    "SAMSYN_ENV": "production",
    "SAMSYN_SECRET_KEY": "k8f0-2qzv!m3x9w^e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k2l1",
    "SAMSYN_ALLOWED_HOSTS": "samsyn.example.se,www.samsyn.example.se",
}


def test_check_deploy_is_clean_in_production(sqlite_url):
    env, _ = sqlite_url
    result = run("check", "--deploy", "--fail-level", "WARNING", env={**env, **PRODUCTION})
    assert "no issues" in result.stdout


def test_production_settings(sqlite_url):
    env, _ = sqlite_url
    code = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]))"
    )
    out = run("shell", "-c", code, env={**env, **PRODUCTION}).stdout
    assert json.loads(out) == [False, ["samsyn.example.se", "www.samsyn.example.se"], True, True, True]


def test_production_refuses_to_start_without_a_secret_key(sqlite_url):
    env, _ = sqlite_url
    result = run("check", env={**env, "SAMSYN_ENV": "production"}, check=False)
    assert result.returncode != 0 and "SAMSYN_SECRET_KEY" in result.stderr


def test_database_url_chooses_postgres():
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    out = run("shell", "-c", code, env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samsyn"}).stdout.split()
    assert out == ["django.db.backends.postgresql", "samsyn", "127.0.0.1", "5432"]


def test_default_database_is_a_sqlite_file_in_the_working_directory(tmp_path):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DATABASE_URL", "DJANGO_"))}
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    result = subprocess.run(
        [SAMSYN, "shell", "--no-imports", "-c", code],
        env=full_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(tmp_path / "samsyn.sqlite3")
