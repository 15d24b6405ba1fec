"""The main pages, as the process leader, from a 320 px phone to a 1366 px laptop: the page never
scrolls sideways (a wide table scrolls inside its own labelled, focusable frame), long lists become
stacked cards on a phone, and the menu is one row of groups on a laptop."""

import pytest
from django.db import connection

from samsyn.core.testing.browser import axe_violations, format_violations, horizontal_overflow

# How a page is laid out does not depend on the database its figures came from: run once, on SQLite.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the layout does not depend on the database"),
]

WIDTHS = (320, 390, 1366)
PHONE_WIDTHS = (320, 390)

# The menu's pages are read from the start page; these are the pages below them with the widest
# content: the whole-portfolio matrix, an initiative, the list tables and the number tables.
DEEP_PAGES = (
    "/shk/helhetsportfolj/styrelsen/",
    "/shk/initiativ/seniorrestaurang/",
    "/shk/styrning/moten/1/",
    "/shk/styrning/uppdrag/",
    "/shk/styrning/rekvisitioner/",
    "/shk/styrning/utgiftsbeslut/",
    "/shk/ekonomi/ansokningar/",
    "/shk/ekonomi/bilaga/",
    "/shk/ekonomi/budget/",
    "/shk/arkiv/handlingar/1/",
    "/shk/uppfoljning/plan/",
    "/shk/uppfoljning/evenemang/",
    "/shk/uppfoljning/utvarderingar/",
)
# axe on the phone for a few pages that hold many tables.
AXE_PAGES = ("/shk/", "/shk/initiativ/", "/shk/helhetsportfolj/styrelsen/", "/shk/styrning/", "/shk/ekonomi/bilaga/")


def widest_elements(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                          && !e.closest('[role=region][tabindex]'))
             .slice(0, 5).map(e => e.tagName.toLowerCase() +
               (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') +
               ' ' + (e.textContent || '').trim().slice(0, 40))"""
    )


def main_pages(page):
    page.goto("/shk/")
    menu = page.eval_on_selector_all(".main-nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(["/shk/", *menu, *DEEP_PAGES]))


def test_no_page_scrolls_sideways_from_320_px_to_1366_px(new_page):
    page = new_page(viewport={"width": 1366, "height": 900}, username="processledare")
    urls = main_pages(page)
    assert len(urls) > len(DEEP_PAGES) + 5, urls
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            overflow = horizontal_overflow(page)
            if overflow > 0:
                problems.append(f"{url} at {width} px scrolls sideways by {overflow} px: {widest_elements(page)}")
    assert not problems, "\n".join(problems)


def test_every_table_scrolls_in_a_labelled_focusable_frame(new_page):
    page = new_page(viewport={"width": 390, "height": 800}, username="processledare")
    problems = []
    for url in main_pages(page):
        page.goto(url)
        bad = page.evaluate(
            """() => [...document.querySelectorAll('table')].filter(t => {
                 const frame = t.closest('[role=region][tabindex="0"]');
                 if (!frame) return true;
                 const id = frame.getAttribute('aria-labelledby');
                 return !(frame.getAttribute('aria-label') || (id && document.getElementById(id)));
               }).map(t => (t.caption ? t.caption.textContent : t.outerHTML).trim().slice(0, 60))"""
        )
        if bad:
            problems.append(f"{url}: {bad}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_phone_pages_pass_axe(new_page, width):
    page = new_page(viewport={"width": width, "height": 800}, username="processledare", is_mobile=True, has_touch=True)
    reports = []
    for url in AXE_PAGES:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            reports.append(f"{url}:\n{format_violations(violations)}")
    assert not reports, "\n".join(reports)


def test_long_lists_are_cards_on_a_phone_and_rows_on_a_laptop(new_page):
    page = new_page(viewport={"width": 390, "height": 800}, username="processledare")
    page.goto("/shk/initiativ/")
    cell = page.locator("table.stacked tbody tr").first.locator("td").first
    label = cell.get_attribute("data-label")
    assert label, "each cell names its column for the phone layout"
    assert page.locator("table.stacked thead th").first.inner_text().strip()
    # On a phone the row is a card: the cell is a block of its own and shows the column's name first.
    assert cell.evaluate("td => getComputedStyle(td).display") != "table-cell"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content").strip('"') == label
    page.set_viewport_size({"width": 1366, "height": 900})
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")


def test_menu_is_one_row_of_groups_on_a_laptop_and_wraps_on_a_phone(new_page):
    page = new_page(viewport={"width": 1366, "height": 900}, username="processledare")
    page.goto("/shk/")
    rows = "() => new Set([...document.querySelectorAll('.main-nav .menu-group')].map(g => Math.round(g.getBoundingClientRect().bottom))).size"
    assert page.evaluate(rows) == 1
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(rows) > 1
        assert horizontal_overflow(page) <= 0
        # No menu link runs past the window's edge, nor hides under another.
        assert page.evaluate(
            "() => [...document.querySelectorAll('.main-nav a')].every(a => a.getBoundingClientRect().right <= window.innerWidth)"
        )
