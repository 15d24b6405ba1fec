"""The notice (kallelse) of a meeting goes by e-mail to those on its attendance list, in Swedish,
with its agenda, links to its papers and an iCal invitation; sending asks for confirmation first."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.text import slugify
from icalendar import Calendar

from samsyn.core.models import AuditEntry, Person
from samsyn.core.policy import Actor, Grant, Target, allows
from samsyn.core.roles import Role
from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.governance import services
from samsyn.governance.models import AgendaItem, Attachment, Meeting

SENDERS = {Role.ADMINISTRATOR, Role.PROCESS_LEADER, Role.DEPUTY_PROCESS_LEADER}


@pytest.mark.parametrize("role", list(Role))
def test_who_may_send_the_notice(role):
    actor = Actor(partnership_id=1, person_id=5, grants=frozenset({Grant(role, 7)}))
    own_area = Target(partnership_id=1, focus_area_ids=frozenset({7}))
    other_area = Target(partnership_id=1, focus_area_ids=frozenset({8}))
    assert allows(actor, "meeting.notice_send", own_area) == (role in SENDERS or role == Role.CORE_TEAM_MEMBER)
    assert allows(actor, "meeting.notice_send", other_area) == (role in SENDERS)
    assert not allows(actor, "meeting.notice_send", Target(partnership_id=2))


def person(shk, name, email):
    return Person.objects.create(partnership=shk, key=slugify(name), name=name, email=email)


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


@pytest.fixture
def meeting(shk):
    meeting = Meeting.objects.create(
        partnership=shk,
        key="notice-test",
        kind="board",
        title="Styrelsemöte",
        date=date(2027, 3, 4),
        start_time=time(13, 0),
        end_time=time(15, 30),
        place="Västerås stadshus",
    )
    AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Ekonomisk uppföljning")
    AgendaItem.objects.create(partnership=shk, meeting=meeting, number=2, title="Verksamhetsplan 2027")
    Attachment.objects.create(
        partnership=shk, meeting=meeting, number=1, title="Budget", url="https://example.se/budget.pdf"
    )
    anna, bo = person(shk, "Anna Ledamot", "anna@example.se"), person(shk, "Bo Ersättare", "bo@example.se")
    meeting.attendances.create(partnership=shk, person=anna, role="member", order=1)
    meeting.attendances.create(partnership=shk, person=bo, role="substitute", substitutes_for=anna, order=2)
    # Listed without an address: nobody to send to.
    meeting.attendances.create(partnership=shk, person=person(shk, "Cia Utan", ""), role="member", order=3)
    # Not on the list at all: never receives it.
    person(shk, "Dan Annan", "dan@example.se")
    return meeting


def leader(meeting):
    p = Person.objects.get(partnership=meeting.partnership, user__username="processledare")
    return Actor(partnership_id=meeting.partnership_id, person_id=p.pk, grants=frozenset({Grant(Role.PROCESS_LEADER)}))


def test_the_notice_goes_to_attendees_and_substitutes_in_swedish_with_an_invitation(meeting, mail):
    count = services.notices.notice_send(actor=leader(meeting), user=None, meeting=meeting, confirmed=True)
    assert count == 2
    sent = sent_messages(mail)
    assert sorted(m["To"] for m in sent) == ["anna@example.se", "bo@example.se"]
    message = next(m for m in sent if m["To"] == "bo@example.se")
    assert message["Subject"] == "Kallelse: Styrelsemöte 4 mars 2027"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hej Bo Ersättare!" in text
    assert "§ 1 Ekonomisk uppföljning" in text and "§ 2 Verksamhetsplan 2027" in text
    assert "Bilaga 1: Budget" in text and "https://example.se/budget.pdf" in text
    assert "https://samsyn.example.se" + reverse("governance:meeting", args=["shk", meeting.pk]) in text
    assert "Västerås stadshus" in html and "Verksamhetsplan 2027" in html
    [ics] = list(message.iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(ics.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").isoformat().startswith("2027-03-04T12:00")  # 13.00 in Stockholm
    assert str(event["LOCATION"]) == "Västerås stadshus"
    assert sorted(str(a) for a in event["ATTENDEE"]) == ["mailto:anna@example.se", "mailto:bo@example.se"]
    assert str(event["UID"]) == f"meeting-{meeting.pk}@samsyn.example.se" and event["SEQUENCE"] == 0
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is not None
    entry = AuditEntry.objects.get(action="meeting.notice_send", object_id=str(meeting.pk))
    assert entry.after["recipients"] == 2


def test_a_second_notice_is_allowed_and_its_invitation_replaces_the_first(meeting, mail):
    for _ in range(2):
        services.notices.notice_send(actor=leader(meeting), user=None, meeting=meeting, confirmed=True)
    sequences = sorted(
        Calendar.from_ical(next(m.iter_attachments()).get_payload(decode=True)).walk("VEVENT")[0]["SEQUENCE"]
        for m in sent_messages(mail)
    )
    assert sequences == [0, 0, 1, 1]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"confirmed": False}, "Bekräfta"),
        ({"status": "held"}, "planerat"),
        ({"nobody": True}, "e-postadress"),
    ],
)
def test_refusals_say_why_in_swedish_and_send_nothing(meeting, mail, change, words):
    if change.pop("nobody", False):
        meeting.attendances.exclude(person__email="").delete()
    if "status" in change:
        meeting.status = change.pop("status")
    with pytest.raises(ValidationError) as refusal:
        services.notices.notice_send(actor=leader(meeting), user=None, meeting=meeting, **{"confirmed": True, **change})
    assert words in " ".join(refusal.value.messages)
    assert sent_messages(mail) == []


def test_a_board_member_may_not_send_the_notice(meeting, mail):
    board = Actor(partnership_id=meeting.partnership_id, person_id=None, grants=frozenset({Grant(Role.BOARD_MEMBER)}))
    with pytest.raises(PermissionDenied):
        services.notices.notice_send(actor=board, user=None, meeting=meeting, confirmed=True)
    assert sent_messages(mail) == []


def test_the_page_says_to_whom_it_goes_and_a_bare_post_sends_nothing(meeting, mail, client_as):
    client = client_as("processledare")
    page = client.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert "Skicka kallelsen" in page and "2 personer" in page and "Anna Ledamot, Bo Ersättare" in page
    url = reverse("governance:notice_send", args=["shk", meeting.pk])
    client.post(url)
    assert sent_messages(mail) == []
    answer = client.post(url, {"confirm": "yes"}, follow=True).content.decode()
    assert "Kallelsen skickades till 2 personer." in answer
    assert len(sent_messages(mail)) == 2
    again = client.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert "Skicka kallelsen igen" in again and "skickades tidigare" in again
    # A board member sees no button and is refused.
    board = client_as("styrelse")
    assert "Skicka kallelsen" not in board.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert board.post(url, {"confirm": "yes"}).status_code == 403
