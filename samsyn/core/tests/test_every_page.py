"""Walk every page reachable from the start page as each demo role.

Fails on any server error, and on any link that leads to a page the role may not
see (403/404): a page must only offer what its viewer may open.
"""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import resolve

from samsyn.core.testing.browser import axe_violations, format_violations

SKIP_PREFIXES = ("/static/", "/logga-ut/", "/sprak/")


def export_format(url):
    query = urlsplit(url).query
    return next((f for f in ("pdf", "xlsx") if f"format={f}" in query), None)


def crawl(client):
    """Every page reachable by links, without a limit; of the PDF and XLSX exports only the
    first few, as their own tests read every export back."""
    seen, queue, pages = set(), deque(["/"]), {}
    exports = {"pdf": 0, "xlsx": 0}
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        fmt = export_format(url)
        if fmt:
            exports[fmt] += 1
            if exports[fmt] > 2:
                continue
        response = client.get(url, follow=True)
        pages[url] = response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        doc = lxml.html.document_fromstring(response.content)
        response.post_actions = [
            form.get("action") or "" for form in doc.iter("form") if (form.get("method") or "").lower() == "post"
        ]
        for href in doc.xpath("//a/@href"):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            if href.startswith("?"):
                href = urlsplit(response.request["PATH_INFO"]).path + href
            if href.startswith("/") and not href.startswith(SKIP_PREFIXES) and href not in seen:
                queue.append(href)
    return pages


# {username: {url: (status, post form actions, is HTML)}}: a crawl serves every test of a role that
# runs in the same process; every test starts from the same demo, so the pages are the same.
_crawls: dict[str, dict[str, tuple[int, list[str], bool]]] = {}


def crawl_as(username):
    if username not in _crawls:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        _crawls[username] = {
            url: (r.status_code, getattr(r, "post_actions", []), "text/html" in r.get("Content-Type", ""))
            for url, r in crawl(client).items()
        }
    return _crawls[username]


def test_every_page_as_every_role(db, demo_username):
    pages = crawl_as(demo_username)
    assert len(pages) > 10
    failures = {url: status for url, (status, _, _) in pages.items() if status != 200}
    assert not failures, f"{demo_username} was shown links to pages it cannot open: {failures}"


def test_reader_is_offered_no_changing_forms(db):
    pages = crawl_as("lasare")
    actions = [(url, action) for url, (_, post_actions, _) in pages.items() for action in post_actions]
    # The reader's pages do carry the language and logout forms: the check below sees forms.
    assert actions
    for url, action in actions:
        assert action in ("/sprak/", "/logga-ut/"), f"{url} offers a form posting to {action}"


@pytest.mark.parametrize("url", ["/shk/", "/shk/initiativ/", "/shk/personer/"])
def test_anonymous_visitors_see_only_the_login(client, shk, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/logga-in/")


def one_page_per_url_pattern(pages):
    """The first page the crawl reached of each URL pattern (its route), HTML pages only."""
    chosen: dict[str, str] = {}
    for url, (status, _, is_html) in pages.items():
        if status == 200 and is_html:
            chosen.setdefault(resolve(urlsplit(url).path).route, url)
    return chosen


@pytest.mark.browser
@pytest.mark.parametrize("username", ["admin", "lasare"])
def test_one_page_of_every_url_pattern_is_accessible(new_page, username):
    """axe-core on one page of each URL pattern, as the staff role that reaches most pages and as
    the reader; serious or critical violations fail, all of them reported at once."""
    if connection.vendor != "sqlite":
        pytest.skip("the pages' HTML does not depend on the database: axe checks them once, on SQLite")
    patterns = one_page_per_url_pattern(crawl_as(username))
    assert len(patterns) > 10
    page = new_page(username=username)
    reports = []
    for route, url in sorted(patterns.items()):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            reports.append(f"{url} ({route}):\n{format_violations(violations)}")
    assert not reports, f"axe: serious/critical violations as {username}:\n" + "\n".join(reports)
