"""The pages the benchmark measures, shared by bench.run and bench/test_bench.py."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Page name -> what it is, in the order the results list them.
PAGES = {
    "start": "the partnership's start page /<slug>/",
    "initiative_list": "the initiative list /<slug>/initiativ/",
    "initiative_list_filtered": "the list filtered: /<slug>/initiativ/?phase=ongoing&focus_area=<slug>",
    "initiative_detail": "an initiative's page /<slug>/initiativ/<slug>/",
}


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
    raise KeyError(page)


@dataclass
class Sample:
    ms: float
    queries: int
    status: int
    size: int
    response: object = field(default=None, repr=False)


def fetch(client, url: str, *, keep_response: bool = False) -> Sample:
    """One GET: the server time (around client.get) and the queries it ran.

    The query log is emptied first: CaptureQueriesContext keeps Django from clearing it
    at request_started, and once it holds its maximum (9000) the count would read 0.
    """
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - started) * 1000
    return Sample(
        ms=ms,
        queries=len(ctx.captured_queries),
        status=response.status_code,
        size=len(response.content),
        response=response if keep_response else None,
    )
