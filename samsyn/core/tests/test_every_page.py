"""Walk every page reachable from the start page as each demo role.

Fails on any server error, and on any link that leads to a page the role may not
see (403/404): a page must only offer what its viewer may open.
"""

import re
from collections import deque
from contextlib import contextmanager
from unittest import mock
from urllib.parse import parse_qs, urldefrag, urlsplit

import lxml.html
import pytest
import weasyprint
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from samsyn.core.testing.browser import axe_violations, format_violations

SKIP_PREFIXES = ("/static/", "/logga-ut/", "/sprak/")

# A year printed with a thousands space ("2 023"): 1900–2099 not followed by more digits or a unit,
# so that amounts ("2 050 kr", "1 950 000") are not taken for years.
GROUPED_YEAR = re.compile(r"(?<![\d\xa0,.])(?:1\xa09\d\d|2\xa00\d\d)(?![\d,]|[\xa0 ]?(?:\d|kr|%|MSEK|tkr))")
# Django's empty choice of a list, a row of dashes where people should be asked in words.
DASHES = "---------"


def copy_slips(html: str) -> list[str]:
    """What a page prints that people should not have to read: grouped years, rows of dashes."""
    slips = [f"year {m.group()!r}" for m in GROUPED_YEAR.finditer(html)]
    if DASHES in html:
        slips.append("an empty choice shown as dashes")
    return slips


class OneLayoutPerUrlPattern:
    """WeasyPrint lays out the exports of the first request to each URL pattern (route) in this
    process; later requests to the same pattern get a one-page placeholder PDF.

    A layout costs up to a second and the roles reach some 400 exports, most of them the same
    templates with other data: laid out in full, they were most of the crawl's time. Every export
    is still requested, so its view, its permission check, its template (rendered to the HTML
    WeasyPrint would get) and its PDF merging run each time; the layout itself is tested once per
    template here and by each export's own tests, which read the PDFs back."""

    def __init__(self):
        self.laid_out: set[str] = set()  # routes, each with its ?format=
        self.route = ""
        self.stylesheets: dict[tuple, weasyprint.CSS] = {}
        self.placeholder = b""

    @contextmanager
    def request(self, url):
        # A page and its ?format=pdf are one route, and each has its own layout.
        parts = urlsplit(url)
        try:
            route = resolve(parts.path).route
        except Resolver404:
            route = parts.path
        self.route = f"{route}?format={parse_qs(parts.query).get('format', [''])[0]}"
        try:
            yield
        finally:
            self.laid_out.add(self.route)

    @contextmanager
    def installed(self):
        real_html, real_css = weasyprint.HTML, weasyprint.CSS
        layouts = self

        def css(*args, **kwargs):
            # A stylesheet file parses to the same rules every time: each is parsed once.
            key = (args, tuple(sorted(kwargs.items())))
            if key not in layouts.stylesheets:
                layouts.stylesheets[key] = real_css(*args, **kwargs)
            return layouts.stylesheets[key]

        class HTML:
            def __init__(self, *args, **kwargs):
                self.args, self.kwargs = args, kwargs

            def write_pdf(self, *args, **kwargs):
                if layouts.route not in layouts.laid_out:
                    return real_html(*self.args, **self.kwargs).write_pdf(*args, **kwargs)
                if not layouts.placeholder:
                    layouts.placeholder = real_html(string="<p>PDF</p>").write_pdf()
                return layouts.placeholder

        with mock.patch.object(weasyprint, "HTML", HTML), mock.patch.object(weasyprint, "CSS", css):
            yield


# One for the whole process: a URL pattern laid out for one role is not laid out again for the next.
_layouts = OneLayoutPerUrlPattern()


def crawl(client):
    """Every page reachable by links, without a limit, exports (PDF, XLSX, DOCX, JSON) included."""
    seen, queue, pages = set(), deque(["/"]), {}
    with _layouts.installed():
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            with _layouts.request(url):
                response = client.get(url, follow=True)
            pages[url] = response
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            response.copy_slips = copy_slips(response.content.decode())
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


# {username: {url: (status, post form actions, is HTML, copy slips)}}: a crawl serves every test of a
# role that runs in the same process; every test starts from the same demo, so the pages are the same.
_crawls: dict[str, dict[str, tuple[int, list[str], bool, list[str]]]] = {}


def crawl_as(username):
    if username not in _crawls:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        pages = crawl(client)
        _crawls[username] = {
            url: (
                r.status_code,
                getattr(r, "post_actions", []),
                "text/html" in r.get("Content-Type", ""),
                getattr(r, "copy_slips", []),
            )
            for url, r in pages.items()
        }
    return _crawls[username]


def test_every_page_as_every_role(db, demo_username):
    pages = crawl_as(demo_username)
    assert len(pages) > 10
    failures = {url: status for url, (status, _, _, _) in pages.items() if status != 200}
    assert not failures, f"{demo_username} was shown links to pages it cannot open: {failures}"
    slips = {url: found for url, (_, _, _, found) in pages.items() if found}
    assert not slips, f"{demo_username} was shown years with a thousands space or rows of dashes: {slips}"


def test_reader_is_offered_no_changing_forms(db):
    pages = crawl_as("lasare")
    actions = [(url, action) for url, (_, post_actions, _, _) in pages.items() for action in post_actions]
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
    for url, (status, _, is_html, _) in pages.items():
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


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<td>2\xa0023</td>", ["year '2\\xa0023'"]),
        ("<h1>Budgetuppföljning 2\xa0024</h1>", ["year '2\\xa0024'"]),
        ("<td>2023</td><td>2\xa0050\xa0kr</td><td>1\xa0950\xa0000</td><td>12\xa0023</td>", []),
        ('<option value="">---------</option>', ["an empty choice shown as dashes"]),
        ('<option value="">Välj …</option>', []),
    ],
)
def test_copy_slips_are_found(html, expected):
    assert copy_slips(html) == expected
