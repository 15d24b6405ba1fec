"""What every benchmark shares: a fresh database, the percentile and the machine it ran on."""

from __future__ import annotations

import math
import os
import platform
import tempfile
from pathlib import Path
from urllib.parse import urlsplit


def sqlite_url(name: str) -> str:
    """A benchmark's SQLite file in the system's temporary directory (TMPDIR and the like are obeyed)."""
    return "sqlite:///" + str(Path(tempfile.gettempdir()) / f"{name}.sqlite3")


def database_recreate(name: str, url: str) -> None:
    """Start from nothing: remove the SQLite file, or drop and create the PostgreSQL database.

    Only a database with "bench" in its name (samsyn_bench, samsyn_bench_<someone>) is ever dropped."""
    if name == "sqlite":
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    u = urlsplit(url)
    dbname = u.path.lstrip("/")
    if "bench" not in dbname:
        raise SystemExit(f"refusing to drop {dbname!r}: the benchmark's database name must contain 'bench'")
    with psycopg.connect(
        host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def machine_info(vendor: str) -> dict:
    """Python, Django, CPU and database versions; call inside a configured Django process."""
    import sqlite3

    import django
    from django.db import connection

    info = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_model": None,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "sqlite_version": sqlite3.sqlite_version,
        "postgres_server_version": None,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgres_server_version"] = cursor.fetchone()[0]
    return info
