#!/usr/bin/env python3
"""Screenshots of every main page for every demo role, at each window width, with an index.html.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--roles admin,lasare] [--widths 1366,390]

Without --base-url it loads the demo into a fresh SQLite database in a temporary directory
(`samsyn demo --no-serve`) and serves it on a free port of 127.0.0.1 (`samsyn runserver --noreload`)
for as long as it takes. It logs in as each role through the login form, takes the main menu of the
start page, adds one detail page of each kind (an initiative, a meeting, a document, a portfolio, an
evaluation) found on those pages, and saves a full-page PNG of each as <out>/<role>/<width>/<page>.png.
It exits non-zero when a page answered with an error status (the PNG of the error page is still saved).

Debian's Chromium (/usr/bin/chromium, or $SAMSYN_CHROMIUM) through Playwright; no browser is downloaded.
"""

import argparse
import html
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
ROLES = ["admin", "processledare", "ekonomi", "styrelse", "coreteam-barn", "coreteam-aldre", "initiativagare", "lasare"]
WIDTHS = [1366, 390]
CHROMIUM = os.environ.get("SAMSYN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000
SERVER_START_SECONDS = 60

# One detail page of each kind: the lists (paths under the partnership) to look on, in order, and
# the link patterns that lead to one, best first. A role that may not see the detail page itself
# may still see a summary of the same thing (a reader sees an evaluation's results only).
# A slug is any path segment but the forms' and tools' own (ny, nytt, import, jamfor).
SLUG = r"(?!(?:ny|nytt|import|jamfor)/)[^/]+"
DETAIL_KINDS = [
    ("initiative", ["initiativ/"], [rf"initiativ/{SLUG}/"]),
    ("meeting", ["styrning/"], [r"styrning/moten/\d+/"]),
    ("document", ["arkiv/", "arkiv/handlingar/"], [r"arkiv/handlingar/\d+/"]),
    ("portfolio", ["portfolj/"], [rf"portfolj/{SLUG}/"]),
    (
        "evaluation",
        ["uppfoljning/", "uppfoljning/utvarderingar/"],
        [rf"uppfoljning/utvarderingar/{SLUG}/", rf"uppfoljning/utvarderingar/{SLUG}/resultat/"],
    ),
]


@dataclass
class Shot:
    role: str
    width: int
    name: str
    path: str
    status: int
    file: str  # relative to the output folder


def main(argv=None, browser=None):
    """Parse the arguments, take the screenshots and write the index; returns the exit status.

    `browser` is a Playwright Browser to use instead of launching Chromium (a test's session one)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(PROJECT_DIR / "screenshots"), help="output folder (default: screenshots/)")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated demo logins (default: all)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="comma-separated window widths in px")
    parser.add_argument("--base-url", help="a running Samsyn with the demo loaded (default: start one)")
    parser.add_argument(
        "--password", help="the demo logins' password (default: a new one, or required with --base-url)"
    )
    parser.add_argument("--partnership", default="shk", help="the demo partnership's slug (default: shk)")
    args = parser.parse_args(argv)
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    widths = [int(w) for w in args.widths.split(",") if w.strip()]
    if args.base_url and not args.password:
        parser.error("--base-url needs --password")
    out = Path(args.out)
    password = args.password or secrets.token_urlsafe(12)

    started = time.monotonic()
    with _server(args.base_url, password) as base_url, _browser(browser) as chromium:
        shots = take_screenshots(chromium, base_url, out, roles, widths, password, args.partnership)
    write_index(out, shots, roles, widths)
    errors = [s for s in shots if s.status >= 400]
    print(f"{len(shots)} screenshots in {out} ({time.monotonic() - started:.0f} s); index: {out / 'index.html'}")
    for shot in errors:
        print(f"error {shot.status}: {shot.role} {shot.path}", file=sys.stderr)
    return 1 if errors else 0


def take_screenshots(browser, base_url, out, roles, widths, password, partnership="shk"):
    shots: list[Shot] = []
    for role in roles:
        # One context per role: logged in once, the same pages at every width.
        context = browser.new_context(base_url=base_url, viewport=_viewport(widths[0]), locale="sv-SE")
        context.set_default_timeout(TIMEOUT_MS)
        try:
            page = context.new_page()
            _login(page, role, password)
            pages = None
            for width in widths:
                page.set_viewport_size(_viewport(width))
                if pages is None:
                    # Found at the first width, while its menu pages are being shot.
                    pages = _shoot_menu_and_find_details(page, role, width, out, partnership, shots)
                else:
                    for name, path in pages:
                        shots.append(_shoot(page, role, width, name, path, out))
                print(f"{role} {width}px: {len(pages)} pages", flush=True)
        finally:
            context.close()
    return shots


def _shoot_menu_and_find_details(page, role, width, out, partnership, shots):
    prefix = f"/{partnership}/"
    page.goto(prefix)
    menu = _unique(page.eval_on_selector_all("nav.main-nav a[href]", "els => els.map(e => e.getAttribute('href'))"))
    pages = [(_page_name(path, prefix), path) for path in menu if path.startswith(prefix)]
    links_on = {}
    for name, path in pages:
        shots.append(_shoot(page, role, width, name, path, out))
        links_on[path] = _main_links(page)
    for kind, lists, patterns in DETAIL_KINDS:
        detail = _find_detail(
            page, [prefix + p for p in lists], [re.compile(f"^{prefix}{p}$") for p in patterns], links_on
        )
        if detail is None:
            print(f"{role}: no {kind} page found on {', '.join(prefix + p for p in lists)}", file=sys.stderr)
            continue
        pages.append((kind, detail))
        shots.append(_shoot(page, role, width, kind, detail, out))
    return pages


def _find_detail(page, lists, patterns, links_on):
    for pattern in patterns:
        for path in lists:
            if path not in links_on:
                response = page.goto(path)
                links_on[path] = _main_links(page) if response and response.ok else []
            for href in links_on[path]:
                if pattern.match(href):
                    return href
    return None


def _shoot(page, role, width, name, path, out):
    response = page.goto(path)
    status = response.status if response else 0
    file = f"{role}/{width}/{name}.png"
    (out / role / str(width)).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=out / file, full_page=True)
    return Shot(role, width, name, path, status, file)


def _login(page, role, password):
    page.goto("/logga-in/")
    page.locator("#id_username").fill(role)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if "/logga-in/" in page.url:
        raise SystemExit(f"could not log in as {role}: is the password right?")


def _main_links(page):
    return _unique(page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))"))


def _unique(items):
    return list(dict.fromkeys(items))


def _page_name(path, prefix):
    """/shk/ -> start, /shk/styrning/ -> styrning, /shk/arkiv/samband/ -> arkiv-samband."""
    rest = path[len(prefix) :].split("?")[0].strip("/")
    return re.sub(r"[^a-z0-9-]+", "-", rest.replace("/", "-").lower()) or "start"


def _viewport(width):
    return {"width": width, "height": 900 if width >= 800 else 844}


def write_index(out, shots, roles, widths):
    """index.html: one section per page, a grid of that page for every role and width."""
    names = _unique(s.name for s in shots)
    sections = []
    for name in names:
        cells = []
        for shot in sorted(
            (s for s in shots if s.name == name), key=lambda s: (roles.index(s.role), widths.index(s.width))
        ):
            flag = f' <strong class="error">{shot.status}</strong>' if shot.status >= 400 else ""
            cells.append(
                f'<figure><a href="{html.escape(shot.file)}"><img src="{html.escape(shot.file)}" loading="lazy" alt=""></a>'
                f"<figcaption>{html.escape(shot.role)} · {shot.width} px{flag}<br><code>{html.escape(shot.path)}</code>"
                "</figcaption></figure>"
            )
        sections.append(
            f'<section id="{html.escape(name)}"><h2>{html.escape(name)}</h2><div class="grid">{"".join(cells)}</div></section>'
        )
    toc = " · ".join(f'<a href="#{html.escape(n)}">{html.escape(n)}</a>' for n in names)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(
        f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Samsyn – skärmbilder</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 1rem; align-items: start; }}
figure {{ margin: 0; border: 1px solid #ccc; padding: .5rem; }}
img {{ width: 100%; max-height: 600px; object-fit: cover; object-position: top; }}
figcaption {{ font-size: .85rem; }}
.error {{ color: #b00; }}
</style></head>
<body><h1>Samsyn – skärmbilder</h1>
<p>{len(shots)} skärmbilder: {len(roles)} roller × {", ".join(f"{w} px" for w in widths)}.</p>
<nav>{toc}</nav>
{"".join(sections)}
</body></html>
""",
        encoding="utf-8",
    )


@contextmanager
def _browser(browser):
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def _server(base_url, password):
    """The given server, or the demo in a fresh SQLite database served on a free port until done."""
    if base_url:
        yield base_url.rstrip("/")
        return
    tmp = Path(tempfile.mkdtemp(prefix="samsyn-screenshots-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'demo.sqlite3'}", "PYTHONUNBUFFERED": "1"}
    samsyn = [sys.executable, "-m", "samsyn.cli"]
    log = tmp / "server.log"
    server = None
    try:
        print("loading the demo into a fresh SQLite database…", flush=True)
        subprocess.run(
            [*samsyn, "demo", "--no-serve", "--password", password], env=env, check=True, stdout=subprocess.DEVNULL
        )
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [*samsyn, "runserver", "--noreload", f"127.0.0.1:{port}"],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        _wait_for(url, server, log)
        print(f"serving on {url}", flush=True)
        yield url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, server, log):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/logga-in/", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer on {url} within {SERVER_START_SECONDS} s:\n{log.read_text()}")


if __name__ == "__main__":
    sys.exit(main())
