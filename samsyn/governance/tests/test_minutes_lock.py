"""Approving (justering) locks the minutes for good: only a named adjuster approves, only after the
meeting, of a held meeting with attendance, and only once they have confirmed what will be locked."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.core.models import AuditEntry, Person
from samsyn.core.policy import Actor, Grant, Target, allows
from samsyn.core.roles import Role
from samsyn.governance import services
from samsyn.governance.models import AgendaItem, Decision, Meeting
from samsyn.governance.rules import MinutesRefusal, minutes_approval_refusals

R = MinutesRefusal
DAY = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("today", "held", "present", "confirmed", "expected"),
    [
        (DAY, True, 1, True, []),
        (date(2025, 3, 2), True, 12, True, []),
        (date(2025, 2, 28), True, 1, True, [R.MEETING_AHEAD]),
        (DAY, False, 1, True, [R.NOT_HELD]),
        (DAY, True, 0, True, [R.NO_ATTENDANCE]),
        (DAY, True, 1, False, [R.NOT_CONFIRMED]),
        (date(2024, 1, 1), False, 0, False, [R.MEETING_AHEAD, R.NOT_HELD, R.NO_ATTENDANCE, R.NOT_CONFIRMED]),
    ],
)
def test_minutes_approval_refusals(today, held, present, confirmed, expected):
    assert (
        minutes_approval_refusals(today=today, meeting_date=DAY, held=held, present_count=present, confirmed=confirmed)
        == expected
    )


ADJUSTER, OTHER = 11, 12


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("person", "named"), [(ADJUSTER, True), (OTHER, False), (None, False)])
def test_only_a_named_adjuster_may_approve_whatever_their_role(role, person, named):
    actor = Actor(partnership_id=1, person_id=person, grants=frozenset({Grant(role, 7)}))
    meeting = Target(partnership_id=1, focus_area_ids=frozenset({7}), named_person_ids=frozenset({ADJUSTER}))
    assert allows(actor, "minutes.approve", meeting) == (named and role != Role.READER)
    # Nobody, when the meeting names no adjuster; never across partnerships.
    assert not allows(actor, "minutes.approve", Target(partnership_id=1, focus_area_ids=frozenset({7})))
    elsewhere = Target(partnership_id=2, named_person_ids=frozenset({ADJUSTER}))
    assert not allows(actor, "minutes.approve", elsewhere)


@pytest.fixture
def board(shk):
    """A held board meeting on DAY with a decision, attendance and the process leader as adjuster."""
    meeting = Meeting.objects.create(
        partnership=shk, key="lock-test", kind="board", title="Styrelsemöte", date=DAY, status="held"
    )
    item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Ekonomi")
    Decision.objects.create(partnership=shk, item=item, text="Budgeten fastställs.", order=1)
    Decision.objects.create(partnership=shk, item=item, text="Prognosen noteras.", order=2)
    leader = Person.objects.get(partnership=shk, user__username="processledare")
    meeting.attendances.create(partnership=shk, person=leader, role="secretary")
    meeting.adjusters.add(leader)
    return meeting


def as_person(meeting, person, role=Role.PROCESS_LEADER):
    return Actor(partnership_id=meeting.partnership_id, person_id=person.pk, grants=frozenset({Grant(role)}))


def approve(meeting, actor, **kwargs):
    kwargs = {"confirmed": True, "on": DAY, **kwargs}
    return services.meetings.minutes_approve(
        actor=actor, user=None, meeting=meeting, rendered_html="<p>Protokoll</p>", **kwargs
    )


def assert_not_locked(meeting):
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT and not meeting.approved_minutes_html
    assert not AuditEntry.objects.filter(action="minutes.approve", object_id=str(meeting.pk)).exists()


@pytest.mark.django_db
def test_a_named_adjuster_approves_after_the_meeting_and_the_minutes_lock(board):
    adjuster = board.adjusters.get()
    approve(board, as_person(board, adjuster), on=date(2025, 3, 4))
    board.refresh_from_db()
    assert board.minutes_status == Meeting.MinutesStatus.APPROVED and board.minutes_approved_on == date(2025, 3, 4)
    assert AuditEntry.objects.filter(action="minutes.approve", object_id=str(board.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "kwargs", "words"),
    [
        ("nothing", {"on": date(2025, 2, 28)}, "tidigast den dagen"),
        ("planned", {}, "inte registrerat som genomfört"),
        ("no attendance", {}, "Ingen närvaro är registrerad"),
        ("nothing", {"confirmed": False}, "bekräfta först"),
    ],
)
def test_each_refusal_says_why_in_swedish_and_locks_nothing(board, change, kwargs, words):
    if change == "planned":
        Meeting.objects.filter(pk=board.pk).update(status="planned")
    if change == "no attendance":
        board.attendances.update(present=False)
    with pytest.raises(ValidationError) as refused:
        approve(board, as_person(board, board.adjusters.get()), **kwargs)
    assert len(refused.value.messages) == 1 and words in refused.value.messages[0]
    assert_not_locked(board)


@pytest.mark.django_db
def test_who_is_not_a_named_adjuster_is_refused_whatever_their_role(board):
    other = Person.objects.filter(partnership=board.partnership).exclude(adjusted_meetings=board).first()
    for role in (Role.ADMINISTRATOR, Role.BOARD_CHAIR, Role.PROCESS_LEADER):
        with pytest.raises(PermissionDenied):
            approve(board, as_person(board, other, role))
    board.adjusters.clear()
    with pytest.raises(PermissionDenied):
        approve(board, as_person(board, other))
    assert_not_locked(board)


@pytest.mark.django_db
def test_the_meeting_page_says_what_will_be_locked_and_a_bare_post_locks_nothing(board, client_as):
    client = client_as("processledare")
    page = client.get(reverse("governance:meeting", args=["shk", board.pk])).content.decode()
    assert "Justerare (justerar protokollet):" in page
    assert "Protokollet från Styrelsemöte den 1 mars 2025, med 2 beslut, låses" in page
    assert "kan ändras efteråt" in page and 'name="confirm" value="yes"' in page
    url = reverse("governance:minutes_approve", args=["shk", board.pk])
    refused = client.post(url, follow=True).content.decode()
    assert "bekräfta först att det ska låsas" in refused
    assert_not_locked(board)
    client.post(url, {"confirm": "yes"})
    board.refresh_from_db()
    assert board.minutes_status == Meeting.MinutesStatus.APPROVED


@pytest.mark.django_db
def test_a_meeting_ahead_shows_why_instead_of_the_button(board, client_as):
    Meeting.objects.filter(pk=board.pk).update(date=date(2099, 5, 1), status="planned")
    client = client_as("processledare")
    page = client.get(reverse("governance:meeting", args=["shk", board.pk])).content.decode()
    assert "Protokollet kan inte justeras än:" in page and "tidigast den dagen" in page
    assert "inte registrerat som genomfört" in page and 'name="confirm"' not in page
    client.post(reverse("governance:minutes_approve", args=["shk", board.pk]), {"confirm": "yes"})
    assert_not_locked(board)


@pytest.mark.django_db
def test_adjusters_are_named_on_the_meeting_form(shk, client_as):
    meeting = Meeting.objects.create(
        partnership=shk, key="lock-form", kind="board", title="Styrelsemöte", date=DAY, status="held"
    )
    people = list(Person.objects.filter(partnership=shk).order_by("pk")[:2])
    client = client_as("processledare")
    url = reverse("governance:meeting_edit", args=["shk", meeting.pk])
    form = client.get(url).content.decode()
    assert 'name="adjusters"' in form
    data = {"kind": "board", "title": "Styrelsemöte", "date": "2025-03-01", "status": "held"}
    data["read_version"] = _read_version(form)
    r = client.post(url, {**data, "adjusters": [p.pk for p in people]})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert set(meeting.adjusters.all()) == set(people)
    entry = AuditEntry.objects.filter(action="meeting.change", object_id=str(meeting.pk)).latest("at")
    assert entry.after["adjusters"] == sorted(p.name for p in people)
    page = client.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert all(p.name in page for p in people)


def _read_version(html):
    """The stale-read check's hidden field, as the form sent it."""
    found = re.search(r'name="read_version" value="([^"]*)"', html) or re.search(
        r'value="([^"]*)"[^>]*name="read_version"', html
    )
    return found.group(1) if found else ""
