"""The hub's newsletter: a sign-up on the front page confirmed by the e-mail's link, a link (and a
mail program's own button) that leaves it and erases the address, and the office's count and
addresses, whose taking is in the history."""

import csv
import io
import re

import pytest
from django.test import Client

from samsyn.core.models import AuditEntry
from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.hub.models import Hub, Subscriber

pytestmark = pytest.mark.django_db

SIGN_UP = "/hubb/shk/nyhetsbrev/"
MANAGE = "/shk/hubb/nyhetsbrev/"
CONFIRM = re.compile(r"https://samsyn\.example\.se(/hubb/nyhetsbrev/[^/\s]+/bekrafta/)")
LEAVE = re.compile(r"https://samsyn\.example\.se(/hubb/nyhetsbrev/[^/\s]+/avsluta/)")


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def subject(message):
    return " ".join(message["Subject"].split())


def sign_up(email, address="192.0.2.20", **extra):
    return Client(REMOTE_ADDR=address).post(SIGN_UP, {"email": email, "consent": "on", **extra})


def mails_to(mail, to):
    return [m for m in sent_messages(mail) if m["To"] == to]


def subscriber(shk, email, status):
    hub = Hub.objects.get(partnership=shk)
    return Subscriber.objects.create(partnership=shk, hub=hub, email=email, status=status, token=email * 2)


def test_sign_up_confirm_and_leave_by_the_links_of_the_email(mail, shk, client_as):
    front = Client().get("/hubb/shk/").content.decode()
    assert f'action="{SIGN_UP}"' in front
    assert "Anmäl mig" in front
    sent = sign_up("lisa@example.se")
    assert sent.status_code == 200
    assert "Titta i din e-post" in sent.content.decode()
    made = Subscriber.objects.get(email="lisa@example.se")
    assert made.status == "pending"
    [message] = mails_to(mail, "lisa@example.se")
    assert subject(message) == "Bekräfta din prenumeration: nyhetsbrevet från Samhällskontraktet"
    leave = LEAVE.search(body(message)).group(1)
    # A long header is folded onto the next line: read it unfolded.
    assert message["List-Unsubscribe"].strip() == f"<https://samsyn.example.se{leave}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = CONFIRM.search(body(message)).group(1)
    # Opening the link (as a mail program checking it would) confirms nothing.
    assert "Ja, skicka det till mig" in Client().get(confirm).content.decode()
    made.refresh_from_db()
    assert made.status == "pending"
    assert "Du får nyhetsbrevet" in Client().post(confirm).content.decode()
    made.refresh_from_db()
    assert made.status == "confirmed"
    assert "1 bekräftad prenumerant" in client_as("processledare").get(MANAGE).content.decode()

    assert "Ja, avsluta" in Client().get(leave).content.decode()
    assert Subscriber.objects.filter(email="lisa@example.se").exists()
    assert "Du har avslutat nyhetsbrevet" in Client().post(leave).content.decode()
    assert not Subscriber.objects.filter(email="lisa@example.se").exists()
    assert "0 bekräftade prenumeranter" in client_as("processledare").get(MANAGE).content.decode()
    assert Client().get(leave).status_code == 404


def test_a_mail_programs_one_click_leaves_at_once(shk):
    made = subscriber(shk, "ett@example.se", "confirmed")
    response = Client().post(
        f"/hubb/nyhetsbrev/{made.token}/avsluta/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=made.pk).exists()


def test_signing_up_again_sends_the_link_again_and_tells_nobody_who_subscribes(mail, shk):
    sign_up("lisa@example.se")
    sign_up("Lisa@Example.se", address="192.0.2.21")
    assert Subscriber.objects.filter(email__iexact="lisa@example.se").count() == 1
    assert len(mails_to(mail, "lisa@example.se")) == 2
    subscriber(shk, "redan@example.se", "confirmed")
    again = sign_up("redan@example.se")
    assert "Titta i din e-post" in again.content.decode()
    assert mails_to(mail, "redan@example.se") == []


def test_consent_a_filled_honeypot_and_a_flood_are_refused(mail, shk):
    no_consent = Client().post(SIGN_UP, {"email": "a@example.se"})
    assert no_consent.status_code == 400
    assert "Detta fält måste fyllas i." in no_consent.content.decode()
    robot = sign_up("robot@example.se", website="https://spam.example")
    assert robot.status_code == 400
    assert "Anmälan till nyhetsbrevet kunde inte tas emot." in robot.content.decode()
    for n in range(5):
        assert sign_up(f"p{n}@example.se", address="198.51.100.9").status_code == 200
    flood = sign_up("p6@example.se", address="198.51.100.9")
    assert "För många anmälningar från din adress på kort tid." in flood.content.decode()
    assert Subscriber.objects.filter(email__startswith="p").count() == 5
    assert not Subscriber.objects.filter(email__in=["a@example.se", "robot@example.se"]).exists()


def test_the_sign_up_page_is_cacheable_and_sets_no_cookie(shk):
    for url in ("/hubb/shk/", SIGN_UP):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300"
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_confirmed_addresses_as_csv_are_recorded_in_the_history(shk, client_as):
    subscriber(shk, "b@example.se", "confirmed")
    subscriber(shk, "a@example.se", "confirmed")
    subscriber(shk, "vantar@example.se", "pending")
    client = client_as("processledare")
    page = client.get(MANAGE).content.decode()
    assert "2 bekräftade prenumeranter" in page
    assert "vantar@example.se" not in page
    assert not AuditEntry.objects.filter(partnership=shk, action="subscriber.export").exists()
    response = client.post(MANAGE)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nyhetsbrev.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["E-post"], ["a@example.se"], ["b@example.se"]]
    [entry] = AuditEntry.objects.filter(partnership=shk, action="subscriber.export")
    assert entry.after == {"subscribers": 2}
    assert entry.user.username == "processledare"


@pytest.mark.parametrize(("username", "status"), [("processledare", 200), ("lasare", 403), ("initiativagare", 403)])
def test_who_sees_the_newsletter(client_as, username, status):
    assert client_as(username).get(MANAGE).status_code == status
    assert client_as(username).post(MANAGE).status_code == (200 if status == 200 else 403)


def test_no_subscriber_address_reaches_a_public_page(shk):
    subscriber(shk, "hemlig@example.se", "confirmed")
    subscriber(shk, "vantande@example.se", "pending")
    for url in ("/hubb/", "/hubb/shk/", SIGN_UP, "/hubb/shk/nyheter/", "/hubb/shk/initiativ/framtidens-aldreboende/"):
        html = Client().get(url).content.decode()
        assert "hemlig@example.se" not in html, url
        assert "vantande@example.se" not in html, url
