"""The search evaluation: recall@5 and MRR of the queries in queries.json, per database.

    python -m samsyn.search.eval.run [--databases sqlite,postgresql] [--postgres-url URL] [--verbose]

For each database a fresh one is made (SQLite: a file in the temporary directory; PostgreSQL:
samsyn_eval, dropped and created again), migrated and loaded with the demo (`samsyn demo`), then the
texts of documents.json are registered the way the archive's services do it. Every query runs through
search_run as an administrator. A query's recall@5 is the share of its expected hits among the first
five; its reciprocal rank is 1/rank of the first expected hit among the first ten (0 if none). Each
database runs in its own process (`samsyn search_eval`), since the settings read DATABASE_URL once.
Each database is measured by words alone ("lexical") and, with the semantic extra installed, by
words and meaning fused ("semantic").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
SQLITE_PATH = Path(tempfile.gettempdir()) / "samsyn-eval.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/samsyn_eval"
RECALL_AT = 5
RANK_WITHIN = 10


def load(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def measure(ranked_titles: list[tuple[str, str]], expected: list[list[str]]) -> tuple[float, float]:
    """(recall@5, reciprocal rank) of one query's hits, each (kind, title), against the expected
    (kind, start of title) pairs."""

    def found(hit, want):
        return hit[0] == want[0] and hit[1].startswith(want[1])

    top = ranked_titles[:RECALL_AT]
    recall = sum(1 for want in expected if any(found(hit, want) for hit in top)) / len(expected)
    for rank, hit in enumerate(ranked_titles[:RANK_WITHIN], start=1):
        if any(found(hit, want) for want in expected):
            return recall, 1 / rank
    return recall, 0.0


def database_fresh(name: str, postgres_url: str) -> str:
    if name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    parts = urlsplit(postgres_url)
    db = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    return postgres_url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=os.environ.get("SAMSYN_EVAL_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--verbose", action="store_true", help="list the queries that miss an expected hit")
    args = parser.parse_args(argv)
    for name in [n.strip() for n in args.databases.split(",") if n.strip()]:
        env = dict(
            os.environ,
            DATABASE_URL=database_fresh(name, args.postgres_url),
            DJANGO_SETTINGS_MODULE="samsyn.settings",
            SAMSYN_ENV="development",
        )
        # The measuring half is a command: Django reads DATABASE_URL once, at start.
        cmd = [sys.executable, "-m", "samsyn", "search_eval"] + (["--verbose"] if args.verbose else [])
        out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
        results = json.loads(out.strip().splitlines()[-1])
        for mode, result in results.items():
            print(
                f"{name:<11} {mode:<9} recall@5 {result['recall_at_5']:.3f}  MRR {result['mrr']:.3f}"
                f"  ({result['queries']} queries)"
            )
            for miss in result["misses"]:
                print(f"    {miss['recall']:.2f} {miss['rr']:.2f}  {miss['q']}  -> {[t for _, t in miss['top']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
