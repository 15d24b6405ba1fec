"""Walk every page reachable from the start page as each demo role.

Fails on any server error, and on any link that leads to a page the role may not
see (403/404): a page must only offer what its viewer may open.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

SKIP_PREFIXES = ("/static/", "/logga-ut/", "/sprak/")
MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.post_actions = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.post_actions.append(attrs.get("action") or "")


def export_format(url):
    query = urlsplit(url).query
    return next((f for f in ("pdf", "xlsx") if f"format={f}" in query), None)


def crawl(client):
    """Every page reachable by links; of the PDF and XLSX exports only the first few, as
    their own tests read every export back."""
    seen, queue, pages = set(), deque(["/"]), {}
    exports = {"pdf": 0, "xlsx": 0}
    while queue and len(seen) < MAX_PAGES:
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
        parser = Links()
        parser.feed(response.content.decode())
        response.post_actions = parser.post_actions
        for href in parser.hrefs:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            if href.startswith("?"):
                href = urlsplit(response.request["PATH_INFO"]).path + href
            if href.startswith("/") and not href.startswith(SKIP_PREFIXES) and href not in seen:
                queue.append(href)
    return pages


def test_every_page_as_every_role(client_as, demo_username):
    pages = crawl(client_as(demo_username))
    assert len(pages) > 10
    failures = {url: r.status_code for url, r in pages.items() if r.status_code != 200}
    assert not failures, f"{demo_username} was shown links to pages it cannot open: {failures}"


def test_reader_is_offered_no_changing_forms(client_as):
    for url, response in crawl(client_as("lasare")).items():
        for action in getattr(response, "post_actions", []):
            assert action in ("/sprak/", "/logga-ut/"), f"{url} offers a form posting to {action}"


@pytest.mark.parametrize("url", ["/shk/", "/shk/initiativ/", "/shk/personer/"])
def test_anonymous_visitors_see_only_the_login(client, shk, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/logga-in/")
