"""CPU time per request of one page, as one demo person sees it, and where it goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samsyn_x SAMSYN_DEBUG=0 \
        .venv/bin/python scripts/page_cpu.py [--url /shk/] [--extra 300] [--requests 200] [--profile 30]

Loads the demo when the database has none, adds `--extra` initiatives to Samhällskontraktet
(bulk inserts, once) so the partnership has a few hundred, then times `--requests` GETs of the
page (by default one initiative's page) with time.process_time after a warm-up, and prints
milliseconds per request, the page's size and its number of queries. `--profile N` prints the N
functions with the most cumulative and own time (cProfile, in CPU time, so waiting on the database counts nothing) over the same requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
os.environ.setdefault("SAMSYN_DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from samsyn.core.models import Partnership  # noqa: E402
from samsyn.portfolio.models import Initiative  # noqa: E402
from samsyn.portfolio.tests.bulk import initiatives_bulk_create  # noqa: E402

SLUG = "cornerstone-indicators"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slug", default=SLUG)
    parser.add_argument("--username", default="processledare")
    parser.add_argument("--url", help="the page, by default the initiative --slug's page")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--queries", action="store_true", help="print the page's SQL")
    parser.add_argument(
        "--only", default="", metavar="REGEX", help="profile lines of matching files only (e.g. samsyn/)"
    )
    parser.add_argument("--as-is", action="store_true", help="measure the database as it is (the bench's, say)")
    args = parser.parse_args()

    if not args.as_is:
        call_command("migrate", verbosity=0)
        if not Partnership.objects.filter(slug="shk").exists():
            call_command("demo", no_serve=True, password="bench-only-password", verbosity=0)
        shk = Partnership.objects.get(slug="shk")
        if not Initiative.objects.filter(partnership=shk, slug="extra-0").exists() and args.extra:
            initiatives_bulk_create(shk, args.extra, name="Extra initiativ {k}", relations={})

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if args.username:  # an empty --username asks as an anonymous visitor
        client.force_login(get_user_model().objects.get(username=args.username))
    url = args.url or f"/shk/initiativ/{args.slug}/"
    for _ in range(20):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    if args.queries:
        print("\n\n".join(queries))
    profile = cProfile.Profile(time.process_time) if args.profile else None
    started = time.process_time()
    if profile:
        profile.enable()
    for _ in range(args.requests):
        client.get(url)
    if profile:
        profile.disable()
    cpu = (time.process_time() - started) / args.requests
    if profile:
        stats = pstats.Stats(profile)
        if not args.only:
            stats.strip_dirs()
        restrictions = [args.only, args.profile] if args.only else [args.profile]
        stats.sort_stats("cumulative").print_stats(*restrictions)
        stats.sort_stats("tottime").print_stats(*restrictions)
    print(
        f"{url} as {args.username}: {cpu * 1000:.1f} ms CPU per request over {args.requests}"
        f"{' (profiled: slower)' if profile else ''}, {len(response.content)} bytes, {len(queries)} queries, "
        f"DEBUG={settings.DEBUG}"
    )


if __name__ == "__main__":
    main()
