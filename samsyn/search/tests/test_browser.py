"""The archive search in a real browser (Chromium through Playwright), checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

ARCHIVE = "/shk/arkiv/"


def test_search_with_a_filter(new_page):
    page = new_page(username="lasare")
    page.goto(ARCHIVE)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, "archive page")

    page.locator("#id_q").fill("Västerås självständiga äldre")
    page.locator("#id_kind").select_option("document")
    page.locator("form.filters button[type=submit]").click()
    hits = page.locator("#results .archive-hit")
    expect(hits.first).to_be_visible()
    expect(page).to_have_url(re.compile(r"kind=document"))
    expect(page.locator("#results")).to_contain_text("Årsrapport 2023")
    expect(page.locator("#results mark").first).to_be_visible()
    # Only documents after the filter.
    kinds = set(page.locator("#results .archive-kind").all_inner_texts())
    assert len(kinds) == 1, kinds
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, "search results")

    # The OCR'd report's own spelling finds it too.
    page.locator("#id_q").fill("Vasteras sjalvstandiga aldre")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=Vasteras"))
    expect(page.locator("#results")).to_contain_text("Årsrapport 2023")

    # Opening a hit shows the document and its file.
    page.locator("#results .archive-hit-title a", has_text="Årsrapport 2023").click()
    expect(page.locator("h1")).to_contain_text("Årsrapport 2023")
    expect(page.locator("table")).to_contain_text("Årsrapport 2023.md")
    assert_accessible(page, "document page")


def test_archive_on_a_phone(new_page):
    phone = new_page(viewport=PHONE, username="processledare", is_mobile=True, has_touch=True)
    for url in [ARCHIVE + "?q=äldre", ARCHIVE + "samband/", ARCHIVE + "handlingar/ny/"]:
        phone.goto(url)
        assert_accessible(phone, url)
        assert_no_horizontal_scroll(phone, url)
