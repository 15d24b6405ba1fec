"""Benchmark of the finance appendix on a partnership with ten years of economy records.

    python -m bench.economy [--databases sqlite,postgresql] [--requests N] [--rows 100000]

For each database: create it afresh (SQLite: a file in the temporary directory; PostgreSQL: samsyn_economy_bench),
migrate, generate one partnership with a ten-year agreement, 10 cost lines, budget allocations
with revisions, forecasts, pilot grants, leverage, research per academy and 100 000 outcome rows;
then request the appendix as HTML, XLSX and PDF as the economy controller. Each database runs in
its own subprocess (settings are read at import). Writes bench/results/economy-<db>.json with p50
and p95 per format, the queries per request and the targets (PostgreSQL: HTML p95 <= 300 ms,
XLSX <= 1 s, PDF <= 3 s).
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import database_recreate, machine_info, percentile, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DATABASES = {
    "sqlite": sqlite_url("samsyn-economy-bench"),
    "postgresql": "postgres://postgres@127.0.0.1:5432/samsyn_economy_bench",
}
TARGETS_MS = {"html": 300.0, "xlsx": 1000.0, "pdf": 3000.0}  # p95, on PostgreSQL
REQUESTS = {"html": 1.0, "xlsx": 0.5, "pdf": 0.2}  # share of --requests per format
SLUG = "bench-economy"
FIRST_YEAR, YEARS = 2016, 10
AS_OF = date(FIRST_YEAR + YEARS - 1, 9, 30)


# --- The generator ---------------------------------------------------------------------------


def generate(rows: int, seed: int = 1) -> dict:
    """One partnership, a ten-year agreement, 10 cost lines and `rows` outcome rows."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from samsyn.core.models import Agreement, Organization, Partnership, Person, RoleAssignment
    from samsyn.economy.models import (
        Academy,
        BudgetAllocation,
        CostLine,
        Financing,
        Forecast,
        Leverage,
        LeverageTarget,
        Outcome,
        PilotGrant,
        ResearchAllocation,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        p = Partnership.objects.create(slug=SLUG, name="Benchmark Economy")
        orgs = [
            Organization.objects.create(partnership=p, key=f"org{i}", name=f"Part {i}", kind="municipality")
            for i in range(3)
        ]
        agreement = Agreement.objects.create(
            partnership=p,
            key="ten-years",
            title="Tioårsavtal",
            start=date(FIRST_YEAR, 1, 1),
            end=date(FIRST_YEAR + YEARS - 1, 12, 31),
        )
        agreement.parties.set(orgs)
        years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
        Financing.objects.bulk_create(
            [
                Financing(
                    partnership=p,
                    kind="contribution",
                    agreement=agreement,
                    organization=o,
                    year=y,
                    amount_ore=500_000_000,
                )
                for o in orgs
                for y in years
            ]
        )
        groups = ["base"] * 6 + ["pilot"] + ["other"] * 3
        lines = [
            CostLine.objects.create(partnership=p, slug=f"line-{i}", name=f"Kostnadspost {i}", group=groups[i], order=i)
            for i in range(10)
        ]
        allocations = []
        for line in lines:
            for y in years:
                allocations.append(
                    BudgetAllocation(
                        partnership=p,
                        cost_line=line,
                        year=y,
                        amount_ore=rng.randrange(50, 500) * 1_000_000,
                        decided_on=date(y, 1, 1),
                    )
                )
                allocations.append(
                    BudgetAllocation(
                        partnership=p,
                        cost_line=line,
                        year=y,
                        amount_ore=rng.randrange(50, 500) * 1_000_000,
                        decided_on=date(y, 6, 1),
                    )
                )
        BudgetAllocation.objects.bulk_create(allocations)
        Forecast.objects.bulk_create(
            [
                Forecast(
                    partnership=p,
                    cost_line=line,
                    year=y,
                    round=r,
                    made_on=date(y, 1 + 4 * r, 1),
                    amount_ore=rng.randrange(50, 500) * 1_000_000,
                )
                for line in lines
                for y in years
                for r in (1, 2)
            ]
        )
        categories = ["personnel", "operations", "overhead"]
        start = date(FIRST_YEAR, 1, 1)
        span = (AS_OF - start).days
        batch = []
        for i in range(rows):
            batch.append(
                Outcome(
                    partnership=p,
                    cost_line=lines[i % 10],
                    date=start + timedelta(days=rng.randrange(span + 1)),
                    category=categories[i % 3],
                    amount_ore=rng.randrange(100, 5_000_000),
                    import_key=f"bench-{i}",
                )
            )
            if len(batch) == 10_000:
                Outcome.objects.bulk_create(batch)
                batch = []
        Outcome.objects.bulk_create(batch)
        PilotGrant.objects.bulk_create(
            [
                PilotGrant(
                    partnership=p,
                    key=f"pilot-{i}",
                    title=f"Pilot {i}",
                    area=f"Område {i % 3}",
                    amount_ore=rng.randrange(1, 100) * 1_000_000,
                    decided_on=date(FIRST_YEAR + i % YEARS, 1 + i % 9, 1),
                )
                for i in range(100)
            ]
        )
        Leverage.objects.bulk_create(
            [
                Leverage(
                    partnership=p,
                    key=f"lev-{i}",
                    kind=("external", "internal")[i % 2],
                    source_name="Finansiär",
                    title=f"Uppväxling {i}",
                    year=FIRST_YEAR + i % YEARS,
                    amount_ore=rng.randrange(1, 100) * 10_000_000,
                )
                for i in range(50)
            ]
        )
        LeverageTarget.objects.bulk_create(
            [LeverageTarget(partnership=p, year=y, amount_ore=1_000_000_000) for y in years]
        )
        academies = [
            Academy.objects.create(partnership=p, code=c, order=i) for i, c in enumerate(["UKK", "HVV", "EST", "IDT"])
        ]
        ResearchAllocation.objects.bulk_create(
            [
                ResearchAllocation(
                    partnership=p,
                    academy=a,
                    year=y,
                    budget_ore=250_000_000,
                    booked_ore=rng.randrange(0, 250) * 1_000_000,
                )
                for a in academies
                for y in years
            ]
        )
        user = get_user_model().objects.create_user("bench-ekonomi", password=None)
        person = Person.objects.create(partnership=p, key="ekonomi", name="Ekonomi", user=user)
        RoleAssignment.objects.create(partnership=p, person=person, role="economy_controller")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "outcome_rows": Outcome.objects.filter(partnership=p).count(),
        "user": user,
    }


# --- Worker: one database --------------------------------------------------------------------


def main_worker(args) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0, interactive=False)
    generated = generate(args.rows, seed=args.seed)
    print(f"  generated {generated['outcome_rows']:,} outcome rows in {generated['seconds']} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(generated["user"])
    url = reverse("economy:appendix", args=[SLUG])

    def fetch(fmt):
        params = {"per": AS_OF.isoformat()} | ({} if fmt == "html" else {"format": fmt})
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            response = client.get(url, params)
            ms = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{fmt}: status {response.status_code}")
        return ms, count[0], len(response.content)

    for fmt in REQUESTS:
        for _ in range(2):
            fetch(fmt)
    gc.collect()
    gc.freeze()
    formats = {}
    for fmt, share in REQUESTS.items():
        n = max(5, int(args.requests * share))
        samples = [fetch(fmt) for _ in range(n)]
        times = sorted(s[0] for s in samples)
        p95 = percentile(times, 95)
        target = TARGETS_MS[fmt] if connection.vendor == "postgresql" else None
        formats[fmt] = {
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(times[-1], 1),
            "mean_ms": round(statistics.fmean(times), 1),
            "queries": sorted({s[1] for s in samples}),
            "response_kb": round(statistics.fmean(s[2] for s in samples) / 1024, 1),
            "n": n,
            "target_p95_ms": target,
            "passed": None if target is None else p95 <= target,
        }
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.database,
        "data": {
            "years": YEARS,
            "cost_lines": 10,
            "outcome_rows": generated["outcome_rows"],
            "generation_seconds": generated["seconds"],
            "as_of": AS_OF.isoformat(),
        },
        "machine": machine_info(args.database),
        "formats": formats,
    }
    Path(args.output).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main_parent(args) -> int:
    names = [n.strip() for n in args.databases.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATABASES]
    if unknown:
        raise SystemExit(f"unknown database(s) {unknown}; choose from {sorted(DATABASES)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in names:
        url = DATABASES[name]
        print(f"== {name}: {url}", flush=True)
        database_recreate(name, url)
        output = RESULTS / f"economy-{name}.json"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="samsyn.settings",
            SAMSYN_ENV="development",
            SAMSYN_DEBUG="0",
        )
        cmd = [
            sys.executable,
            "-m",
            "bench.economy",
            "--worker",
            "--database",
            name,
            "--requests",
            str(args.requests),
            "--rows",
            str(args.rows),
            "--seed",
            str(args.seed),
            "--output",
            str(output),
        ]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        result = json.loads(output.read_text(encoding="utf-8"))
        for fmt, r in result["formats"].items():
            verdict = (
                ""
                if r["target_p95_ms"] is None
                else (" pass" if r["passed"] else " FAIL") + f" (p95 <= {r['target_p95_ms']:g})"
            )
            print(
                f"{name:<10} {fmt:<5} p50 {r['p50_ms']:>8.1f} ms  p95 {r['p95_ms']:>8.1f} ms  queries {r['queries']}  n {r['n']}{verdict}"
            )
        print(f"wrote {output.relative_to(ROOT)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return main_worker(args) if args.worker else main_parent(args)


if __name__ == "__main__":
    sys.exit(main())
