"""Registering for a published event: confirmed by the e-mail's link, a waiting list beyond the
places that moves up when someone cancels, refusals for programs and floods, the iCal feed, and
the list at the door."""

import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.followup.models import Event
from samsyn.hub import rules
from samsyn.hub.models import PublishedEvent, Registration

pytestmark = pytest.mark.django_db

EVENT = "/hubb/shk/evenemang/oppen-verkstad-2027-03/"
LINK = re.compile(r"https://samsyn\.example\.se(/hubb/anmalan/[^/\s]+/(?:bekrafta|avboka)/)")


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


@pytest.fixture
def upcoming(shk):
    """The demo's coming event, moved to next month so that it stays coming, with one place."""
    publication = PublishedEvent.objects.get(partnership=shk, event__key="oppen-verkstad-2027-03")
    Event.objects.filter(pk=publication.event_id).update(date=timezone.localdate() + timedelta(days=30))
    PublishedEvent.objects.filter(pk=publication.pk).update(capacity=1)
    return publication


def register(name, email, address="192.0.2.1", **extra):
    data = {"name": name, "email": email, "consent": "on", **extra}
    return Client(REMOTE_ADDR=address).post(EVENT, data)


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def subject(message):
    """The subject as read: a long one is folded onto the next header line."""
    return " ".join(message["Subject"].split())


def link_in(message):
    return LINK.search(body(message)).group(1)


def test_a_registration_counts_once_confirmed_from_the_email(mail, upcoming):
    response = register("Anna Andersson", "anna@example.se")
    assert response.status_code == 200
    assert "Titta i din e-post" in response.content.decode()
    registration = Registration.objects.get(email="anna@example.se")
    assert registration.status == "pending"
    [message] = sent_messages(mail)
    assert message["To"] == "anna@example.se"
    assert subject(message) == "Bekräfta din anmälan: Öppen verkstad: trygghet för äldre i hemmet"
    confirm = link_in(message)
    assert confirm.endswith("/bekrafta/")
    # Opening the link (as a mail program checking it would) registers nobody.
    assert "Ja, anmäl mig" in Client().get(confirm).content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending"
    assert "Du är anmäld" in Client().post(confirm).content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert "Inga: anmäl dig till väntelistan" in Client().get(EVENT).content.decode()


def test_beyond_the_places_a_waiting_list_moves_up_when_someone_cancels(mail, upcoming):
    def only(to, starts):
        [found] = [m for m in sent_messages(mail) if m["To"] == to and subject(m).startswith(starts)]
        return found

    register("Anna Andersson", "anna@example.se")
    Client().post(link_in(only("anna@example.se", "Bekräfta")))
    register("Bo Berg", "bo@example.se", address="192.0.2.2")
    Client().post(link_in(only("bo@example.se", "Bekräfta")))
    bo = Registration.objects.get(email="bo@example.se")
    assert bo.status == "waiting"
    assert "står på väntelistan" in " ".join(body(only("bo@example.se", "På väntelistan")).split())
    # Anna cancels with the link of her confirmation: Bo gets the place and is told.
    cancel = link_in(only("anna@example.se", "Anmäld"))
    assert cancel.endswith("/avboka/")
    assert "Ja, avboka" in Client().get(cancel).content.decode()
    Client().post(cancel)
    assert Registration.objects.get(email="anna@example.se").status == "cancelled"
    bo.refresh_from_db()
    assert bo.status == "confirmed"
    told = only("bo@example.se", "En plats till dig")
    assert subject(told) == "En plats till dig: Öppen verkstad: trygghet för äldre i hemmet"


def test_a_filled_honeypot_and_a_flood_are_refused(mail, upcoming):
    refused = register("Robot", "robot@example.se", website="https://spam.example")
    assert refused.status_code == 400
    assert "Anmälan kunde inte tas emot." in refused.content.decode()
    for n in range(10):
        assert register(f"Person {n}", f"p{n}@example.se", address="198.51.100.7").status_code == 200
    flood = register("Person 11", "p11@example.se", address="198.51.100.7")
    assert "För många anmälningar från din adress" in flood.content.decode()
    assert Registration.objects.filter(email__startswith="p").count() == 10
    assert not Registration.objects.filter(email="robot@example.se").exists()


def test_consent_is_required(mail, upcoming):
    response = Client().post(EVENT, {"name": "Anna", "email": "anna@example.se"})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert sent_messages(mail) == []


def test_the_calendar_feed_has_the_coming_events(upcoming):
    feed = Client().get("/hubb/shk/evenemang.ics")
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    text = feed.content.decode()
    assert "SUMMARY:Öppen verkstad: trygghet för äldre i hemmet" in text
    assert "LOCATION:Karlsgatan 2\\, Västerås" in text
    assert "Proaktiv" not in text  # a past event is not coming


def test_an_unpublished_event_is_not_public(shk):
    event = Event.objects.filter(partnership=shk, publication__isnull=True).first()
    assert Client().get(f"/hubb/shk/evenemang/{event.key}/").status_code == 404


def test_attendance_is_marked_at_the_door(client_as, upcoming):
    registration = Registration.objects.create(
        partnership=upcoming.partnership,
        event=upcoming,
        name="Anna Andersson",
        email="a@example.se",
        token="t" * 43,
        status="confirmed",
    )
    url = reverse("hub:attendance", args=["shk", "oppen-verkstad-2027-03"])
    assert client_as("lasare").get(url).status_code == 403
    client = client_as("processledare")
    assert "Markera som kommen" in client.get(url).content.decode()
    row = client.post(url, {"registration": registration.pk, "came": "1"}, HTTP_HX_REQUEST="true")
    assert 'class="attendance-row attendance-came"' in row.content.decode()
    registration.refresh_from_db()
    assert registration.attended is True


def test_publishing_an_event_with_places(client_as, shk):
    event = Event.objects.get(partnership=shk, key="forum-2023-02-17")
    url = reverse("hub:event_edit", args=["shk", event.key])
    response = client_as("processledare").post(
        url, {"summary": "Forumträff.", "starts": "10:00", "ends": "12:00", "place": "Västerås", "capacity": "40"}
    )
    assert response.status_code == 302
    publication = PublishedEvent.objects.get(event=event)
    assert (publication.starts, publication.capacity, publication.registration_open) == (time(10), 40, False)
    # A past event shows, but takes no registrations.
    page = Client().get(f"/hubb/shk/evenemang/{event.key}/").content.decode()
    assert "Forumträff." in page and 'name="email"' not in page


@pytest.mark.parametrize(
    ("confirmed", "capacity", "expected"),
    [(0, 1, "confirmed"), (1, 1, "waiting"), (5, None, "confirmed"), (2, 0, "waiting")],
)
def test_place_on_confirm(confirmed, capacity, expected):
    assert rules.place_on_confirm(confirmed, capacity) == expected


@pytest.mark.parametrize(
    ("confirmed", "capacity", "waiting", "expected"),
    [(1, 1, [7, 8], []), (0, 1, [7, 8], [7]), (0, 3, [7, 8], [7, 8]), (2, None, [7], [7]), (5, 3, [7], [])],
)
def test_moving_up(confirmed, capacity, waiting, expected):
    assert rules.moving_up(confirmed, capacity, waiting) == expected


def test_places_left():
    assert [rules.places_left(c, cap) for c, cap in [(0, 2), (2, 2), (3, 2), (9, None)]] == [2, 0, 0, None]


def test_the_hub_shows_the_2023_pitch_events_among_the_past(shk):
    html = Client().get("/hubb/shk/evenemang/").content.decode()
    for title in (
        "Teknik för högre livskvalitet",
        "Proaktiv hälsa",
        "Innovationer inom trygghetsområdet",
        "Klimat och hållbara samhällen",
        "Integration (digitalt pitchevent)",
    ):
        assert title in html, title
