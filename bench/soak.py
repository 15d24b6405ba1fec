"""A soak test: minutes of mixed reads and writes against gunicorn on PostgreSQL, loopback only.

    python -m bench.soak [--postgres-url URL] [--duration 600] [--clients 8] [--write-share 0.2]

Needs the data of `python -m bench.run --databases postgres` (it leaves its database behind).
Starts gunicorn (4 sync workers, 127.0.0.1, a free port) and `--clients` threads, each signed in
as the process leader of one bench partnership. Until `--duration` seconds have passed, each
thread reads one of the pages (start page, initiative list, an initiative, the finance appendix)
or, with the probability `--write-share`, writes an entry to an initiative's learning log through
its form, CSRF token and all, as a person would. A read must answer 200 and a write 302; anything
else, or a timeout, is an error. At the end the learning entries the run wrote are counted in the
database: every accepted write must be there once, none more (nothing lost, nothing doubled).
Figures (requests, errors by kind, latency p50/p99 of reads and writes, entries written and
found) go to bench/results/soak-postgres.json; the exit status is 1 when there was any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.common import machine_info, percentile
from bench.http import DEFAULT_URL, ENV, RESULTS, ROOT, gunicorn_start, wait_until_up

MARK = "Soaktest"  # starts every learning entry the run writes, so they are counted afterwards
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Client:
    """One signed-in person: their session cookie, their partnership's pages and initiatives."""

    slug: str
    session_cookie: str
    reads: list[str]
    initiatives: list[str]
    csrf_cookie: str = ""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    read_ms: list[float] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    writes_accepted: int = 0

    def error(self, kind: str, example: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            if len(self.error_examples) < 20:
                self.error_examples.append(example)


def clients_signed_in(n: int) -> list[Client]:
    """The process leaders of the first n bench partnerships, each with a session."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client as DjangoClient

    from samsyn.core.models import FocusArea
    from samsyn.portfolio.models import Initiative

    from . import generate as gen
    from .pages import page_url

    users = gen.bench_users()
    if not users:
        raise SystemExit("No bench data in this database: run `python -m bench.run --databases postgres` first.")
    clients = []
    for slug in sorted(users)[:n]:
        django_client = DjangoClient()
        django_client.force_login(users[slug]["processledare"])
        cookie = f"{settings.SESSION_COOKIE_NAME}={django_client.cookies[settings.SESSION_COOKIE_NAME].value}"
        initiatives = list(Initiative.objects.filter(partnership__slug=slug).values_list("slug", flat=True)[:50])
        area = FocusArea.objects.filter(partnership__slug=slug).values_list("slug", flat=True).first() or ""
        reads = [
            page_url(page, slug, focus_area_slug=area, initiative_slug=random.choice(initiatives))
            for page in ("start", "initiative_list", "initiative_list_filtered", "initiative_detail", "appendix")
        ]
        clients.append(Client(slug, cookie, reads, initiatives))
    return clients


def request(base: str, method: str, path: str, cookie: str, body: str = "") -> tuple[int, str, str]:
    """(status, body, Set-Cookie header) of one request on a connection of its own."""
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
    headers = {"Cookie": cookie, "Host": f"{host.hostname}:{host.port}"}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.getheader("Set-Cookie") or ""
    finally:
        connection.close()


def learning_write(base: str, client: Client, tally: Tally, n: int) -> None:
    initiative = random.choice(client.initiatives)
    path = f"/{client.slug}/larande/initiativ/{initiative}/logg/"
    cookie = "; ".join(c for c in (client.session_cookie, client.csrf_cookie) if c)
    status, page, set_cookie = request(base, "GET", path, cookie)
    token = CSRF_INPUT.search(page)
    if status != 200 or token is None:
        tally.error(f"GET form {status}", path)
        return
    found = re.search(r"csrftoken=([^;]+)", set_cookie)
    if found:
        client.csrf_cookie = f"csrftoken={found.group(1)}"
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "kind": "insight",
            "date": datetime.now(UTC).date().isoformat(),
            "text": f"{MARK} {n}: ett lärdomsinlägg under belastning.",
        }
    )
    cookie = "; ".join(c for c in (client.session_cookie, client.csrf_cookie) if c)
    started = time.perf_counter()
    status, __, __ = request(base, "POST", path, cookie, body)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 302:
        tally.error(f"POST {status}", path)
        return
    with tally.lock:
        tally.write_ms.append(elapsed)
        tally.writes_accepted += 1


def run_client(base: str, client: Client, tally: Tally, deadline: float, write_share: float, seed: int) -> None:
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            if rng.random() < write_share:
                learning_write(base, client, tally, seed * 1_000_000 + n)
                continue
            path = rng.choice(client.reads)
            started = time.perf_counter()
            status, __, __ = request(base, "GET", path, client.session_cookie)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                tally.error(f"GET {status}", path)
                continue
            with tally.lock:
                tally.read_ms.append(elapsed)
        except OSError as exc:  # a refused connection or a timeout
            tally.error(type(exc).__name__, str(exc))


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50), 1) if ordered else None,
        "p99_ms": round(percentile(ordered, 99), 1) if ordered else None,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=os.environ.get("SAMSYN_BENCH_POSTGRES_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=600, help="seconds of load (default 10 minutes)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--write-share", type=float, default=0.2)
    parser.add_argument("--output", default=str(RESULTS / "soak-postgres.json"))
    args = parser.parse_args(argv)
    os.environ.update(ENV, DATABASE_URL=args.postgres_url, DJANGO_SETTINGS_MODULE="samsyn.settings")
    import django

    django.setup()
    from django.core.management import call_command

    # The data bench.run left, brought to this revision's tables.
    call_command("migrate", verbosity=0)
    clients = clients_signed_in(args.clients)

    from samsyn.portfolio.models import LearningEntry

    before = LearningEntry.objects.filter(text__startswith=MARK).count()
    server, base = gunicorn_start(ROOT)
    tally = Tally()
    try:
        wait_until_up(base, server)
        started = time.monotonic()
        deadline = started + args.duration
        threads = [
            threading.Thread(target=run_client, args=(base, c, tally, deadline, args.write_share, k))
            for k, c in enumerate(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    found = LearningEntry.objects.filter(text__startswith=MARK).count() - before
    errors = sum(tally.errors.values())
    requests = len(tally.read_ms) + len(tally.write_ms) + errors
    reads, writes = summary(tally.read_ms), summary(tally.write_ms)
    output = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "server": f"gunicorn, 4 sync workers, 127.0.0.1; settings {ENV}",
        "load": (
            f"{args.clients} clients for {args.duration} s, each the process leader of its own partnership; "
            f"{args.write_share:.0%} writes (a learning entry through its form), the rest reads of five pages"
        ),
        "seconds": round(elapsed, 1),
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1) if elapsed else None,
        "reads": reads,
        "writes": writes,
        "errors": errors,
        "errors_by_kind": dict(tally.errors),
        "error_examples": tally.error_examples,
        "writes_accepted": tally.writes_accepted,
        "entries_found": found,
        "nothing_lost": found == tally.writes_accepted,
        "machine": machine_info(connection.vendor),
    }
    Path(args.output).write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{requests} requests in {elapsed:.0f} s ({output['requests_per_second']} req/s), {errors} errors; "
        f"reads p50 {reads['p50_ms']} ms p99 {reads['p99_ms']} ms; "
        f"writes p50 {writes['p50_ms']} ms p99 {writes['p99_ms']} ms; "
        f"{tally.writes_accepted} writes accepted, {found} found"
    )
    print(f"wrote {args.output}")
    return 0 if errors == 0 and found == tally.writes_accepted else 1


if __name__ == "__main__":
    raise SystemExit(main())
