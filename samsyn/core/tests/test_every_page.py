"""Walk every page reachable from the start page as each demo role, and anonymously.

Fails on any server error, on any link that leads to a page the role may not see (403/404): a
page must only offer what its viewer may open, on copy slips, and on any axe-core violation
(browser.blocking) of any page reached. The apps' own tests need no walks of their own: this one
reaches every page of every app that a link leads to.
"""

import contextlib
import hashlib
import re
import time
import zlib
from collections import deque
from contextlib import contextmanager
from typing import NamedTuple
from unittest import mock
from urllib.parse import parse_qs, urldefrag, urlencode, urlsplit

import lxml.html
import pytest
import weasyprint
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from samsyn.core.testing.browser import format_violations

SKIP_PREFIXES = ("/static/", "/logga-ut/", "/sprak/")

# A year printed with a thousands space ("2 023"): 1900–2099 not followed by more digits or a unit,
# so that amounts ("2 050 kr", "1 950 000") are not taken for years.
GROUPED_YEAR = re.compile(r"(?<![\d\xa0,.])(?:1\xa09\d\d|2\xa00\d\d)(?![\d,]|[\xa0 ]?(?:\d|kr|%|MSEK|tkr))")
# Django's empty choice of a list, a row of dashes where people should be asked in words.
DASHES = "---------"
# Working notes that are no source a board member can look up: the demo's seed files, the domain
# notes and their rule numbers, and file names of plain text. A source cites the archived document
# by its diary number and appendix ("SHK 2024/1, bilaga 1"). Read in the text people see, not in
# attributes: an upload field may accept ".txt" files.
WORKING_NOTES = re.compile(r"seed 0|DOMAIN\.md|\w\.txt\b", re.I)
TAG = re.compile(r"<[^>]*>")


def copy_slips(html: str) -> list[str]:
    """What a page prints that people should not have to read: grouped years, rows of dashes,
    working notes instead of a document's diary number."""
    slips = [f"year {m.group()!r}" for m in GROUPED_YEAR.finditer(html)]
    if DASHES in html:
        slips.append("an empty choice shown as dashes")
    slips += [f"working note {m.group()!r}" for m in WORKING_NOTES.finditer(TAG.sub(" ", html))]
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


def crawl(client, start=("/",)):
    """Every page reachable by links, without a limit, exports (PDF, XLSX, DOCX, JSON) included."""
    seen, queue, pages = set(), deque(start), {}
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
            # What a visitor may type into the page's search and filter forms: {path: field names}.
            here = urlsplit(response.request["PATH_INFO"]).path
            response.get_fields = {
                urlsplit(form.get("action") or here).path: sorted(
                    {f.get("name") for f in form.xpath(".//input|.//select|.//textarea") if f.get("name")}
                )
                for form in doc.iter("form")
                if (form.get("method") or "get").lower() == "get"
            }
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


class Seen(NamedTuple):
    """What the crawl keeps of one URL."""

    status: int
    post_actions: list[str]
    is_html: bool
    copy_slips: list[str]
    # The whole HTML page, zlib-compressed, for axe; b"" for exports, errors and htmx fragments.
    page: bytes
    # {path: field names} of the page's GET forms (search, filters).
    get_fields: dict[str, list[str]]


# {username: {url: Seen}}: a crawl serves every test of a role that runs in the same process; every
# test starts from the same demo, so the pages are the same. The anonymous visitor's key is "".
_crawls: dict[str, dict[str, Seen]] = {}


def is_whole_page(response) -> bool:
    """A page of its own, not an htmx fragment (a URL that answers with a piece of a page, without
    <html>): a fragment alone has no title, language or landmarks, and axe sees its content in the
    page that shows it. The crawl sends no HX-Request header, so pages come whole."""
    return (
        response.status_code == 200
        and "text/html" in response.get("Content-Type", "")
        and b"<html" in response.content[:500]
    )


def crawl_as(username, start=("/",)):
    """The crawl's findings for a demo user; for username "" an anonymous visitor, from `start`."""
    if username not in _crawls:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        pages = crawl(client, start)
        _crawls[username] = {
            url: Seen(
                r.status_code,
                getattr(r, "post_actions", []),
                "text/html" in r.get("Content-Type", ""),
                getattr(r, "copy_slips", []),
                zlib.compress(r.content, 1) if is_whole_page(r) else b"",
                getattr(r, "get_fields", {}),
            )
            for url, r in pages.items()
        }
    return _crawls[username]


# What differs between two views of one page without changing what axe finds: the CSRF token
# (new on every response), and in the header the signed-in person's name, the page's own address
# (the language form's `next`) and which menu entry is marked current.
CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*')
HEADER = re.compile(rb'<header class="site-header">.*?</header>', re.S)
HEADER_VARYING = re.compile(rb'(name="next" type="hidden" value="|<span class="who">)[^"<]*|\saria-current="[^"]*"')


# Attributes whose values axe reads for what they say (a role, a type, a colour); every other
# attribute counts only as present, empty or not (an id, a link, a label's text).
STRUCTURE_VALUES = frozenset(
    {"class", "role", "type", "lang", "scope", "style", "tabindex", "hidden", "disabled", "aria-hidden", "open"}
)


def _structure(element) -> str:
    """An element as axe sees it without its words: tags, the attributes above, whether each text
    and other attribute is empty, and runs of alike siblings (rows of a table, items of a list)
    written once, so that the same template with other data gives the same string."""
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return ""
    attributes = " ".join(
        f"{name}={value if name in STRUCTURE_VALUES else bool(value.strip())}"
        for name, value in sorted(element.attrib.items())
    )
    children: list[str] = []
    for child in element:
        shape = _structure(child) + ("T" if (child.tail or "").strip() else "")
        if not children or children[-1] != shape:
            children.append(shape)
    text = "T" if (element.text or "").strip() else ""
    return f"<{element.tag} {attributes}>{text}{''.join(children)}</{element.tag}>"


def axe_keys(html: bytes) -> tuple[str, str]:
    """The page's structure without its header (see _structure), and the header alone, each
    hashed after removing what varies.

    Roles see the same page with another header (their name, their menu): the page is checked
    again only when its content or its header is one axe has not seen, so each role's header and
    each distinct content are checked, the same content under another role's header once."""
    html = CSRF_TOKEN.sub(rb"\1", html)
    header = HEADER.search(html)
    head = HEADER_VARYING.sub(rb"\1", header.group()) if header else b""
    content = _structure(lxml.html.document_fromstring(HEADER.sub(b"", html)))
    return hashlib.sha1(content.encode()).hexdigest(), hashlib.sha1(head).hexdigest()


def pages_for_axe(pages):
    """[(keys, url, html)] of the crawl's whole HTML pages, each distinct content and header once."""
    keys_seen: set[str] = set()
    chosen = []
    for url, seen in pages.items():
        if seen.page:
            html = zlib.decompress(seen.page)
            keys = axe_keys(html)
            if not keys_seen.issuperset(keys):
                keys_seen.update(keys)
                chosen.append((keys, url, html.decode()))
    return chosen


def claim(claims, key) -> bool:
    """True for the first to ask for this key in the run."""
    try:
        (claims / key).touch(exist_ok=False)
    except FileExistsError:
        return False
    return True


def axe_every_page(checker, claims, pages, who):
    """axe-core on every page of a crawl whose content or header no other check of this run has
    seen; all violations reported at once."""
    if isinstance(checker, str):
        pytest.skip(f"axe: {checker}")
    started = time.perf_counter()
    checked, reports = 0, []
    for keys, url, html in pages_for_axe(pages):
        # Both keys are claimed, so a header is never left to a page another worker skips.
        claimed = [claim(claims, key) for key in keys]
        if not any(claimed):
            continue
        checked += 1
        violations = checker.violations(html)
        if violations:
            reports.append(f"{url}:\n{format_violations(violations)}")
    # Shown with -rP or -s: how many pages axe read, and how long it took.
    print(f"axe: {checked} pages as {who} in {time.perf_counter() - started:.1f} s")
    assert not checker.missing, f"pages name static files that do not exist: {sorted(checker.missing)}"
    assert not reports, f"axe: {len(reports)} of the {checked} pages {who} sees fail:\n" + "\n".join(reports)


# SQLite walks as every role, and axe reads each page once there (a page's HTML does not depend on
# the engine). On PostgreSQL the walk runs as the administrator, who reaches every page, and as a
# Core Team member, whose pages are narrowed to a focus area: every view and query runs on that
# engine too. The administrator's walk also tries hostile values in every search and filter, on
# each engine (from the walk, since a walk of its own would take as long again).
ROLES_ON_POSTGRESQL = ("admin", "coreteam-barn")
HOSTILE_ROLE = "admin"


def on_sqlite() -> bool:
    return connection.vendor == "sqlite"


def test_every_page_as_every_role(html_checker_or_reason, axe_claims, db, demo_username):
    if not on_sqlite() and demo_username not in ROLES_ON_POSTGRESQL:
        pytest.skip("what this role is offered does not depend on the database: walked on SQLite")
    pages = crawl_as(demo_username)
    assert len(pages) > 10
    failures = {url: seen.status for url, seen in pages.items() if seen.status != 200}
    assert not failures, f"{demo_username} was shown links to pages it cannot open: {failures}"
    slips = {url: seen.copy_slips for url, seen in pages.items() if seen.copy_slips}
    assert not slips, (
        f"{demo_username} was shown years with a thousands space, rows of dashes or working notes: {slips}"
    )
    # Before axe, which skips the rest of the test where it does not run (PostgreSQL, no browser).
    if demo_username == HOSTILE_ROLE:
        hostile_input_refused(demo_username, pages)
    axe_every_page(html_checker_or_reason, axe_claims, pages, demo_username)


# What people (or a script) may type where a page asks for words or numbers: a NUL byte, numbers far
# past any 64-bit integer, an amount of 17 digits, combining marks, zero-width and search-syntax
# characters, a year out of range and a text far longer than any field.
HOSTILE_VALUES = (
    "\x00",
    "9" * 30,
    "-1",
    "12345678901234567",
    "a\u0301\u200b\ufeff'\"<>&:*|!()-~",
    "10000",
    "x" * 5000,
)


def hostile_requests(pages) -> list[str]:
    """One request per hostile value for each field of each GET form and each query parameter a
    link carries, once per address pattern: the same filter on 30 initiatives' pages is one."""
    fields: dict[str, set[str]] = {}
    for url, seen in pages.items():
        parts = urlsplit(url)
        if parts.query:
            fields.setdefault(parts.path, set()).update(parse_qs(parts.query, keep_blank_values=True))
        for path, names in seen.get_fields.items():
            fields.setdefault(path, set()).update(names)
    by_route: dict[tuple[str, str], str] = {}
    for path, names in fields.items():
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        for name in names:
            by_route.setdefault((route, name), path)
    return [
        f"{path}?{urlencode({name: value})}"
        for (__, name), path in sorted(by_route.items())
        for value in HOSTILE_VALUES
    ]


def hostile_input_refused(username, pages):
    """No typed value reaches a server error: each answers with the page (the form says what is
    wrong), a redirect, or a 400/404 page; the test client raises on any exception in a view."""
    requests = hostile_requests(pages)
    assert len(requests) > 50
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    # An export's layout does not depend on the database: on PostgreSQL each of the walk's export
    # routes gets the placeholder PDF (OneLayoutPerUrlPattern), and typed values are laid out on SQLite.
    answers = {}
    with contextlib.nullcontext() if on_sqlite() else _layouts.installed():
        for url in requests:
            with _layouts.request(url):
                answers[url] = client.get(url).status_code
    odd = {url: status for url, status in answers.items() if status not in (200, 302, 400, 404)}
    assert not odd, f"typed values in the searches and filters {username} is offered: {odd}"


@pytest.mark.skipif(not on_sqlite(), reason="what the reader is offered does not depend on the database")
def test_reader_is_offered_no_changing_forms(db):
    pages = crawl_as("lasare")
    actions = [(url, action) for url, seen in pages.items() for action in seen.post_actions]
    # The reader's pages do carry the language and logout forms: the check below sees forms. Their
    # own password is the reader's to change; it changes nothing of the partnership. So are their own API
    # tokens: a token carries its owner's roles, so the reader's can only read.
    assert actions
    for url, action in actions:
        assert action in ("/sprak/", "/logga-ut/", "/byt-losenord/", "/shk/api-nycklar/"), (
            f"{url} offers a form posting to {action}"
        )


@pytest.mark.parametrize("url", ["/shk/", "/shk/initiativ/", "/shk/personer/"])
def test_anonymous_visitors_see_only_the_login(client, shk, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/logga-in/")


@pytest.mark.browser
@pytest.mark.parametrize(
    "html, rule",
    [
        ('<img src="data:,">', "image-alt"),
        ('<form><input type="text" name="q"></form>', "label"),
        ('<p style="color: #ccc; background: #fff">Grått på vitt</p>', "color-contrast"),
    ],
)
def test_axe_pass_finds_a_violation(html_checker, html, rule):
    page = f'<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head><body><main>{html}</main></body></html>'
    assert [v["id"] for v in html_checker.violations(page)] == [rule]


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<td>2\xa0023</td>", ["year '2\\xa0023'"]),
        ("<h1>Budgetuppföljning 2\xa0024</h1>", ["year '2\\xa0024'"]),
        ("<td>2023</td><td>2\xa0050\xa0kr</td><td>1\xa0950\xa0000</td><td>12\xa0023</td>", []),
        ('<option value="">---------</option>', ["an empty choice shown as dashes"]),
        ('<option value="">Välj …</option>', []),
        ("<p>Källa: seed 004, bilaga 1</p>", ["working note 'seed 0'"]),
        ("<p>Källa: Seed 001 och DOMAIN.md regel 5</p>", ["working note 'Seed 0'", "working note 'DOMAIN.md'"]),
        ('<a href="/f/1/">Ladda ner 004_06e4408e7fbf10f3.txt</a>', ["working note '3.txt'"]),
        ('<input type="file" accept=".pdf,.txt"><p>Filtyper: .pdf, .txt</p>', []),
        ("<p>Källa: SHK 2024/1, bilaga 1 (Pilotprojekt och seed money)</p>", []),
        ("<p>Filen heter rapport.txtx</p>", []),
    ],
)
def test_copy_slips_are_found(html, expected):
    assert copy_slips(html) == expected


def page_as(who, path, main, token):
    return (
        f'<html><body><header class="site-header"><input name="next" type="hidden" value="{path}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}"><span class="who">{who}</span>'
        f'<a href="/shk/" aria-current="page">Start</a></header><main>{main}</main></body></html>'
    ).encode()


def test_axe_keys_ignore_only_what_varies_without_changing_what_axe_finds():
    content, header = axe_keys(page_as("Anna", "/shk/", "<h1>Start</h1>", "a1"))
    # Another person, address, token: the same content and the same header.
    assert axe_keys(page_as("Bo", "/shk/initiativ/", "<h1>Start</h1>", "b2")) == (content, header)
    # Other words in the same structure: the same page to axe.
    assert axe_keys(page_as("Anna", "/shk/", "<h1>Initiativ</h1>", "a1")) == (content, header)
    # Another structure under the same header: only the content is new.
    other_content, same_header = axe_keys(page_as("Anna", "/shk/", "<h1>Start</h1><p>Text</p>", "a1"))
    assert (other_content != content, same_header == header) == (True, True)


def _table(rows: int, cell: str = "x", cls: str = "") -> str:
    return f'<table class="{cls}">' + "".join(f"<tr><td>{cell}{i}</td></tr>" for i in range(rows)) + "</table>"


@pytest.mark.parametrize(
    "a,b,same",
    [
        (_table(3), _table(40), True),  # more rows of the same kind
        (_table(3), _table(3, cell="annat"), True),  # other words
        (_table(3), _table(3, cls="stacked"), False),  # another class: other styles
        (_table(3), _table(3, cell=""), True),  # "0", "1" … are still text
        ("<h1>Rubrik</h1>", "<h1></h1>", False),  # an empty heading is what axe looks for
        ('<img src="a.png" alt="Bild">', '<img src="b.png" alt="Annan">', True),
        ('<img src="a.png" alt="Bild">', '<img src="a.png" alt="">', False),
        ('<img src="a.png" alt="Bild">', '<img src="a.png">', False),
        ('<a href="/a/">A</a>', '<a href="/b/" role="button">A</a>', False),
        ('<p style="color:#777">x</p>', '<p style="color:#000">x</p>', False),
    ],
)
def test_pages_alike_in_structure_share_a_key(a, b, same):
    assert (axe_keys(page_as("A", "/", a, "t"))[0] == axe_keys(page_as("A", "/", b, "t"))[0]) is same
