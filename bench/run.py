"""Measure server time and queries per page on synthetic national-scale data.

    python -m bench.run [--scale small|full] [--databases sqlite,postgres] [--requests N]

For each database: create it afresh (SQLite: a file in the temporary directory; PostgreSQL: the
database samsyn_bench, dropped and created with psycopg), migrate, generate the
data (bench.generate), then request every page N times as the generated logins
across many partnerships and initiatives. Settings are read at import, so each
database runs in its own subprocess (`--worker`) with DATABASE_URL set.

Writes bench/results/<db>.json and the combined bench/results/latest.json (for
another scale than full: <db>.<scale>.json and latest.<scale>.json) and prints a
table. The target, p95 at most 100 ms per page on PostgreSQL at full scale, is
recorded in the output with a pass/fail field; the exit status is 0 either way
unless --strict is given.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import yardstick
from bench.common import database_recreate, machine_info, percentile, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

SCALES = {
    # name: (partnerships, initiatives per partnership)
    "tiny": (3, 20),
    "small": (30, 40),
    "full": (300, 100),
}
DATABASES = {
    "sqlite": sqlite_url("samsyn-bench"),
    "postgres": "postgres://postgres@127.0.0.1:5432/samsyn_bench",
}
TARGET_P95_MS = {"postgres": 100.0}  # per page, at full scale
# The CPU and SQL-ratio targets (bench.pages) apply on this database at full scale.
TARGET_DATABASE = "postgres"
WARMUP_PER_PAGE = 10
# The size scenario: two more partnerships with this many initiatives, the same pages in each.
SIZE_SCENARIO = (10, 1000)
SIZE_REQUESTS = 60  # per page and size
# Persistent connections, as in production (settings: 60 s there, 0 in development).
CONN_MAX_AGE = "60"


# --- Parent: prepare each database, run a worker per database, combine -------------------


def worker_spawn(name: str, url: str, scale: str, requests: int, output: Path, seed: int, reuse: bool = False) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="samsyn.settings",
        SAMSYN_ENV="development",
        SAMSYN_DEBUG="0",
        SAMSYN_CONN_MAX_AGE=CONN_MAX_AGE,
    )
    cmd = [
        sys.executable,
        "-m",
        "bench.run",
        "--worker",
        "--database",
        name,
        "--database-url",
        url,
        "--scale",
        scale,
        "--requests",
        str(requests),
        "--seed",
        str(seed),
        "--output",
        str(output),
        *(["--reuse"] if reuse else []),
    ]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return json.loads(output.read_text(encoding="utf-8"))


def results_name(stem: str, scale: str) -> str:
    return f"{stem}.json" if scale == "full" else f"{stem}.{scale}.json"


def table(results: dict) -> str:
    lines = [
        f"{'database':<9} {'page':<26} {'cpu p50':>7} {'cpu p95':>7} {'wall p50':>8} {'wall p95':>8} "
        f"{'sql ms':>6} {'wall/sql':>8} {'x login':>7} {'KB':>6} {'queries':>8} {'n':>5}  targets"
    ]
    for name, result in results.items():
        for page, r in result["pages"].items():
            q = r["queries"]
            queries = str(q["min"]) if q["min"] == q["max"] else f"{q['min']}-{q['max']}"
            verdict = ""
            if r["targets_apply"]:
                verdict = (
                    f"cpu {r['cpu_ms_on_reference']:.1f} <= {r['cpu_target_ms']:g} {'pass' if r['cpu_passed'] else 'FAIL'}, "
                    f"wall/sql <= {r['wall_over_sql_target']:g} {'pass' if r['wall_over_sql_passed'] else 'FAIL'}"
                )
            lines.append(
                f"{name:<9} {page:<26} {r['cpu_ms']['p50']:>7.1f} {r['cpu_ms']['p95']:>7.1f} {r['p50_ms']:>8.1f} "
                f"{r['p95_ms']:>8.1f} {r['sql_ms_mean']:>6.1f} {r['wall_over_sql']:>8.1f} {r['cpu_over_login_page']:>7.1f} "
                f"{r['response_kb_mean']:>6.1f} "
                f"{queries:>8} {r['n']:>5}  {verdict}"
            )
            by_login = r["cpu_ms"].get("p50_by_login", {})
            if len(by_login) > 1:
                lines.append(
                    f"{'':<9}   cpu p50 by login: " + ", ".join(f"{login} {ms:.1f}" for login, ms in by_login.items())
                )
        for page, r in result["size_scenario"]["pages"].items():
            sizes = [k for k in r if k.isdigit()]
            lines.append(
                f"{name:<9} size {page:<21} "
                + "  ".join(f"{k}: {r[k]['bytes_mean']:>6} B {r[k]['cpu_ms_p50']:>5.1f} ms cpu" for k in sizes)
                + f"  ratio bytes {r['bytes_ratio']:.2f} cpu {r['cpu_ratio']:.2f}"
            )
        for page, r in result.get("public_pages", {}).items():
            verdict = (
                f"cpu {r['cpu_ms_on_reference']:.1f} <= {r['cpu_target_ms']:g} {'pass' if r['cpu_passed'] else 'FAIL'}"
            )
            lines.append(
                f"{name:<9} public {page:<19} {r['cpu_ms']['p50']:>7.1f} {r['cpu_ms']['p95']:>7.1f} {r['p50_ms']:>8.1f} "
                f"{'':>8} {'':>6} {'':>8} {r['cpu_over_login_page']:>7.1f} {r['bytes_mean'] / 1024:>6.1f} "
                f"{'-'.join(map(str, r['queries'])):>8} {r['n']:>5}  {verdict}"
            )
        lines.append(f"{name:<9} reference: the sign-in page {result['reference']['cpu_ms_p50']:.1f} ms cpu p50")
        y = result["yardstick"]
        lines.append(
            f"{name:<9} yardstick {y['cpu_ms_p50']:.3f} ms cpu p50 (reference {y['reference_ms']:.3f}): figures x {y['scale']:.2f}"
        )
        lines.append(
            f"{name:<9} generation {result['data']['generation_seconds']:.1f} s, "
            f"{result['data']['counts'].get('portfolio.initiative', 0):,} initiatives in "
            f"{result['data']['counts'].get('core.partnership', 0)} partnerships"
        )
    return "\n".join(lines)


def main_parent(args) -> int:
    names = [n.strip() for n in args.databases.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATABASES]
    if unknown:
        raise SystemExit(f"unknown database(s) {unknown}; choose from {sorted(DATABASES)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in names:
        url = args.postgres_url if name == "postgres" and args.postgres_url else DATABASES[name]
        print(
            f"== {name}: {url} ({args.scale}: {SCALES[args.scale][0]} partnerships x {SCALES[args.scale][1]} initiatives)",
            flush=True,
        )
        if not args.reuse:
            database_recreate(name, url)
        results[name] = worker_spawn(
            name, url, args.scale, args.requests, RESULTS / results_name(name, args.scale), args.seed, args.reuse
        )
    targets = {n: r["passed"] for n, r in results.items() if r.get("target_p95_ms") is not None}
    latest = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "target": {
            "p95_ms": TARGET_P95_MS,
            "description": "p95 server time of every page at most this on that database, at full scale",
            "applies": args.scale == "full",
            "passed": all(targets.values()) if targets else None,
        },
        "results": results,
    }
    path = RESULTS / results_name("latest", args.scale)
    path.write_text(json.dumps(latest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(
        f"\nwrote {path.relative_to(ROOT)}"
        + "".join(f", {(RESULTS / results_name(n, args.scale)).relative_to(ROOT)}" for n in results)
    )
    if args.strict and targets and not all(targets.values()):
        return 1
    return 0


# --- Worker: one database, settings from the environment ----------------------------------


def main_worker(args) -> int:
    import warnings

    import django

    # WhiteNoise warns once that STATIC_ROOT (collectstatic's output) is missing; outside
    # production it serves from the apps, so the warning says nothing about the benchmark.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from samsyn.core.models import FocusArea, Partnership
    from samsyn.hub.models import PublishedInitiative
    from samsyn.portfolio.models import Initiative

    from . import generate as gen
    from .pages import (
        API_PAGES,
        CPU_TARGET_MS,
        PAGES,
        PUBLIC_CPU_TARGET_MS,
        PUBLIC_PAGES,
        SQL_RATIO_TARGET,
        bench_client,
        cpu_on_reference,
        fetch,
        page_client,
        page_url,
        public_page_url,
    )

    # setup_test_environment() is deliberately not called: its instrumented template
    # renderer (for response.context) is not what production runs.
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started
    n_partnerships, per_partnership = SCALES[args.scale]
    if args.reuse and gen.bench_exists():
        # The data a previous run generated at this scale: measure again without generating.
        generated: dict[str, Any] = {"seconds": 0.0, "counts": gen.bench_counts(), "reused": True}
        expected = n_partnerships + len(SIZE_SCENARIO)
        if generated["counts"]["core.partnership"] != expected:
            raise SystemExit(f"--reuse: the database holds another scale than {args.scale}; run without --reuse")
        print("  reusing the generated data", flush=True)
    else:
        print(f"  migrated in {migrate_seconds:.1f} s; generating {n_partnerships} x {per_partnership} ...", flush=True)
        generated = gen.generate(
            n_partnerships, per_partnership, seed=args.seed, extra_sizes=SIZE_SCENARIO, verbose=True
        )
        print(f"  generated in {generated['seconds']:.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather after a bulk load (PostgreSQL);
        # SQLite is left as the application leaves it.
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started

    # What to ask for: many partnerships, initiatives and both logins.
    partnerships = dict(Partnership.objects.filter(slug__startswith=gen.SLUG_PREFIX).values_list("pk", "slug"))
    initiatives: dict[str, list[str]] = {}
    for pid, slug in Initiative.objects.filter(partnership_id__in=partnerships).values_list("partnership_id", "slug"):
        initiatives.setdefault(partnerships[pid], []).append(slug)
    areas: dict[str, list[str]] = {}
    for pid, slug in FocusArea.objects.filter(partnership_id__in=partnerships).values_list("partnership_id", "slug"):
        areas.setdefault(partnerships[pid], []).append(slug)
    users = gen.bench_users()
    # The size scenario's partnerships come after the regular ones and are measured apart.
    size_slugs = {size: f"{gen.SLUG_PREFIX}{n_partnerships + k:03d}" for k, size in enumerate(SIZE_SCENARIO)}
    slugs = sorted(set(partnerships.values()) - set(size_slugs.values()))
    logins = sorted(gen.LOGINS)
    clients: dict[tuple[str, str, bool], Client] = {}

    def client_for(slug, login, page=""):
        # The API's pages send a token of the same login; the others its session.
        key = (slug, login, page in API_PAGES)
        if key not in clients:
            clients[key] = page_client(page, users[slug][login], slug)
        return clients[key]

    rng = random.Random(args.seed)

    def plan(page, k, slug=None):
        slug = slug or rng.choice(slugs)
        login = logins[k % len(logins)]
        url = page_url(
            page, slug, focus_area_slug=rng.choice(areas[slug]), initiative_slug=rng.choice(initiatives[slug])
        )
        return login, slug, url

    # Log every login in beforehand (a session row each), then warm up: templates, URL resolver, caches.
    for slug in slugs:
        for login in logins:
            client_for(slug, login)
            client_for(slug, login, "api_initiative_list")
    for k in range(WARMUP_PER_PAGE):
        for page in PAGES:
            login, slug, url = plan(page, k)
            fetch(client_for(slug, login, page), url)

    # The harness's own objects (30 000 slugs, 600 clients) should not lengthen the
    # garbage collector's passes during the measurement: a server process holds no such state.
    gc.collect()
    gc.freeze()
    samples: dict[str, list] = {page: [] for page in PAGES}
    yardstick_cpu: list[float] = []
    load_before = os.getloadavg()
    started = time.perf_counter()
    # Interleave the pages so that each sees the same state of the caches.
    for k in range(args.requests):
        for page in PAGES:
            login, slug, url = plan(page, k)
            s = fetch(client_for(slug, login, page), url)
            if s.status != 200 or s.queries == 0:
                raise SystemExit(f"{url} as {slug}-{login}: status {s.status}, {s.queries} queries")
            samples[page].append((login, slug, s))
            # The machine's speed at this moment, by the fixed yardstick.
            yardstick_cpu.append(yardstick.run())
    measure_seconds = time.perf_counter() - started

    # The size scenario: the same pages, interleaved, in the partnership with few and with many initiatives.
    size_samples: dict[int, dict[str, list]] = {size: {page: [] for page in PAGES} for size in SIZE_SCENARIO}
    for k in range(WARMUP_PER_PAGE + min(SIZE_REQUESTS, args.requests)):
        for size, slug in size_slugs.items():
            for page in PAGES:
                login, _, url = plan(page, k, slug)
                s = fetch(client_for(slug, login, page), url)
                if s.status != 200:
                    raise SystemExit(f"{url} as {slug}-{login}: status {s.status}")
                if k >= WARMUP_PER_PAGE:
                    size_samples[size][page].append(s)
    # A reference on the same machine at the same time: the sign-in page, anonymous (1.2 ms of CPU on
    # the machine where the targets were set), so that figures from a loaded or slower machine compare.
    anonymous, login_url = bench_client(), reverse("login")
    login_cpu = []
    for k in range(WARMUP_PER_PAGE + min(SIZE_REQUESTS, args.requests)):
        s = fetch(anonymous, login_url)
        if s.status != 200:
            raise SystemExit(f"{login_url}: status {s.status}")
        if k >= WARMUP_PER_PAGE:
            login_cpu.append(s.cpu_ms)
    login_cpu_p50 = percentile(sorted(login_cpu), 50)
    yardstick_p50 = percentile(sorted(yardstick_cpu), 50)

    # The public hub's pages, as an anonymous visitor (or a shared cache) asks for them.
    published: dict[str, list[str]] = {}
    for slug, initiative_slug in PublishedInitiative.objects.filter(partnership__slug__in=slugs).values_list(
        "partnership__slug", "initiative__slug"
    ):
        published.setdefault(slug, []).append(initiative_slug)
    hub_slugs = sorted(published)
    visitor = bench_client()
    public_samples: dict[str, list] = {page: [] for page in PUBLIC_PAGES}
    for k in range(WARMUP_PER_PAGE + args.requests):
        for page in PUBLIC_PAGES:
            slug = rng.choice(hub_slugs)
            url = public_page_url(page, slug, rng.choice(published[slug]))
            s = fetch(visitor, url)
            if s.status != 200:
                raise SystemExit(f"{url} as a visitor: status {s.status}")
            if k >= WARMUP_PER_PAGE:
                public_samples[page].append(s)
    public_pages = {}
    for page, rows in public_samples.items():
        cpu = sorted(s.cpu_ms for s in rows)
        cpu_p50 = percentile(cpu, 50)
        public_pages[page] = {
            "description": PUBLIC_PAGES[page],
            "p50_ms": round(percentile(sorted(s.ms for s in rows), 50), 2),
            "cpu_ms": {"p50": round(cpu_p50, 2), "p95": round(percentile(cpu, 95), 2)},
            "bytes_mean": round(statistics.fmean(s.size for s in rows)),
            "queries": sorted({s.queries for s in rows}),
            "cpu_over_login_page": round(cpu_p50 / login_cpu_p50, 1),
            "cpu_ms_on_reference": round(cpu_on_reference(cpu_p50, yardstick_p50), 2),
            "cpu_target_ms": PUBLIC_CPU_TARGET_MS[page],
            "cpu_passed": cpu_on_reference(cpu_p50, yardstick_p50) <= PUBLIC_CPU_TARGET_MS[page],
            "n": len(rows),
        }
    load_after = os.getloadavg()

    target = TARGET_P95_MS.get(args.database)
    full_targets = args.database == TARGET_DATABASE and args.scale == "full"
    pages = {}
    for page, rows in samples.items():
        times = sorted(s.ms for _, _, s in rows)
        cpu = sorted(s.cpu_ms for _, _, s in rows)
        wall_mean = statistics.fmean(times)
        sql_mean = statistics.fmean(s.sql_ms for _, _, s in rows)
        ratio = wall_mean / sql_mean if sql_mean else float("inf")
        cpu_p50 = percentile(cpu, 50)
        queries = [s.queries for _, _, s in rows]
        by_login: dict[str, set[int]] = {}
        cpu_by_login: dict[str, list[float]] = {}
        for login, _, s in rows:
            by_login.setdefault(login, set()).add(s.queries)
            cpu_by_login.setdefault(login, []).append(s.cpu_ms)
        # The target holds for every role's own median: a page that is light for a reader and heavy
        # for the process leader (who sees more panels) must not pass on the mix of the two.
        cpu_p50_by_login = {login: percentile(sorted(v), 50) for login, v in sorted(cpu_by_login.items())}
        cpu_held = max(cpu_p50_by_login.values())
        p95 = percentile(times, 95)
        pages[page] = {
            "description": PAGES[page],
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(p95, 2),
            "max_ms": round(times[-1], 2),
            "mean_ms": round(statistics.fmean(times), 2),
            "queries": {"min": min(queries), "max": max(queries)},
            "queries_by_login": {login: sorted(v) for login, v in sorted(by_login.items())},
            "response_kb_mean": round(statistics.fmean(s.size for _, _, s in rows) / 1024, 1),
            "bytes_mean": round(statistics.fmean(s.size for _, _, s in rows)),
            "cpu_ms": {
                "p50": round(cpu_p50, 2),
                "p95": round(percentile(cpu, 95), 2),
                "mean": round(statistics.fmean(cpu), 2),
                "p50_by_login": {login: round(v, 2) for login, v in cpu_p50_by_login.items()},
            },
            "sql_ms_mean": round(sql_mean, 2),
            "wall_over_sql": round(ratio, 2),
            "cpu_over_login_page": round(cpu_p50 / login_cpu_p50, 1),
            "cpu_ms_on_reference": round(cpu_on_reference(cpu_held, yardstick_p50), 2),
            "cpu_target_ms": CPU_TARGET_MS[page],
            "wall_over_sql_target": SQL_RATIO_TARGET,
            "cpu_passed": cpu_on_reference(cpu_held, yardstick_p50) <= CPU_TARGET_MS[page],
            "wall_over_sql_passed": ratio <= SQL_RATIO_TARGET,
            "targets_apply": full_targets,
            "n": len(rows),
            "distinct_partnerships": len({slug for _, slug, _ in rows}),
            "passed": None if target is None else p95 <= target,
        }
    size_scenario = {}
    for page in PAGES:
        by_size: dict[str, dict[str, Any]] = {}
        for size in SIZE_SCENARIO:
            rows = size_samples[size][page]
            by_size[str(size)] = {
                "bytes_mean": round(statistics.fmean(s.size for s in rows)),
                "cpu_ms_p50": round(percentile(sorted(s.cpu_ms for s in rows), 50), 2),
                "wall_ms_p50": round(percentile(sorted(s.ms for s in rows), 50), 2),
                "queries": sorted({s.queries for s in rows}),
            }
        small, large = by_size[str(SIZE_SCENARIO[0])], by_size[str(SIZE_SCENARIO[-1])]
        size_scenario[page] = {
            **by_size,
            "bytes_ratio": round(large["bytes_mean"] / small["bytes_mean"], 2),
            "cpu_ratio": round(large["cpu_ms_p50"] / small["cpu_ms_p50"], 2),
        }
    result = {
        "database": args.database,
        "vendor": connection.vendor,
        "scale": args.scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "target_p95_ms": target,
        "passed": None if target is None else all(p["passed"] for p in pages.values()),
        "cpu_passed": all(p["cpu_passed"] for p in [*pages.values(), *public_pages.values()]),
        "wall_over_sql_passed": all(p["wall_over_sql_passed"] for p in pages.values()),
        "pages": pages,
        "public_pages": public_pages,
        "reference": {
            "page": "the sign-in page, anonymous",
            "cpu_ms_p50": round(login_cpu_p50, 2),
            "n": len(login_cpu),
            "note": "for comparison only: the pages are held against their targets by the yardstick",
        },
        "yardstick": {
            "what": "a fixed template rendered by an engine of its own, after every measured request (bench/yardstick.py)",
            "cpu_ms_p50": round(yardstick_p50, 3),
            "reference_ms": round(yardstick.REFERENCE_MS, 3),
            "scale": round(min(1.0, yardstick.REFERENCE_MS / yardstick_p50), 3),
            "n": len(yardstick_cpu),
        },
        "size_scenario": {
            "description": (
                f"the same pages in a partnership with {SIZE_SCENARIO[0]} and one with {SIZE_SCENARIO[-1]} "
                f"initiatives, {SIZE_REQUESTS} requests per page and size; a ratio is the larger's over the smaller's"
            ),
            "pages": size_scenario,
        },
        "data": {
            "partnerships": n_partnerships,
            "initiatives_per_partnership": per_partnership,
            "seed": args.seed,
            "counts": generated["counts"],
            "generation_seconds": generated["seconds"],
            "reused": bool(generated.get("reused")),
            "migrate_seconds": round(migrate_seconds, 2),
            "analyze_seconds": round(analyze_seconds, 2),
        },
        "method": {
            "timer": "time.perf_counter around django.test.Client.get (middleware, view, templates; no HTTP server)",
            "cpu": "time.process_time of the measuring process around the same call (the database server's work excluded)",
            "sql": "connection.execute_wrapper timing each query's execute; wall_over_sql is mean wall over mean SQL",
            "queries": "django.test.utils.CaptureQueriesContext around the same call",
            "requests_per_page": args.requests,
            "warmup_requests_per_page": WARMUP_PER_PAGE,
            "gc": "gc.collect() and gc.freeze() after setup and warm-up, before measuring",
            "logins": {login: f"bench-NNN-{login}" for login in logins},
            "measure_seconds": round(measure_seconds, 1),
            # Other processes on the machine show up in p95 and max: the 1, 5 and 15 minute load averages.
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "settings": {
                "SAMSYN_ENV": os.environ.get("SAMSYN_ENV"),
                "DEBUG": settings.DEBUG,
                "CONN_MAX_AGE": settings.DATABASES["default"].get("CONN_MAX_AGE"),
                "SESSION_ENGINE": settings.SESSION_ENGINE,
            },
        },
        "machine": machine_info(connection.vendor),
    }
    Path(args.output).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite,postgres")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per page and database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SAMSYN_BENCH_POSTGRES_URL"),
        help="instead of " + DATABASES["postgres"],
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the data a previous run at the same scale left in the database instead of generating it",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return main_worker(args) if args.worker else main_parent(args)


if __name__ == "__main__":
    sys.exit(main())
