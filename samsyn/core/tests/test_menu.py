"""The grouped main menu: every area reachable, and the page's place in it marked."""

import re

import pytest

pytestmark = pytest.mark.django_db


def menu(html):
    nav = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)"( aria-current="(\w+)")?>([^<]+)</a>', nav)
    groups = re.findall(r'<span class="menu-group-label" id="[^"]+">([^<]+)</span>', nav)
    return {href: current for href, _, current, _ in links}, groups


def test_the_menu_is_grouped_and_leads_everywhere(client_as):
    response = client_as("processledare").get("/shk/", HTTP_ACCEPT_LANGUAGE="sv")
    links, groups = menu(response.content.decode())
    assert groups == ["Portfölj", "Styrning", "Uppföljning och arkiv"]
    assert list(links) == [
        "/shk/",
        "/shk/initiativ/",
        "/shk/portfolj/",
        "/shk/helhetsportfolj/",
        "/shk/fokusomraden/",
        "/shk/beslutsunderlag/",
        "/shk/larande/",
        "/shk/styrning/",
        "/shk/ekonomi/",
        "/shk/personer/",
        "/shk/uppfoljning/",
        "/shk/arkiv/",
    ]
    assert links["/shk/"] == "page"


@pytest.mark.parametrize(
    "path,current,mark",
    [
        ("/shk/initiativ/", "/shk/initiativ/", "page"),
        ("/shk/initiativ/studentcoacher/", "/shk/initiativ/", "true"),
        ("/shk/arkiv/", "/shk/arkiv/", "page"),
        ("/shk/styrning/uppdrag/", "/shk/styrning/", "true"),
    ],
)
def test_the_current_page_or_section_is_marked(client_as, path, current, mark):
    response = client_as("processledare").get(path)
    assert response.status_code == 200
    links, _ = menu(response.content.decode())
    assert {href: m for href, m in links.items() if m} == {current: mark}


URLS = ["/shk/", "/shk/initiativ/", "/shk/portfolj/", "/shk/helhetsportfolj/"]


@pytest.mark.parametrize(
    "path, current",
    [
        ("/shk/", (0, "page")),
        ("/shk/initiativ/", (1, "page")),
        ("/shk/initiativ/studentcoacher/", (1, "true")),
        ("/shk/helhetsportfolj/x/", (3, "true")),  # the longest entry it is below
        ("/shk/okand/", None),  # below the start page only: nothing is marked
        ("/annan/", None),
    ],
)
def test_menu_current(path, current):
    from samsyn.core.templatetags.samsyn import menu_current

    assert menu_current(URLS, path) == current


def test_the_menu_is_kept_per_language(client_as):
    client = client_as("processledare")
    swedish = menu(client.get("/shk/").content.decode())[1]
    client.post("/sprak/", {"language": "en", "next": "/shk/"})
    english = menu(client.get("/shk/").content.decode())[1]
    assert (swedish[0], english[0]) == ("Portfölj", "Portfolio")
