"""Registering for an event on a phone, in Chromium: from the hub's front page to the confirmed
registration, by the link of the e-mail, with axe-core clean on each page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from samsyn.core.testing.browser import PHONE, axe_violations
from samsyn.core.testing.mail import sent_messages
from samsyn.followup.models import Event
from samsyn.hub.models import QuestionAnswer, Registration, Subscriber

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.browser
def test_registering_for_an_event_on_a_phone(new_page, settings, tmp_path, shk):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = IMMEDIATE_TASKS
    settings.SAMSYN_BASE_URL = "https://samsyn.example.se"
    Event.objects.filter(partnership=shk, key="oppen-verkstad-2027-03").update(
        date=timezone.localdate() + timedelta(days=30)
    )

    page = new_page(viewport=PHONE)
    page.goto("/hubb/shk/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Evenemang och anmälan").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Öppen verkstad: trygghet för äldre i hemmet").click()
    assert axe_violations(page) == []
    # No horizontal scroll on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#id_name").fill("Anna Andersson")
    page.locator("#id_email").fill("anna@example.se")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anmäl dig").click()
    assert page.locator("h1").inner_text() == "Titta i din e-post"

    [message] = sent_messages(tmp_path / "mail")
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(r"https://samsyn\.example\.se(/hubb/anmalan/\S+/bekrafta/)", text)
    page.goto(link)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, anmäl mig").click()
    assert page.locator("h1").inner_text() == "Du är anmäld"
    assert Registration.objects.get(email="anna@example.se").status == "confirmed"


@pytest.mark.browser
def test_answering_an_open_question_and_signing_up_for_the_newsletter_on_a_phone(new_page, settings, tmp_path, shk):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = IMMEDIATE_TASKS
    settings.SAMSYN_BASE_URL = "https://samsyn.example.se"

    page = new_page(viewport=PHONE)
    page.goto("/hubb/shk/initiativ/framtidens-aldreboende/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Ditt svar").fill("Ett café i entrén där grannar kan titta in.")
    page.get_by_label("Från vilket perspektiv svarar du?").select_option(label="Tillitsskapande")
    page.locator("#id_vardagen-pa-nya-aldreboendet_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaret").click()
    assert page.locator("h1").inner_text() == "Tack för ditt svar"
    assert axe_violations(page) == []
    assert QuestionAnswer.objects.get(text="Ett café i entrén där grannar kan titta in.").status == "pending"

    page.goto("/hubb/shk/")
    page.locator("#id_newsletter_email").fill("lisa@example.se")
    page.locator("#id_newsletter_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anmäl mig").click()
    assert page.locator("h1").inner_text() == "Titta i din e-post"
    [message] = sent_messages(tmp_path / "mail")
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(r"https://samsyn\.example\.se(/hubb/nyhetsbrev/\S+/bekrafta/)", text)
    page.goto(link)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, skicka det till mig").click()
    assert page.locator("h1").inner_text() == "Du får nyhetsbrevet"
    assert Subscriber.objects.get(email="lisa@example.se").status == "confirmed"
