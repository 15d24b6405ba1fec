"""Governance in a real browser: record a decision with an assignment, see it on the next agenda; axe-core clean."""

import pytest

from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser
BASE = "/shk/styrning/"


def _new_meeting(page, title, day):
    page.goto(f"{BASE}moten/nytt/")
    page.select_option("#id_kind", "board")
    page.fill("#id_title", title)
    page.fill("#id_date", day)
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_place", "Eskilstuna")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page.url


def test_decision_with_assignment_appears_on_the_next_agenda(new_page):
    page = new_page(username="processledare")
    page.goto(BASE)
    assert_accessible(page, "meetings overview")
    first = _new_meeting(page, "Styrelsemöte mars", "2031-03-05")
    # Add an item, a decision and an assignment under it.
    page.get_by_role("link", name="Lägg till en punkt").click()
    assert_accessible(page, "item form")
    page.fill("#id_title", "Kommunikationsstrategi")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Lägg till beslut under punkt 3").click()
    page.fill("#id_text", "Styrelsen godkänner processen för kommunikationsstrategin.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Lägg till uppdrag under punkt 3").click()
    # An error first: nobody named.
    page.fill("#id_text", "Ta fram ett förslag på kommunikationsmål.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "assignment form with errors")
    page.select_option("#id_assignee", label="Karin Axelsson")
    page.fill("#id_due", "2031-04-01")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.startswith(first.split("#")[0])
    assert page.get_by_text("Styrelsen godkänner processen för kommunikationsstrategin.").is_visible()
    assert_accessible(page, "meeting with a decision")
    # The next meeting's agenda carries the open assignment.
    _new_meeting(page, "Styrelsemöte april", "2031-04-10")
    page.get_by_role("link", name="Dagordning", exact=True).first.click()
    carried = page.locator("#carried-cap").locator("xpath=..")
    assert "Ta fram ett förslag på kommunikationsmål." in carried.inner_text()
    assert "Karin Axelsson" in carried.inner_text()
    assert_accessible(page, "agenda")


def test_fee_calculation_is_accessible(new_page):
    # The crawl (core/tests/test_every_page.py) runs axe on every page a link reaches; a fee
    # worked out for a candidate member is reached by filling in the form.
    path = "medlemsavgift/?candidate=Ny&population=30000"
    page = new_page(username="processledare")
    page.goto(BASE + path)
    assert_accessible(page, path)


def test_minutes_and_report_at_phone_width(new_page):
    from samsyn.governance.models import Meeting

    m = Meeting.objects.get(partnership__slug="shk", key="styrelse-2024-09-19")
    page = new_page(viewport=PHONE, username="styrelse")
    for url in [f"{BASE}moten/{m.pk}/", f"{BASE}moten/{m.pk}/processledarrapport/"]:
        page.goto(url)
        assert_accessible(page, url)
        assert_no_horizontal_scroll(page, url)
