"""Invitations and passwords: a platform administrator creates a partnership, its first administrator
is invited by e-mail, chooses a password with Django's set-password form and logs in with their
e-mail address; people are invited from the people page; a forgotten password is reset by e-mail and
a password is changed. Messages are read back as the files Django's file backend writes."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from samsyn.conftest import DEMO_PASSWORD
from samsyn.core.demo import DEMO_USERNAMES
from samsyn.core.invitations import invitation_token_generator
from samsyn.core.models import AuditEntry, OutgoingMessage, Partnership, Person, RoleAssignment
from samsyn.core.roles import Role
from samsyn.core.testing.browser import axe_violations, format_violations, login_via_form
from samsyn.core.testing.mail import sent_messages_in

NEW_PASSWORD = "Tre-kronor-och-en-lind"
LINK_DOES_NOT_WORK = "Inbjudans länk fungerar inte"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = IMMEDIATE_TASKS
    settings.SAMSYN_BASE_URL = "https://samsyn.example.se"
    return tmp_path / "mail"


def sent_messages(directory):
    """The messages in the order they were written: the file backend names its files by the second
    and a random number, so two messages of one second sort by chance."""
    by_time = sorted(directory.iterdir(), key=lambda path: path.stat().st_mtime_ns) if directory.exists() else []
    return [message for path in by_time for message in sent_messages_in(path)]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message, prefix):
    """The path of the message's link that starts with `prefix`, checked to be on SAMSYN_BASE_URL."""
    [url] = set(re.findall(r"https://samsyn\.example\.se" + prefix + r"\S+/", text_of(message)))
    assert url in html_of(message)
    return urlsplit(url).path


def create_partnership(email="Anna.Admin@Example.se"):
    call_command(
        "partnership",
        "create",
        "nyp",
        "--name",
        "Nya partnerskapet",
        "--admin-email",
        email,
        "--admin-name",
        "Anna Admin",
    )
    return Partnership.objects.get(slug="nyp")


def choose_password(client, path, password=NEW_PASSWORD):
    """Follow a link to the set-password form (Django moves the token out of the address) and save."""
    response = client.get(path)
    assert response.status_code == 302
    form_path = response["Location"]
    assert "valj-losenord" in form_path
    assert client.get(form_path).status_code == 200
    return client.post(form_path, {"new_password1": password, "new_password2": password}, follow=True)


def log_in(client, username, password=NEW_PASSWORD):
    return client.post("/logga-in/", {"username": username, "password": password}, follow=True)


# partnership create → invitation → password → login


@pytest.mark.django_db
def test_a_new_partnership_s_administrator_is_invited_chooses_a_password_and_logs_in_with_the_email(mail_dir):
    partnership = create_partnership()
    person = Person.objects.get(partnership=partnership)
    assert person.name == "Anna Admin" and person.email == "Anna.Admin@Example.se"
    assert RoleAssignment.objects.filter(person=person, role=Role.ADMINISTRATOR, start=None, end=None).exists()
    user = person.user
    assert user.username == "anna.admin@example.se" and not user.has_usable_password()
    assert {e.action for e in AuditEntry.objects.filter(partnership=partnership)} == {
        "partnership.create",
        "person.create",
        "roleassignment.create",
        "person.invitation_send",
    }

    [message] = sent_messages(mail_dir)
    assert message["To"] == "Anna.Admin@Example.se"
    assert message["Subject"] == "Inbjudan till Nya partnerskapet i Samsyn"
    text = text_of(message)
    assert "Hej Anna Admin," in text and "Du har bjudits in till Nya partnerskapet i Samsyn." in text
    assert "anna.admin@example.se" in text and "<" not in text
    assert '<html lang="sv">' in html_of(message)
    path = link_in(message, "/inbjudan/")

    client = Client()
    response = choose_password(client, path)
    assert response.redirect_chain[-1][0] == "/logga-in/"
    assert "Ditt lösenord är sparat. Logga in med din e-postadress anna.admin@example.se" in response.content.decode()
    user.refresh_from_db()
    assert user.has_usable_password() and user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(partnership=partnership, action="login.invitation_accept", user=user).exists()

    # People type their address as they like: it is the user name in lower case.
    response = log_in(client, "Anna.Admin@Example.se")
    assert response.redirect_chain[-1][0] == "/nyp/"
    assert response.status_code == 200 and "Nya partnerskapet" in response.content.decode()


@pytest.mark.django_db
def test_an_invitation_link_works_once(mail_dir):
    create_partnership()
    path = link_in(sent_messages(mail_dir)[0], "/inbjudan/")
    choose_password(Client(), path)
    for client in (Client(), Client()):
        response = client.get(path, follow=True)
        assert response.status_code == 200
        assert (
            LINK_DOES_NOT_WORK in response.content.decode() and 'name="new_password1"' not in response.content.decode()
        )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token: (uid, token[:-1] + ("a" if token[-1] != "a" else "b")),
        lambda uid, token: (uid, "zzzzzz-" + token.split("-")[1]),
        lambda uid, token: (uid, "nonsense"),
        lambda uid, token: ("MTIzNDU2Nzg5", token),
        lambda uid, token: ("!!!", token),
    ],
    ids=["token", "timestamp", "garbage", "other user", "bad uid"],
)
@pytest.mark.django_db
def test_a_tampered_invitation_link_says_so_in_swedish(mail_dir, tamper):
    create_partnership()
    __, __, uid, token, __ = link_in(sent_messages(mail_dir)[0], "/inbjudan/").split("/")
    uid, token = tamper(uid, token)
    response = Client().get(f"/inbjudan/{uid}/{token}/", follow=True)
    assert response.status_code == 200 and LINK_DOES_NOT_WORK in response.content.decode()
    assert not User.objects.get(username="anna.admin@example.se").has_usable_password()


@pytest.mark.django_db
def test_invitation_and_reset_links_do_not_stand_in_for_each_other(mail_dir):
    create_partnership()
    user = User.objects.get(username="anna.admin@example.se")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = default_token_generator.make_token(user)
    invitation_token = invitation_token_generator.make_token(user)
    assert not invitation_token_generator.check_token(user, reset_token)
    assert not default_token_generator.check_token(user, invitation_token)
    assert LINK_DOES_NOT_WORK in Client().get(f"/inbjudan/{uid}/{reset_token}/", follow=True).content.decode()
    response = Client().get(f"/nytt-losenord/{uid}/{invitation_token}/", follow=True)
    assert "Länken fungerar inte" in response.content.decode()


@pytest.mark.parametrize(("days_after", "works"), [(0, True), (13.9, True), (14.1, False)])
@pytest.mark.django_db
def test_an_invitation_link_works_for_the_invitation_days(mail_dir, settings, monkeypatch, days_after, works):
    settings.SAMSYN_INVITATION_DAYS = 14
    create_partnership()
    user = User.objects.get(username="anna.admin@example.se")
    made = datetime.now()
    monkeypatch.setattr(invitation_token_generator, "_now", lambda: made)
    token = invitation_token_generator.make_token(user)
    monkeypatch.setattr(invitation_token_generator, "_now", lambda: made + timedelta(days=days_after))
    assert invitation_token_generator.check_token(user, token) == works


@pytest.mark.django_db
def test_an_invitation_to_one_partnership_opens_no_other(mail_dir, client_as):
    create_partnership()
    client = Client()
    choose_password(client, link_in(sent_messages(mail_dir)[0], "/inbjudan/"))
    log_in(client, "anna.admin@example.se")
    assert client.get("/nyp/").status_code == 200
    for path in ("/shk/", "/shk/personer/", "/shk/initiativ/"):
        assert client.get(path).status_code == 404
    assert client_as("admin").get("/nyp/").status_code == 404
    assert client_as("admin").get("/nyp/personer/").status_code == 404


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["shk", "--name", "Igen", "--admin-email", "a@example.se"], "finns redan"),
        (["logga-in", "--name", "X", "--admin-email", "a@example.se"], "adress i Samsyn"),
        (["inbjudan", "--name", "X", "--admin-email", "a@example.se"], "adress i Samsyn"),
        (["ny", "--name", "X", "--admin-email", "inte-en-adress"], "e-postadress"),
        (["två ord", "--name", "X", "--admin-email", "a@example.se"], "giltig"),
    ],
)
@pytest.mark.django_db
def test_partnership_create_refuses_what_would_not_work(mail_dir, arguments, message):
    count = Partnership.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("partnership", "create", *arguments)
    assert Partnership.objects.count() == count and not sent_messages(mail_dir)


@pytest.mark.django_db
def test_an_administrator_of_one_partnership_invited_to_another_keeps_the_login(mail_dir):
    create_partnership()
    choose_password(Client(), link_in(sent_messages(mail_dir)[0], "/inbjudan/"))
    call_command(
        "partnership", "create", "andra", "--name", "Andra partnerskapet", "--admin-email", "anna.admin@example.se"
    )
    second = sent_messages(mail_dir)[-1]
    assert "Du har fått tillgång till Andra partnerskapet i Samsyn." in text_of(second)
    assert "/inbjudan/" not in text_of(second) and "https://samsyn.example.se/logga-in/" in text_of(second)
    client = Client()
    log_in(client, "anna.admin@example.se")
    assert client.get("/nyp/").status_code == 200 and client.get("/andra/").status_code == 200


# Invitations from the people page: role × action


def linnea(shk):
    return Person.objects.get(partnership=shk, key="linnea-ronnquist")


INVITERS = {"admin", "processledare"}


@pytest.mark.parametrize("username", DEMO_USERNAMES)
@pytest.mark.django_db
def test_only_administrators_and_process_leaders_invite_from_the_people_page(mail_dir, shk, client_as, username):
    person = linnea(shk)
    client = client_as(username)
    page = client.get("/shk/personer/").content.decode()
    invite_url = f"/shk/personer/{person.pk}/bjud-in/"
    response = client.post(invite_url)
    person.refresh_from_db()
    if username in INVITERS:
        assert invite_url in page and "Skicka inbjudan" in page
        assert response.status_code == 302 and response["Location"] == "/shk/personer/"
        assert person.user.username == "linnea.ronnquist@mdu.se" and not person.user.has_usable_password()
        [message] = sent_messages(mail_dir)
        assert message["To"] == "linnea.ronnquist@mdu.se" and "Samhällskontraktet" in message["Subject"]
        entry = AuditEntry.objects.get(partnership=shk, action="person.invitation_send")
        assert entry.object_id == str(person.pk) and entry.user.username == username
    else:
        assert invite_url not in page and "Skicka inbjudan" not in page
        assert response.status_code == 403
        assert person.user is None and not sent_messages(mail_dir)
        assert not OutgoingMessage.objects.exists()
        assert not AuditEntry.objects.filter(action="person.invitation_send").exists()


@pytest.mark.django_db
def test_an_invitation_from_the_people_page_leads_to_the_partnership(mail_dir, shk, client_as):
    person = linnea(shk)
    admin = client_as("admin")
    response = admin.post(f"/shk/personer/{person.pk}/bjud-in/", follow=True)
    assert "En inbjudan skickades till Linnea Rönnquist på linnea.ronnquist@mdu.se." in response.content.decode()
    assert "Inbjuden, inget lösenord valt ännu" in response.content.decode()
    # Sending again is harmless: both links work until a password is chosen, then neither.
    admin.post(f"/shk/personer/{person.pk}/bjud-in/")
    first, second = (link_in(m, "/inbjudan/") for m in sent_messages(mail_dir))
    assert "Samhällskontraktet" in text_of(sent_messages(mail_dir)[0])
    client = Client()
    choose_password(client, second)
    assert LINK_DOES_NOT_WORK in Client().get(first, follow=True).content.decode()
    response = log_in(client, "linnea.ronnquist@mdu.se")
    # Process leader since 2023-11-30: her start page is SHK's, with her roles' menu.
    assert response.redirect_chain[-1][0] == "/shk/" and response.status_code == 200
    assert client.get("/shk/personer/").status_code == 200
    page = admin.get("/shk/personer/").content.decode()
    assert f"/shk/personer/{person.pk}/bjud-in/" not in page


@pytest.mark.django_db
def test_a_person_without_an_e_mail_address_is_not_invited(mail_dir, shk, client_as):
    person = Person.objects.filter(partnership=shk, email="").first()
    response = client_as("admin").post(f"/shk/personer/{person.pk}/bjud-in/", follow=True)
    assert "har ingen e-postadress" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None and not sent_messages(mail_dir)


@pytest.mark.django_db
def test_a_person_of_another_partnership_cannot_be_invited_from_here(mail_dir, client_as):
    other = create_partnership()
    person = Person.objects.get(partnership=other)
    assert client_as("admin").post(f"/shk/personer/{person.pk}/bjud-in/").status_code == 404
    assert len(sent_messages(mail_dir)) == 1


# Forgotten password and password change


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_by_e_mail(mail_dir):
    create_partnership()
    choose_password(Client(), link_in(sent_messages(mail_dir)[0], "/inbjudan/"))
    client = Client()
    assert 'href="/glomt-losenord/"' in client.get("/logga-in/").content.decode()
    response = client.post("/glomt-losenord/", {"email": "ANNA.admin@example.se"}, follow=True)
    assert response.redirect_chain[-1][0] == "/glomt-losenord/skickat/"
    assert "Titta i din e-post" in response.content.decode()
    message = sent_messages(mail_dir)[-1]
    assert message["Subject"] == "Välj ett nytt lösenord för Samsyn" and message["To"] == "anna.admin@example.se"
    path = link_in(message, "/nytt-losenord/")
    response = choose_password(client, path, "Ett-helt-annat-losenord")
    assert "Ditt nya lösenord är sparat." in response.content.decode()
    assert log_in(Client(), "anna.admin@example.se").redirect_chain == []  # the old password is refused
    assert log_in(Client(), "anna.admin@example.se", "Ett-helt-annat-losenord").redirect_chain[-1][0] == "/nyp/"
    assert AuditEntry.objects.filter(action="login.password_reset").count() == 1
    assert "Länken fungerar inte" in Client().get(path, follow=True).content.decode()


@pytest.mark.django_db
def test_the_reset_page_does_not_tell_which_addresses_have_logins(mail_dir):
    create_partnership()
    known = Client().post("/glomt-losenord/", {"email": "anna.admin@example.se"}, follow=True)
    unknown = Client().post("/glomt-losenord/", {"email": "ingen@example.se"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    # The invited administrator has not chosen a password: Django's form sends no reset to her either.
    assert len(sent_messages(mail_dir)) == 1


@pytest.mark.django_db
def test_a_signed_in_person_changes_the_password(client_as, shk):
    client = client_as("lasare")
    page = client.get("/shk/").content.decode()
    assert 'href="/byt-losenord/"' in page and "Byt lösenord" in page
    response = client.post(
        "/byt-losenord/",
        {"old_password": "fel", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "Rätta följande" in response.content.decode()
    response = client.post(
        "/byt-losenord/",
        {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Ditt lösenord är bytt." in response.content.decode()
    # Still logged in, and the new password is the one that works.
    assert client.get("/shk/").status_code == 200
    assert log_in(Client(), "lasare", NEW_PASSWORD).redirect_chain
    entry = AuditEntry.objects.get(partnership=shk, action="login.password_change")
    assert entry.user.username == "lasare" and NEW_PASSWORD not in str(entry.after)


@pytest.mark.django_db
def test_changing_the_password_needs_a_login(client):
    response = client.get("/byt-losenord/")
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


# The new pages in the browser: axe-core finds nothing on any of them


@pytest.mark.browser
def test_the_password_pages_pass_axe(html_checker, mail_dir, db, client_as, shk):
    create_partnership()
    invitation = link_in(sent_messages(mail_dir)[0], "/inbjudan/")
    client = Client()
    form_path = client.get(invitation)["Location"]
    pages = {
        "invitation": client.get(form_path),
        "invitation with errors": client.post(form_path, {"new_password1": "kort", "new_password2": "annat"}),
        "used invitation link": Client().get(invitation.replace("/inbjudan/", "/inbjudan/x"), follow=True),
        "login": Client().get("/logga-in/"),
        "forgot password": Client().get("/glomt-losenord/"),
        "forgot password, sent": Client().post("/glomt-losenord/", {"email": "ingen@example.se"}, follow=True),
        "reset link that does not work": Client().get("/nytt-losenord/MQ/fel-fel/"),
        "change password": client_as("lasare").get("/byt-losenord/"),
        "change password with errors": client_as("lasare").post("/byt-losenord/", {"old_password": "fel"}),
    }
    admin = client_as("admin")
    pages["people with invitations"] = admin.post(f"/shk/personer/{linnea(shk).pk}/bjud-in/", follow=True)
    failures = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        violations = html_checker.violations(response.content.decode())
        if violations:
            failures[name] = format_violations(violations)
    assert not failures, failures


@pytest.mark.browser
def test_an_invited_person_chooses_a_password_and_logs_in_in_the_browser(new_page, mail_dir, settings):
    create_partnership()
    path = link_in(sent_messages(mail_dir)[0], "/inbjudan/")
    page = new_page()
    page.goto(path)
    assert page.locator("h1").inner_text() == "Välj ett lösenord"
    assert axe_violations(page) == []
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara lösenordet").click()
    assert "Ditt lösenord är sparat." in page.locator(".messages").inner_text()
    login_via_form(page, "anna.admin@example.se", NEW_PASSWORD)
    assert urlsplit(page.url).path == "/nyp/"
    assert "Nya partnerskapet" in page.content()
