"""Accounts: wrong passwords lock a login out for a while, failed logins and refused requests are in
the audit history in words, an idle login ends, and every page carries a Content-Security-Policy
without inline script and a Permissions-Policy."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from samsyn.conftest import DEMO_PASSWORD
from samsyn.core.middleware import SessionIdleMiddleware
from samsyn.core.models import AuditEntry, Person
from samsyn.core.policy import actor_load, can

pytestmark = pytest.mark.django_db

SAMSYN = Path(__file__).resolve().parents[2]
LOGIN = "/logga-in/"
LOCKED = "För många misslyckade inloggningar. Försök igen om 15 minuter."


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def access_entries(shk, *actions):
    return list(AuditEntry.objects.filter(partnership=shk, action__in=actions).order_by("at", "pk"))


def start_page_text(client_as):
    return client_as("processledare").get("/shk/").content.decode()


# Login throttling and lockout


def test_the_right_password_still_logs_in_after_a_few_wrong_ones():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "lasare", "fel")
        assert response.status_code == 200
        assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert login(client, "lasare", DEMO_PASSWORD).status_code == 302
    # A successful login starts the count anew.
    assert not AccessAttempt.objects.filter(username="lasare").exists()


def test_five_wrong_passwords_lock_the_login_out_with_a_clear_message():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "lasare", "fel")
    response = login(client, "lasare", "fel")
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body
    # The site's own login page: its layout, the form to try again later, and Swedish.
    assert 'class="site-header"' in body and 'name="password"' in body and '<html lang="sv"' in body
    # Even the right password is refused meanwhile.
    response = login(client, "lasare", DEMO_PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_the_name_from_that_address_only():
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), "lasare", "fel")
    assert login(Client(REMOTE_ADDR="10.0.0.2"), "lasare", DEMO_PASSWORD).status_code == 302
    assert login(Client(), "styrelse", DEMO_PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off_time():
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), "lasare", "fel")
    assert login(Client(), "lasare", DEMO_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(Client(), "lasare", DEMO_PASSWORD).status_code == 302


def test_force_login_and_the_test_clients_login_still_work(django_user_model):
    # The test client's login() passes no request to authenticate(): it is not counted, only checked.
    client = Client()
    assert client.login(username="lasare", password="fel") is False
    assert client.login(username="lasare", password=DEMO_PASSWORD) is True
    assert client.get("/shk/").status_code == 200
    client = Client()
    client.force_login(django_user_model.objects.get(username="lasare"))
    assert client.get("/shk/").status_code == 200


# Failed logins in the audit history


def test_failed_logins_of_a_known_login_are_in_its_partnerships_history(shk, client_as):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        login(client, "lasare", "fel")
    entries = access_entries(shk, "login.fail", "login.lockout")
    # Four failures, then the one that locked it; the attempts while locked are not recorded again.
    assert [e.action for e in entries] == ["login.fail"] * 4 + ["login.lockout"]
    assert {e.user.username for e in entries} == {"lasare"}
    assert entries[0].after == {"username": "lasare", "ip": "127.0.0.1"}
    assert entries[-1].after == {"username": "lasare", "ip": "127.0.0.1", "minutes": 15}
    name = Person.objects.get(partnership=shk, user__username="lasare").name
    text = start_page_text(client_as)
    assert f"Någon försökte logga in som {name} med fel lösenord, från 127.0.0.1" in text
    assert (
        f"Någon försökte logga in som {name} med fel lösenord för många gånger, från 127.0.0.1. "
        "Inloggningen spärrades i 15 minuter." in text
    )
    assert "login.fail" not in text and "login.lockout" not in text


def test_a_failed_login_with_an_unknown_name_is_in_no_partnerships_history(shk):
    before = AuditEntry.objects.count()
    login(Client(REMOTE_ADDR="10.1.2.3"), "finns-inte", "fel")
    assert AuditEntry.objects.count() == before
    # axes keeps the name and the address, outside every partnership.
    assert AccessAttempt.objects.filter(username="finns-inte", ip_address="10.1.2.3").exists()


# Refused requests in the audit history

HISTORY = "/shk/ekonomi/historik/"


def test_every_refusal_of_the_policy_is_in_the_history_and_nothing_else(
    shk, client_as, demo_username, django_user_model
):
    """Role × action: the economy's history page, for each demo role, as the policy says."""
    client = client_as(demo_username)
    allowed = can(actor_load(django_user_model.objects.get(username=demo_username), shk), "economy.history")
    response = client.get(HISTORY)
    entries = access_entries(shk, "access.deny")
    if allowed:
        assert response.status_code == 200
        assert entries == []
    else:
        assert response.status_code == 403
        [entry] = entries
        assert entry.user.username == demo_username
        assert entry.after == {"action": "economy.history", "path": HISTORY, "method": "GET"}


def test_a_refusal_reads_in_words_on_the_start_page(shk, client_as):
    client_as("lasare").get("/shk/ekonomi/utfall/import/")
    name = Person.objects.get(partnership=shk, user__username="lasare").name
    text = start_page_text(client_as)
    assert f"{name} fick inte göra ändringar på sidan /shk/ekonomi/utfall/import/" in text
    assert "economy.change" not in text


def test_a_refused_write_is_recorded_once_and_writes_nothing_else(shk, client_as):
    before = AuditEntry.objects.exclude(action="access.deny").count()
    response = client_as("lasare").post("/shk/ekonomi/pilotmedel/nytt/", {"name": "x"})
    assert response.status_code == 403
    assert len(access_entries(shk, "access.deny")) == 1
    assert AuditEntry.objects.exclude(action="access.deny").count() == before


def test_a_stranger_to_the_partnership_gets_404_and_no_entry(shk, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("utomstaende", password="x"))
    assert client.get(HISTORY).status_code == 404
    assert access_entries(shk, "access.deny") == []


# Idle logins end


def session_of(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_an_idle_login_is_logged_out(client_as):
    client = client_as("lasare")
    assert client.get("/shk/").status_code == 200
    Session.objects.filter(pk=session_of(client).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/shk/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_request_moves_the_end_of_the_login_forward_at_most_once_a_minute(client_as):
    client = client_as("lasare")
    client.get("/shk/")
    first = session_of(client).expire_date
    assert first - timezone.now() > timedelta(minutes=settings.SAMSYN_SESSION_IDLE_MINUTES - 1)
    client.get("/shk/")
    assert session_of(client).expire_date == first  # within the minute: not written again
    session = client.session
    session[SessionIdleMiddleware.KEY] -= SessionIdleMiddleware.REFRESH_SECONDS
    session.save()
    saved = session_of(client).expire_date
    client.get("/shk/")
    assert session_of(client).expire_date > saved


def test_the_idle_time_is_a_setting():
    assert settings.SESSION_COOKIE_AGE == settings.SAMSYN_SESSION_IDLE_MINUTES * 60
    assert settings.SAMSYN_SESSION_IDLE_MINUTES == 30
    assert not settings.SESSION_SAVE_EVERY_REQUEST


# Content-Security-Policy and Permissions-Policy


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("username, url", [(None, LOGIN), ("lasare", "/shk/"), ("processledare", "/shk/initiativ/")])
def test_every_page_has_a_policy_without_inline_script(client_as, username, url):
    client = client_as(username) if username else Client()
    response = client.get(url)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "style-src-attr" not in csp  # style attributes fall under style-src: refused too
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_lockout_page_has_the_policies_too():
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(Client(), "lasare", "fel")
    assert response.status_code == 429
    assert "'unsafe-inline'" not in directives(response["Content-Security-Policy"])["script-src"]
    assert "camera=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def templates():
    return sorted(p for p in SAMSYN.rglob("templates/**/*.html"))


def test_no_template_has_inline_script():
    """The policy refuses them in the browser; this names the template before anyone opens the page."""
    assert templates()
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
            found += [f"{path.relative_to(SAMSYN)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    assert not found, "\n".join(found)


STYLE_ATTRIBUTE = re.compile(r"""<[a-z][^>]*\sstyle=["'][^"']*""", re.I)


def style_attributes(text: str) -> list[str]:
    """Style attributes outside the parts only the PDFs get (`{% if printing %}`: no policy there)."""
    return [
        m.group(0)
        for line in text.splitlines()
        if "{% if printing %}" not in line
        for m in STYLE_ATTRIBUTE.finditer(line)
    ]


def test_no_template_has_a_style_attribute_a_browser_would_get():
    found = [
        f"{path.relative_to(SAMSYN)}: {attribute[:80]}"
        for path in templates()
        for attribute in style_attributes(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('<td style="white-space: nowrap">', 1),
        ("<svg width='1' STYLE='height: auto'>", 1),
        ('{% if printing %}<col style="width:25%">{% endif %}', 0),
        ('<td class="nowrap">', 0),
        ("<p>style=nothing</p>", 0),
    ],
)
def test_the_style_attribute_check_itself(text, expected):
    assert len(style_attributes(text)) == expected


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<script>alert(1)</script>", 1),
        ('<script type="module">x()</script>', 1),
        ('<script src="/static/a.js" defer></script>', 0),
        ('<button onclick="x()">', 1),
        ('<a href="javascript:x()">', 1),
        ('<a href="/shk/">', 0),
    ],
)
def test_the_inline_script_check_itself(html, expected):
    count = sum(len(p.findall(html)) for p in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL))
    assert count == expected


def test_a_signed_in_user_who_is_deactivated_or_removed_is_signed_out_at_the_next_page(shk):
    users = get_user_model().objects
    client = Client()
    assert login(client, "lasare", DEMO_PASSWORD).status_code == 302
    assert client.get("/shk/").status_code == 200
    users.filter(username="lasare").update(is_active=False)
    response = client.get("/shk/")
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    users.filter(username="lasare").update(is_active=True)
    assert client.get("/shk/").status_code == 200
    users.filter(username="lasare").delete()
    assert client.get("/shk/").status_code == 302


def test_a_session_signed_in_through_djangos_own_backend_stays_valid(shk):
    client = Client()
    client.force_login(
        get_user_model().objects.get(username="lasare"), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get("/shk/").status_code == 200
