"""Walk every page reachable from the start page as each demo role.

Fails on any server error, and on any link that leads to a page the role may not
see (403/404): a page must only offer what its viewer may open.
"""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest

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


# {username: {url: (status, post form actions)}}: a crawl serves both tests of a role that run in
# the same process; every test starts from the same demo, so the pages are the same.
_crawls: dict[str, dict[str, tuple[int, list[str]]]] = {}


def crawl_as(client_as, username):
    if username not in _crawls:
        pages = crawl(client_as(username))
        _crawls[username] = {url: (r.status_code, getattr(r, "post_actions", [])) for url, r in pages.items()}
    return _crawls[username]


def test_every_page_as_every_role(client_as, demo_username):
    pages = crawl_as(client_as, demo_username)
    assert len(pages) > 10
    failures = {url: status for url, (status, _) in pages.items() if status != 200}
    assert not failures, f"{demo_username} was shown links to pages it cannot open: {failures}"


def test_reader_is_offered_no_changing_forms(client_as):
    pages = crawl_as(client_as, "lasare")
    actions = [(url, action) for url, (_, post_actions) in pages.items() for action in post_actions]
    # The reader's pages do carry the language and logout forms: the check below sees forms.
    assert actions
    for url, action in actions:
        assert action in ("/sprak/", "/logga-ut/"), f"{url} offers a form posting to {action}"


@pytest.mark.parametrize("url", ["/shk/", "/shk/initiativ/", "/shk/personer/"])
def test_anonymous_visitors_see_only_the_login(client, shk, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/logga-in/")
