"""The pages the benchmark measures, shared by bench.run, bench.http and bench/test_bench.py."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse

from . import yardstick

# Page name -> what it is, in the order the results list them.
PAGES = {
    "start": "the partnership's start page /<slug>/",
    "initiative_list": "the initiative list /<slug>/initiativ/",
    "initiative_list_filtered": "the list filtered: /<slug>/initiativ/?phase=ongoing&focus_area=<slug>",
    "initiative_detail": "an initiative's page /<slug>/initiativ/<slug>/",
    "appendix": "the finance appendix /<slug>/ekonomi/bilaga/",
    "api_initiative_list": "the initiative list through the JSON API /api/v1/<slug>/initiatives, with a read token",
}
# The pages asked for with a personal API token rather than a login's session.
API_PAGES = frozenset({"api_initiative_list"})

# CPU per request (the server's own process time, median) each page must stay within, in
# milliseconds, and how many times its own SQL time a page may take at most (wall time of the
# request over the time its queries took): the targets of "speed by design", on PostgreSQL at
# full scale. SQL is measured where the application waits for it, so the ratio shows how much of
# a request is Python (templates, forms, middleware) rather than the database.
CPU_TARGET_MS = {
    "start": 4.0,
    "initiative_list": 8.0,
    "initiative_list_filtered": 8.0,
    "initiative_detail": 8.0,
    "appendix": 25.0,
    "api_initiative_list": 8.0,
}
SQL_RATIO_TARGET = 3.0

# The public hub's pages, asked for by anonymous visitors, and their CPU target (ms, median).
PUBLIC_PAGES = {
    "hub_front": "a partnership's public hub /hubb/<slug>/",
    "hub_initiative": "a published initiative on the hub /hubb/<slug>/initiativ/<slug>/",
    "hub_archive": "the hub's public documents /hubb/<slug>/arkiv/",
}
PUBLIC_CPU_TARGET_MS = {"hub_front": 5.0, "hub_initiative": 5.0, "hub_archive": 5.0}


def cpu_on_reference(cpu_ms: float, yardstick_ms: float) -> float:
    """A page's CPU as the reference machine would spend it, from the yardstick measured beside it
    (bench/yardstick.py): a slower or loaded machine's figures are scaled down by the same factor as
    the yardstick's, a faster machine's are taken as they are."""
    if yardstick_ms <= 0:
        return cpu_ms
    return cpu_ms * min(1.0, yardstick.REFERENCE_MS / yardstick_ms)


def public_page_url(page: str, partnership_slug: str, initiative_slug: str = "") -> str:
    if page == "hub_front":
        return reverse("hub_public:front", args=[partnership_slug])
    if page == "hub_initiative":
        return reverse("hub_public:initiative", args=[partnership_slug, initiative_slug])
    if page == "hub_archive":
        return reverse("hub_public:archive", args=[partnership_slug])
    raise KeyError(page)


def page_url(page: str, partnership_slug: str, *, focus_area_slug: str = "", initiative_slug: str = "") -> str:
    if page == "start":
        return reverse("home", args=[partnership_slug])
    if page == "initiative_list":
        return reverse("portfolio:initiative_list", args=[partnership_slug])
    if page == "initiative_list_filtered":
        return (
            reverse("portfolio:initiative_list", args=[partnership_slug])
            + f"?phase=ongoing&focus_area={focus_area_slug}"
        )
    if page == "initiative_detail":
        return reverse("portfolio:initiative_detail", args=[partnership_slug, initiative_slug])
    if page == "appendix":
        return reverse("economy:appendix", args=[partnership_slug])
    if page == "api_initiative_list":
        return f"/api/v1/{partnership_slug}/initiatives"
    raise KeyError(page)


_handler = None


def bench_client(**defaults):
    """A test Client that shares one request handler with every other client of the benchmark.

    Why: each Client builds its own handler, which loads the middleware chain on its first request
    (WhiteNoise reads the static files then), several milliseconds a server process spends once at
    start. The benchmark holds a client per login and partnership, so without a shared handler
    most measured requests would include that start-up; the clients keep their own cookies."""
    from django.test import Client
    from django.test.client import ClientHandler

    global _handler
    if _handler is None:
        _handler = ClientHandler(enforce_csrf_checks=False)
        _handler.load_middleware()
    client = Client(**defaults)
    client.handler = _handler
    return client


def page_client(page: str, user, partnership_slug: str):
    """A test Client for `page` as `user`: logged in, or for an API page sending a new read token of
    theirs in the partnership (made as `samsyn token create` makes one)."""
    from samsyn.api.services import token_issue

    if page in API_PAGES:
        token = token_issue(username=user.username, partnership_slug=partnership_slug, scope="read", days=30)
        return bench_client(HTTP_AUTHORIZATION=f"Bearer {token.value}")
    client = bench_client()
    client.force_login(user)
    return client


@dataclass
class Sample:
    ms: float
    queries: int
    status: int
    size: int
    cpu_ms: float = 0.0
    sql_ms: float = 0.0
    response: object = field(default=None, repr=False)


class _SqlTimer:
    """A connection.execute_wrapper that counts the queries it sees and adds up their wall time."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def fetch(client, url: str, *, keep_response: bool = False) -> Sample:
    """One GET: the server's wall and CPU time (around client.get), its queries and their time.

    CPU is time.process_time() of this process: middleware, view, ORM and templates, but not the
    database server's work, which shows in the SQL time instead. Queries are counted by an execute
    wrapper, not by Django's query log (CaptureQueriesContext): the log's debug cursor formats and
    keeps every query, work a production server does not do.
    """
    sql = _SqlTimer()
    with connection.execute_wrapper(sql):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu_ms = (time.process_time() - cpu_started) * 1000
        ms = (time.perf_counter() - started) * 1000
    return Sample(
        ms=ms,
        queries=sql.count,
        status=response.status_code,
        size=len(response.content),
        cpu_ms=cpu_ms,
        sql_ms=sql.seconds * 1000,
        response=response if keep_response else None,
    )
