"""The portfolio in a real browser: Debian's Chromium through Playwright, checked with axe-core.

Fixtures and helpers come from samsyn.core.testing.browser. These tests skip when Chromium or
axe-core is missing, and fail instead when SAMSYN_REQUIRE_BROWSER=1.
"""

import re

import pytest
from playwright.sync_api import expect

from samsyn.core.testing.browser import (
    PHONE,
    ZOOM_200,
    assert_accessible,
    assert_assets_loaded,
    assert_no_horizontal_scroll,
    login_via_form,
)

pytestmark = pytest.mark.browser

SLUG = "shk"
HOME = f"/{SLUG}/"
LIST = f"/{SLUG}/initiativ/"
FOCUS_AREA = "barn-och-unga"
PHASE = "planned"
EXPECTED = "perspektivskifte-tidiga-insatser"


def count_of(page):
    """The number in the list's "N initiatives" line."""
    text = page.locator("#results .count").inner_text()
    return int(re.sub(r"\D", "", text))


def count_text(n):
    """Matches the count line for exactly n ("1 initiativ", not "17 initiativ")."""
    return re.compile(rf"^\s*{n}\D")


def demo_counts():
    from samsyn.portfolio.models import Initiative

    everything = Initiative.objects.filter(partnership__slug=SLUG)
    in_area = everything.filter(focus_areas__slug=FOCUS_AREA).distinct()
    return everything.count(), in_area.count(), list(in_area.filter(phase=PHASE).values_list("slug", "name"))


def test_log_in_filter_and_open_an_initiative(new_page):
    total, in_area, expected = demo_counts()
    assert [slug for slug, _ in expected] == [EXPECTED], "the demo data changed; pick another filter"
    expected_name = expected[0][1]
    page = new_page()

    # The root asks for a login, then lands on the partnership's start page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/logga-in/\?next=/$"))
    assert_accessible(page, "login page")
    login_via_form(page, "coreteam-barn")
    expect(page).to_have_url(re.compile(f"{HOME}$"))
    expect(page.locator("h1")).to_contain_text("Samhällskontrakt")
    assert_assets_loaded(page)
    assert_accessible(page, "start page")

    # The list through the main menu.
    page.locator(f".main-nav a[href='{LIST}']").click()
    expect(page).to_have_url(re.compile(f"{LIST}$"))
    expect(page.locator(f".main-nav a[href='{LIST}']")).to_have_attribute("aria-current", "page")
    assert count_of(page) == total
    assert_accessible(page, "initiative list")

    # Filtering: htmx swaps #results on each change and pushes the filters to the address.
    page.locator("#id_focus_area").select_option(FOCUS_AREA)
    expect(page.locator("#results .count")).to_have_text(count_text(in_area))
    assert count_of(page) == in_area < total
    page.locator("#id_phase").select_option(PHASE)
    expect(page.locator("#results .count")).to_have_text(count_text(len(expected)))
    expect(page).to_have_url(re.compile(f"focus_area={FOCUS_AREA}.*phase={PHASE}"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th a")).to_have_text(expected_name)
    # The page is still whole (htmx swapped only the results, not a page into the page).
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, "filtered initiative list")

    # The initiative's own page.
    rows.first.locator("th a").click()
    expect(page).to_have_url(re.compile(f"{LIST}{EXPECTED}/$"))
    expect(page.locator("h1")).to_have_text(expected_name)
    expect(page.locator(".facts")).to_contain_text("Alla barn och unga lyckas")
    expect(page.locator(".breadcrumbs a")).to_have_attribute("href", LIST)
    assert_accessible(page, "initiative page")


def test_filters_work_without_javascript(new_page):
    _, _in_area, expected = demo_counts()
    page = new_page(username="coreteam-barn", java_script_enabled=False)
    page.goto(LIST)
    page.locator("#id_focus_area").select_option(FOCUS_AREA)
    page.locator("#id_phase").select_option(PHASE)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"focus_area={FOCUS_AREA}.*phase={PHASE}"))
    assert count_of(page) == len(expected) == 1
    expect(page.locator("#results tbody th a")).to_have_text(expected[0][1])


def test_phone_and_zoom(new_page):
    # A phone: readable and accessible without sideways scrolling.
    phone = new_page(viewport=PHONE, username="coreteam-barn", is_mobile=True, has_touch=True)
    for url, label in [(HOME, "start page"), (LIST, "initiative list")]:
        phone.goto(url)
        assert_accessible(phone, f"{label} on a phone")
        assert_no_horizontal_scroll(phone, f"{label} on a phone")

    # 200 % zoom: a 1280 px window at 200 % lays out in 640 CSS pixels at two device pixels each.
    zoomed = new_page(viewport=ZOOM_200, username="coreteam-barn", device_scale_factor=2)
    for url, label in [(HOME, "start page"), (LIST, "initiative list"), (f"{LIST}{EXPECTED}/", "initiative page")]:
        zoomed.goto(url)
        assert zoomed.evaluate("() => window.innerWidth") == ZOOM_200["width"]
        assert_no_horizontal_scroll(zoomed, f"{label} at 200 % zoom")


def test_first_tab_reaches_the_skip_link(new_page):
    page = new_page(username="coreteam-barn")
    page.goto(HOME)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile("#main$"))


def test_switch_language_and_back(new_page):
    page = new_page(username="coreteam-barn")
    page.goto(LIST)
    initiatives_link = page.locator(f".main-nav a[href='{LIST}']")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(initiatives_link).to_have_text("Initiativ")

    page.locator("#lang-select").select_option("en")
    with page.expect_navigation():
        page.locator("form.lang button[type=submit]").click()
    # set_language returns to the page the form was sent from.
    expect(page).to_have_url(re.compile(f"{LIST}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(initiatives_link).to_have_text("Initiatives")
    expect(page.locator(".skip-link")).to_have_text("Skip to content")
    assert_accessible(page, "initiative list in English")

    page.locator("#lang-select").select_option("sv")
    with page.expect_navigation():
        page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(initiatives_link).to_have_text("Initiativ")
    expect(page.locator(".skip-link")).to_have_text("Hoppa till innehållet")
