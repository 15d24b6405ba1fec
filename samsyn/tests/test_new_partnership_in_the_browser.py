"""A new partnership's first steps, in Chromium, as its administrator takes them: from
`samsyn partnership create` and the invitation, through adding a board member and their role in
the administration, to the notice of the first board meeting in the board member's inbox."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from samsyn.core.models import AuditEntry, Partnership, Person, RoleAssignment
from samsyn.core.roles import Role
from samsyn.core.testing.browser import axe_violations, login_via_form
from samsyn.core.testing.mail import sent_messages_in
from samsyn.governance.models import Meeting

PASSWORD = "Tre-kronor-och-en-lind"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def messages_in(directory):
    paths = sorted(directory.iterdir(), key=lambda p: p.stat().st_mtime_ns) if directory.exists() else []
    return [message for path in paths for message in sent_messages_in(path)]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.browser
def test_from_partnership_create_to_the_first_board_meeting_notice(new_page, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = IMMEDIATE_TASKS
    settings.SAMSYN_BASE_URL = "https://samsyn.example.se"
    mail = tmp_path / "mail"

    call_command("partnership", "create", "ny", "--name", "Nya partnerskapet", "--admin-email", "anna.admin@example.se")
    partnership = Partnership.objects.get(slug="ny")
    [invitation] = messages_in(mail)
    [link] = re.findall(r"https://samsyn\.example\.se(/inbjudan/\S+/)", text_of(invitation))

    page = new_page()
    page.goto(link)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara lösenordet").click()
    login_via_form(page, "anna.admin@example.se", PASSWORD)
    assert urlsplit(page.url).path == "/ny/"

    # The administration: a board member and their role.
    with page.expect_navigation():
        page.get_by_role("link", name="Administration").first.click()
    assert page.locator("h1").inner_text() == "Administration"
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("#main").get_by_role("link", name="Personer", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till person").click()
    page.get_by_label("Namn").fill("Bo Ordförande")
    page.get_by_label("E-post").fill("bo.ordforande@example.se")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "Bo Ordförande lades till." in page.locator(".messages").inner_text()
    assert axe_violations(page) == []
    bo = Person.objects.get(partnership=partnership, name="Bo Ordförande")

    page.goto("/ny/administration/roller/ny/")
    page.get_by_label("Person").select_option(label="Bo Ordförande")
    page.get_by_label("Roll").select_option(Role.BOARD_CHAIR.value)
    page.get_by_label("Startdatum").fill("2026-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert RoleAssignment.objects.filter(person=bo, role=Role.BOARD_CHAIR).exists()

    # The first board meeting, its attendee and its notice.
    page.goto("/ny/styrning/")
    with page.expect_navigation():
        page.get_by_role("link", name="Nytt möte").click()
    page.locator("#id_kind").select_option("board")
    page.locator("#id_title").fill("Styrelsemöte")
    page.locator("#id_date").fill("2027-02-10")
    page.locator("#id_start_time").fill("13:00")
    page.locator("#id_place").fill("Stadshuset")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    meeting = Meeting.objects.get(partnership=partnership)
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en deltagare").first.click()
    page.locator("#id_person").select_option(label="Bo Ordförande")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    page.get_by_text("Skicka kallelsen", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, skicka kallelsen").click()
    assert axe_violations(page) == []

    notices = [m for m in messages_in(mail) if "bo.ordforande@example.se" in m["To"]]
    assert len(notices) == 1
    [calendar] = [part for part in notices[0].walk() if part.get_content_type() == "text/calendar"]
    assert "METHOD:REQUEST" in calendar.get_content()
    assert "20270210" in calendar.get_content()
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is not None
    assert AuditEntry.objects.filter(partnership=partnership, action="person.create").exists()
    assert AuditEntry.objects.filter(partnership=partnership, action="roleassignment.create").exists()
