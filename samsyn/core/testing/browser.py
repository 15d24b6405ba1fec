"""Browser tests: Debian's Chromium driven by Playwright (sync API) against `live_server`.

Registered as a pytest plugin from samsyn/conftest.py. Nothing here downloads a browser:
it uses /usr/bin/chromium (`apt-get install -y chromium`) and axe-core from npm
(node_modules/axe-core/axe.min.js, from package.json). When either is missing the browser
tests skip, unless SAMSYN_REQUIRE_BROWSER=1, in which case they fail (CI sets it).
"""

import functools
import mimetypes
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM
# calls from that thread unless told that this is on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("SAMSYN_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# 200 % zoom of a 1280 px wide window: the page lays out in 640 CSS pixels.
ZOOM_200 = {"width": 640, "height": 450}
# What fails a page: every violation of a WCAG 2.1 level A or AA rule, whatever axe calls its
# impact, and axe's other rules (best practice) when their impact is serious or critical.
WCAG_TAGS = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"})
BLOCKING_IMPACTS = ("serious", "critical")
# How long an action or a page load may take: the suite runs two databases' workers, mypy, the live
# servers and Chromium on two cores, where the whole-portfolio matrix took more than 5 s to load once.
TIMEOUT_MS = 15_000


def demo_password():
    # Imported late: samsyn/conftest.py registers this module as a plugin.
    from samsyn.conftest import DEMO_PASSWORD

    return DEMO_PASSWORD


def _missing_reason():
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS} is missing (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package is not installed (pip install -e .[dev])")
    return "; ".join(missing)


def _skip_or_fail(reason):
    if os.environ.get("SAMSYN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SAMSYN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session."""
    reason = _missing_reason()
    if reason:
        _skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def demo_live_server(chromium_browser, live_server, transactional_db):
    """`live_server` with the SHK demo in its database.

    live_server tests are transactional: what they write is committed, so the server thread
    sees it, and the database is flushed after each of them. The session's demo is there when
    the test starts because samsyn/conftest.py loads it again after every flush."""
    return live_server


@pytest.fixture
def new_page(chromium_browser, demo_live_server):
    """new_page(viewport=..., username=..., **context_options) -> a Page in a fresh context.

    With `username` the context starts logged in (a session cookie made server-side, which
    skips the slow password hash); the login form itself is tested on its own."""
    contexts = []

    def make(viewport=DESKTOP, username=None, **options):
        # A browser set to English: Samsyn speaks Swedish whatever the browser asks for, so every
        # browser test that reads Swedish text checks that too.
        options.setdefault("locale", "en-US")
        context = chromium_browser.new_context(viewport=viewport, base_url=demo_live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if username:
            login_with_cookie(context, demo_live_server.url, username)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login_with_cookie(context, base_url, username):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def login_via_form(page, username, password=None):
    """Log in through the login page, as a person would."""
    password = password or demo_password()
    page.goto("/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def blocking(violations):
    """The violations that fail a page: WCAG 2.1 A/AA at any impact, best practice when serious or critical."""
    return [v for v in violations if WCAG_TAGS & set(v["tags"]) or v.get("impact") in BLOCKING_IMPACTS]


@functools.cache
def _axe_source():
    # The script, then a value to return: evaluate() hands back the last expression's value.
    return AXE_JS.read_text(encoding="utf-8") + "\n;undefined"


def axe_violations(page):
    """Run axe-core on the page as it is now; return the violations that fail it (`blocking`)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Run through the browser's debugging protocol, which the page's Content-Security-Policy does
        # not govern: a <script> element added to the page would be refused like any inline script.
        page.evaluate(_axe_source())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return blocking(result["violations"])


# The origin the HTML pages are shown at: not a server, every request to it is answered below.
HTML_ORIGIN = "http://samsyn.test"


# Shows the next page in the browser page without loading it anew when its stylesheets are the
# ones already applied: the <html> attributes, the title and the body are swapped in; scripts do
# not run again (the pages' only script is htmx, which changes nothing before someone acts).
SWAP_PAGE_JS = """html => {
    const next = new DOMParser().parseFromString(html, 'text/html');
    const sheets = d => [...d.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href')).join(' ');
    if (!document.body || !sheets(document) || sheets(next) !== sheets(document)) return false;
    const root = document.documentElement;
    for (const a of [...root.attributes]) root.removeAttribute(a.name);
    for (const a of next.documentElement.attributes) root.setAttribute(a.name, a.value);
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    return true;
}"""


class HtmlChecker:
    """axe-core on HTML already rendered (by the test Client), without a server.

    One browser page is handed each page's HTML (no navigation); the stylesheets and scripts it
    names under STATIC_URL are served from the staticfiles finders, so the page looks as it does
    in use and colour contrast is judged on the real CSS. Any other request (an htmx call) is
    refused: the HTML alone is what is checked."""

    def __init__(self, browser, viewport=DESKTOP):
        self.static: dict[str, tuple[bytes, str] | None] = {}
        self.missing: set[str] = set()  # static files a page named that the finders do not have
        self.context = browser.new_context(viewport=viewport, locale="en-US")
        self.context.set_default_timeout(TIMEOUT_MS * 4)
        self.context.route(f"{HTML_ORIGIN}/**", self._serve)
        self.page = self.context.new_page()
        # The HTML's own URLs (/static/…) resolve against the page's address, this origin.
        self.page.goto(f"{HTML_ORIGIN}/")

    def _serve(self, route):
        from django.conf import settings
        from django.contrib.staticfiles import finders

        path = urlsplit(route.request.url).path
        if path == "/":
            route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>axe</title>")
        elif path.startswith(settings.STATIC_URL):
            if path not in self.static:
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                self.static[path] = (
                    (Path(found).read_bytes(), mimetypes.guess_type(found)[0] or "application/octet-stream")
                    if found
                    else None
                )
            file = self.static[path]
            if file is None:
                self.missing.add(path)
                route.fulfill(status=404, body="")
            else:
                route.fulfill(status=200, content_type=file[1], body=file[0])
        else:
            route.abort()

    def violations(self, html):
        """The blocking axe violations of this HTML page, shown at the checker's viewport."""
        if "<script" in html.partition("<body")[2] or not self.page.evaluate(SWAP_PAGE_JS, html):
            self.page.set_content(html, wait_until="load")
        return axe_violations(self.page)

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def html_checker(chromium_browser):
    checker = HtmlChecker(chromium_browser)
    yield checker
    checker.close()


@pytest.fixture(scope="session")
def html_checker_or_reason(request):
    """The session's HtmlChecker, or why there is none, for a test whose other checks run without
    a browser: it asks for this before its database (starting Playwright within a test that holds
    a transaction leaves the test on another database connection), then skips only its axe part.
    axe runs on SQLite only: the pages' HTML does not depend on the database engine."""
    from django.conf import settings

    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        return "the pages' HTML does not depend on the database: axe checks them once, on SQLite"
    reason = _missing_reason()
    if reason and os.environ.get("SAMSYN_REQUIRE_BROWSER") != "1":
        return f"browser test skipped: {reason}"
    return request.getfixturevalue("html_checker")


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"    {target}: {summary}\n      {node.get('html', '')[:160]}")
    return "\n".join(lines)


def assert_accessible(page, label=None):
    """No axe-core violation that fails a page (`blocking`) on the current page."""
    violations = axe_violations(page)
    if violations:
        report = format_violations(violations)
        print(f"axe violations on {label or page.url}:\n{report}")
        pytest.fail(f"axe: {len(violations)} violation(s) on {label or page.url}:\n{report}", pytrace=False)


def horizontal_overflow(page):
    """CSS pixels by which the page is wider than the window (0 when it does not scroll sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def assert_no_horizontal_scroll(page, label=None):
    overflow = horizontal_overflow(page)
    if overflow > 1:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                   (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"""
        )
        pytest.fail(f"{label or page.url} scrolls sideways by {overflow}px; widest elements: {wide}", pytrace=False)


def assert_assets_loaded(page):
    """The page's stylesheet applies and htmx runs (a 404 for either leaves a bare page)."""
    state = page.evaluate(
        """() => ({
            htmx: typeof window.htmx,
            sheets: [...document.styleSheets].map(s => {
                try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, -1]; }
            }),
            skipLinkPosition: getComputedStyle(document.querySelector(".skip-link")).position,
        })"""
    )
    problems = []
    if state["htmx"] != "object":
        problems.append(f"htmx did not load (typeof htmx is {state['htmx']!r})")
    if (
        not state["sheets"]
        or any(rules <= 0 for _, rules in state["sheets"])
        or state["skipLinkPosition"] != "absolute"
    ):
        problems.append(f"the stylesheet did not load or apply ({state['sheets']})")
    if problems:
        pytest.fail(
            f"{page.url}: "
            + "; ".join(problems)
            + ". Are samsyn/static/ files found by the staticfiles finders (STATICFILES_DIRS)?",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def axe_claims(tmp_path_factory, worker_id):
    """A directory for this run, shared by its xdist workers: a content or header checked by one
    worker (for one role) is not checked again by another."""
    base = tmp_path_factory.getbasetemp()
    claims = (base if worker_id == "master" else base.parent) / "axe-checked"
    claims.mkdir(exist_ok=True)
    return claims
