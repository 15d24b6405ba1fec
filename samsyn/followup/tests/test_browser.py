"""Running a traffic-light evaluation live: a respondent answers on a phone while the
organiser's screen (another browser page) shows the distribution change. axe-core clean."""

import re

import pytest
from playwright.sync_api import expect

from samsyn.core.models import Partnership
from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


def open_evaluation():
    from samsyn.followup.models import Evaluation, Statement

    shk = Partnership.objects.get(slug="shk")
    ev, _ = Evaluation.objects.update_or_create(
        partnership=shk,
        key="live-2024",
        defaults={
            "title": "Utvärdering 2024",
            "year": 2024,
            "audience": "link",
            "anonymous": True,
            "status": "open",
            "code": "live2024",
        },
    )
    for order, text in enumerate(
        ["Vårt arbete har bidragit till utveckling och innovation.", "Vi har en väl fungerande styrning och ledning."],
        1,
    ):
        Statement.objects.update_or_create(partnership=shk, evaluation=ev, order=order, defaults={"text": text})
    return ev


def test_phone_answer_updates_organiser_screen(new_page):
    ev = open_evaluation()
    organiser = new_page(username="processledare")
    organiser.goto(f"/shk/uppfoljning/utvarderingar/{ev.key}/live/")
    expect(organiser.locator(".live-join svg")).to_be_visible()
    expect(organiser.locator('td[data-colour="green"]').first).to_have_text("0")
    assert_accessible(organiser, "live evaluation")

    phone = new_page(viewport=PHONE)
    phone.goto(f"/svara/{ev.code}/")
    assert_accessible(phone, "answering page on a phone")
    assert_no_horizontal_scroll(phone, "answering page on a phone")
    # first try without a colour on statement 2: the error summary names it
    phone.locator("fieldset.statement").nth(0).get_by_label(re.compile("Grön|Green")).check()
    phone.get_by_role("button", name=re.compile("Skicka|Send")).click()
    expect(phone.locator(".error-summary")).to_be_visible()
    assert_accessible(phone, "answering page with errors")
    phone.locator("fieldset.statement").nth(0).get_by_label(re.compile("Grön|Green")).check()
    phone.locator("fieldset.statement").nth(1).get_by_label(re.compile("Orange")).check()
    phone.locator("fieldset.statement").nth(1).get_by_label(re.compile("Vad skulle|What would")).fill(
        "Mer tid tillsammans"
    )
    phone.get_by_role("button", name=re.compile("Skicka|Send")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile("Tack|Thank you"))
    assert_accessible(phone, "thanks page")

    # the organiser's page polls every 3 seconds: the counts change without a reload
    expect(organiser.locator("section.statement-result").nth(0).locator('td[data-colour="green"]')).to_have_text(
        "1", timeout=10000
    )
    expect(organiser.locator("section.statement-result").nth(1).locator('td[data-colour="orange"]')).to_have_text(
        "1", timeout=10000
    )
    assert_accessible(organiser, "live evaluation after an answer")


def test_events_of_a_chosen_year_are_accessible(new_page):
    # The crawl (core/tests/test_every_page.py) runs axe on every page a link reaches; a year
    # chosen in the events' filter is reached by the form.
    path = "/shk/uppfoljning/evenemang/?year=2023"
    page = new_page(username="processledare")
    page.goto(path)
    assert_accessible(page, path)
