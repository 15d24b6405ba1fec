"""Benchmark of the archive search on 100 000 synthetic Swedish-like documents in one partnership.

    python -m bench.archive [--databases sqlite,postgresql] [--documents 100000] [--queries 300]

For each database: create it afresh (SQLite: a file in the temporary directory; PostgreSQL: samsyn_archive_bench),
migrate, generate one partnership with `--documents` registered documents (bulk inserts: documents,
their search entries, and on SQLite the FTS5 rows) whose text is drawn from a Zipf-distributed
vocabulary of made-up Swedish-like words with inflections, some real words of the domain, some
texts without diacritics and some with OCR damage (é for ä/ö/å). Then run a mix of queries through
the search interface (samsyn.search.engine.search_run, two SQL queries plus snippets) as a
reader, and the search page itself. Each database runs in its own subprocess (settings are read at
import). Writes bench/results/archive-<sqlite|postgresql>.json with p50/p95 and the targets
(search p95 <= 50 ms on PostgreSQL, <= 150 ms on SQLite).
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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import database_recreate, machine_info, percentile, sqlite_url

if TYPE_CHECKING:
    # Django is set up inside main_worker: the models are only named here for the types.
    from django.contrib.auth.models import User

    from samsyn.core.models import Partnership

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DATABASES = {
    "sqlite": sqlite_url("samsyn-archive-bench"),
    "postgresql": "postgres://postgres@127.0.0.1:5432/samsyn_archive_bench",
}
TARGETS_MS = {"postgresql": 50.0, "sqlite": 150.0}  # search p95
SLUG = "bench-archive"
BATCH = 2000

ONSETS = [
    "",
    "b",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "bl",
    "br",
    "dr",
    "fl",
    "fr",
    "gl",
    "gr",
    "kl",
    "kr",
    "pl",
    "pr",
    "sk",
    "sl",
    "sm",
    "sn",
    "sp",
    "st",
    "str",
    "sv",
    "tr",
    "tv",
    "sj",
    "skr",
]
VOWELS = ["a", "e", "i", "o", "u", "y", "å", "ä", "ö"]
CODAS = ["", "", "n", "r", "l", "s", "t", "k", "g", "d", "m", "nd", "ng", "st", "rt", "ll", "tt", "ck", "ns", "rk"]
ENDINGS = [
    "",
    "",
    "",
    "en",
    "et",
    "er",
    "erna",
    "ar",
    "arna",
    "ens",
    "s",
    "a",
    "ade",
    "ande",
    "ning",
    "ningar",
    "het",
    "lig",
    "iga",
]
DOMAIN = [
    "Västerås",
    "Eskilstuna",
    "Mälardalens",
    "universitet",
    "självständiga",
    "äldre",
    "barn",
    "unga",
    "skolresultat",
    "testbädd",
    "innovation",
    "samverkan",
    "kommun",
    "styrelse",
    "protokoll",
    "budget",
    "utfall",
    "prognos",
    "följeforskning",
    "fokusområde",
    "initiativ",
    "portfölj",
    "välmående",
    "trygghet",
    "hälsa",
    "delaktighet",
    "förskola",
    "gymnasium",
    "jobbcentrum",
    "mötesplatser",
    "civilsamhälle",
]
KINDS = ["minutes", "report", "agreement", "plan", "attachment", "other"]
QUERIES_FIXED = [
    "Västerås självständiga äldre",
    "Vasteras sjalvstandiga aldre",
    "skolresultat Eskilstuna",
    "testbädd innovation",
    "följeforskning",
    "barn unga förskola",
    "budget utfall prognos",
    "mötesplatser jobbcentrum",
]


# --- The generator ---------------------------------------------------------------------------


def vocabulary(rng: random.Random, lemmas: int = 6000) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < lemmas:
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((1, 2, 2, 3)))
        )
        if len(word) >= 3 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def lemmas_for(rng: random.Random) -> list[str]:
    """The vocabulary, most frequent first; the domain words are mixed in at mid ranks."""
    lemmas = vocabulary(rng)
    for i, word in enumerate(DOMAIN):
        lemmas.insert(30 + i * 7, word.lower())
    return lemmas


def ocr_damage(word: str, rng: random.Random) -> str:
    return "".join("é" if c in "åäö" and rng.random() < 0.6 else c for c in word)


def strip_diacritics(text: str) -> str:
    return text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


@dataclass(frozen=True)
class Generated:
    """The data a run measures on: generated now or reused from an earlier run."""

    partnership: Partnership
    user: User
    lemmas: list[str]
    documents: int
    seconds: float | None  # None when reused


def generate(n_documents: int, seed: int = 1) -> Generated:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from samsyn.archive.models import DiarySeries, Document
    from samsyn.core.models import FocusArea, Partnership, Person, RoleAssignment
    from samsyn.search import text as textlib
    from samsyn.search.engine import backend
    from samsyn.search.models import SearchEntry

    started = time.perf_counter()
    rng = random.Random(seed)
    lemmas = lemmas_for(rng)
    cum, total = [], 0.0
    for rank in range(1, len(lemmas) + 1):
        total += 1 / rank
        cum.append(total)

    stems_cache: dict[str, str] = {}

    def stems_word(w):
        f = stems_cache.get(w)
        if f is None:
            f = stems_cache[w] = textlib.stems(w)
        return f

    with transaction.atomic():
        partnership = Partnership.objects.create(slug=SLUG, name="Benchmark archive", short_name="BENCH")
        areas = [
            FocusArea.objects.create(partnership=partnership, slug=f"fa{i}", name=f"Fokusområde {i}", order=i)
            for i in (1, 2)
        ]
        user = get_user_model().objects.create_user("bench-archive-reader", password="x")
        person = Person.objects.create(partnership=partnership, name="Läsare", user=user)
        RoleAssignment.objects.create(partnership=partnership, person=person, role="reader")
        years = list(range(2015, 2025))
        series = {y: DiarySeries.objects.create(partnership=partnership, prefix="BENCH", year=y) for y in years}
        numbers = dict.fromkeys(years, 0)
        docs, entries_text = [], []
        for _n in range(n_documents):
            year = rng.choice(years)
            numbers[year] += 1
            length = rng.randint(40, 160)
            picked = rng.choices(lemmas, cum_weights=cum, k=length)
            body_words = [w + rng.choice(ENDINGS) if w not in DOMAIN else w for w in picked]
            style = rng.random()
            if style < 0.05:
                body_words = [ocr_damage(w, rng) for w in body_words]
            sentences = [" ".join(body_words[i : i + 12]).capitalize() + "." for i in range(0, len(body_words), 12)]
            body = " ".join(sentences)
            if 0.05 <= style < 0.15:
                body = strip_diacritics(body)
            title = " ".join(body_words[: rng.randint(3, 7)]).capitalize()
            access = "restricted" if rng.random() < 0.1 else ("public" if rng.random() < 0.25 else "internal")
            docs.append(
                Document(
                    partnership=partnership,
                    series=series[year],
                    number=numbers[year],
                    diary_number=f"BENCH {year}/{numbers[year]}",
                    kind=rng.choice(KINDS),
                    title=title,
                    date=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    access=access,
                    roles=["board_member"] if access == "restricted" else [],
                    text=body,
                )
            )
            entries_text.append((title, body, year, access, rng.choice(areas).pk))
        for y, last in numbers.items():
            DiarySeries.objects.filter(pk=series[y].pk).update(last_number=last)
        created = []
        for i in range(0, len(docs), BATCH):
            created.extend(Document.objects.bulk_create(docs[i : i + BATCH]))
        entries = []
        for doc, (title, body, year, access, fa) in zip(created, entries_text, strict=False):
            folded = " ".join(stems_word(w) for w in textlib.words(title + "\n" + body))
            entries.append(
                SearchEntry(
                    partnership=partnership,
                    kind="document",
                    object_id=doc.pk,
                    title=f"{title} ({doc.diary_number})",
                    body=body,
                    folded=folded,
                    year=year,
                    focus_areas=f"|{fa}|",
                    access=access,
                    roles="|board_member|" if access == "restricted" else "",
                    url=f"/{SLUG}/arkiv/handlingar/{doc.pk}/",
                    filename=f"dokument-{doc.pk}.pdf",
                )
            )
        index = backend()
        for i in range(0, len(entries), BATCH):
            batch = SearchEntry.objects.bulk_create(entries[i : i + BATCH])
            index.index((e.pk, e.partnership_id, e.title, e.body, e.folded) for e in batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too, as autovacuum would: index-only scans of the postings then skip the heap.
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO archive_searchentry_fts(archive_searchentry_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return Generated(
        partnership=partnership,
        user=user,
        lemmas=lemmas,
        documents=len(created),
        seconds=round(time.perf_counter() - started, 1),
    )


def query_mix(rng: random.Random, lemmas: list[str], n: int) -> list[dict]:
    """Fixed domain queries, single rarer words, pairs of common ones; a quarter with a filter."""
    queries = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            text = QUERIES_FIXED[(i // 4) % len(QUERIES_FIXED)]
        elif kind == 1:
            text = rng.choice(lemmas[200:3000]) + rng.choice(ENDINGS)
        elif kind == 2:
            text = " ".join(rng.choice(lemmas[20:400]) + rng.choice(ENDINGS) for _ in range(2))
        else:
            text = rng.choice(lemmas[5:200])
        filters: dict[str, object] = {}
        if rng.random() < 0.25:
            filters = rng.choice([{"year": rng.randint(2015, 2024)}, {"kinds": ("document",)}])
        queries.append({"text": text, **filters})
    return queries


def main_worker(args) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samsyn.core.policy import actor_load
    from samsyn.search.engine import SearchQuery, search_run

    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth import get_user_model

    from samsyn.core.models import Partnership
    from samsyn.search.models import SearchEntry

    existing = Partnership.objects.filter(slug=SLUG).first()
    if args.reuse and existing is not None:
        # Measure again on the data of an earlier run (same seed, same vocabulary).
        generated = Generated(
            partnership=existing,
            user=get_user_model().objects.get(username="bench-archive-reader"),
            lemmas=lemmas_for(random.Random(args.seed)),
            documents=SearchEntry.objects.filter(partnership=existing).count(),
            seconds=None,
        )
        print(f"  reusing {generated.documents:,} documents", flush=True)
        from django.db import connection as conn

        with conn.cursor() as cursor:
            # A migration may have rewritten rows since: PostgreSQL's VACUUM drops the dead versions.
            cursor.execute("VACUUM ANALYZE" if conn.vendor == "postgresql" else "ANALYZE")
    else:
        generated = generate(args.documents, seed=args.seed)
        print(f"  generated {generated.documents:,} documents in {generated.seconds} s", flush=True)
    partnership, user = generated.partnership, generated.user
    actor = actor_load(user, partnership)
    rng = random.Random(args.seed + 1)
    queries = query_mix(rng, generated.lemmas, args.queries)

    def run(q):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            result = search_run(partnership, actor, SearchQuery(**q))
            ms = (time.perf_counter() - t) * 1000
        count = len(ctx.captured_queries)
        reset_queries()
        return ms, count, len(result.hits)

    for q in queries[:20]:
        run(q)
    gc.collect()
    gc.freeze()
    samples = [run(q) for q in queries]
    times = sorted(s[0] for s in samples)
    target = TARGETS_MS[args.database]
    p95 = percentile(times, 95)
    search = {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(times[-1], 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "queries_per_search": sorted({s[1] for s in samples}),
        "mean_hits": round(statistics.fmean(s[2] for s in samples), 1),
        "no_hits": sum(1 for s in samples if not s[2]),
        "n": len(samples),
        "target_p95_ms": target,
        "passed": p95 <= target,
    }
    slowest = sorted(zip(times, [q["text"] for q in queries], strict=False), reverse=True)[:5]

    client = Client()
    client.force_login(user)
    page_times = []
    for q in queries[: max(20, args.queries // 5)]:
        t = time.perf_counter()
        response = client.get(f"/{SLUG}/arkiv/", {"q": q["text"]})
        page_times.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"search page: status {response.status_code}")
    page_times.sort()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.database,
        "data": {
            "documents": generated.documents,
            "generation_seconds": generated.seconds,
            "vocabulary_lemmas": len(generated.lemmas),
        },
        "machine": machine_info(args.database),
        "search": search,
        "slowest": [{"ms": round(ms, 1), "query": text} for ms, text in slowest],
        "page": {
            "p50_ms": round(percentile(page_times, 50), 1),
            "p95_ms": round(percentile(page_times, 95), 1),
            "n": len(page_times),
        },
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
        url = args.postgres_url if name == "postgresql" and args.postgres_url else DATABASES[name]
        print(f"== {name}: {url}", flush=True)
        if not args.reuse:
            database_recreate(name, url)
        output = RESULTS / f"archive-{name}.json"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="samsyn.settings",
            SAMSYN_ENV="development",
            SAMSYN_DEBUG="0",
            # The targets are the search by words; the generated texts have no vectors to search by meaning.
            SAMSYN_SEARCH_SEMANTIC="0",
        )
        cmd = [
            sys.executable,
            "-m",
            "bench.archive",
            "--worker",
            "--database",
            name,
            "--documents",
            str(args.documents),
            "--queries",
            str(args.queries),
            "--seed",
            str(args.seed),
            "--output",
            str(output),
        ] + (["--reuse"] if args.reuse else [])
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        r = json.loads(output.read_text(encoding="utf-8"))
        s = r["search"]
        verdict = ("pass" if s["passed"] else "FAIL") + f" (p95 <= {s['target_p95_ms']:g})"
        print(
            f"{name:<10} search p50 {s['p50_ms']:>7.1f} ms  p95 {s['p95_ms']:>7.1f} ms  max {s['max_ms']:>7.1f}  "
            f"queries {s['queries_per_search']}  mean hits {s['mean_hits']}  n {s['n']}  {verdict}"
        )
        print(f"{name:<10} page   p50 {r['page']['p50_ms']:>7.1f} ms  p95 {r['page']['p95_ms']:>7.1f} ms")
        print(f"wrote {output.relative_to(ROOT)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SAMSYN_BENCH_POSTGRES_URL"),
        help=f"the PostgreSQL database to recreate and measure (default {DATABASES['postgresql']})",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the databases of an earlier run and measure again")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return main_worker(args) if args.worker else main_parent(args)


if __name__ == "__main__":
    sys.exit(main())
