"""Agenda items and attachments get their numbers in the service and change place by moving up or
down; nobody types a number."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.core.models import AuditEntry
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.governance import services
from samsyn.governance.models import AgendaItem, Attachment, Meeting

pytestmark = pytest.mark.django_db
m = services.meetings


def _actor(shk, role=Role.PROCESS_LEADER):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(role)}))


@pytest.fixture
def meeting(shk):
    return Meeting.objects.create(
        partnership=shk, key="flytt-test", kind="board", title="Styrelse", date=date(2031, 5, 20)
    )


def _three(shk, meeting, model):
    return [
        model.objects.create(partnership=shk, meeting=meeting, number=n, title=t)
        for n, t in ((1, "A"), (2, "B"), (3, "C"))
    ]


MOVES = {
    "agenda_item_move": (
        AgendaItem,
        lambda actor, obj, direction: m.agenda_item_move(actor=actor, user=None, item=obj, direction=direction),
    ),
    "attachment_move": (
        Attachment,
        lambda actor, obj, direction: m.attachment_move(actor=actor, user=None, attachment=obj, direction=direction),
    ),
}


@pytest.mark.parametrize("service", sorted(MOVES))
@pytest.mark.parametrize(
    "title,direction,moved,order",
    [
        ("A", "up", False, "ABC"),  # the first goes no higher
        ("C", "down", False, "ABC"),  # the last goes no lower
        ("B", "up", True, "BAC"),
        ("B", "down", True, "ACB"),
        ("A", "down", True, "BAC"),
        ("C", "up", True, "ACB"),
    ],
)
def test_moving_swaps_with_the_neighbour(shk, meeting, service, title, direction, moved, order):
    model, move = MOVES[service]
    _three(shk, meeting, model)
    audited = AuditEntry.objects.count()
    assert move(_actor(shk), model.objects.get(meeting=meeting, title=title), direction) is moved
    rows = model.objects.filter(meeting=meeting).order_by("number")
    assert "".join(rows.values_list("title", flat=True)) == order
    assert list(rows.values_list("number", flat=True)) == [1, 2, 3]  # the numbers stay the list's
    assert AuditEntry.objects.count() == audited + (1 if moved else 0)


@pytest.mark.parametrize("service", sorted(MOVES))
def test_moving_is_refused_without_the_right_and_in_approved_minutes(shk, meeting, service):
    model, move = MOVES[service]
    __, b, __ = _three(shk, meeting, model)
    with pytest.raises(PermissionDenied):
        move(_actor(shk, Role.BOARD_MEMBER), b, "up")
    with pytest.raises(ValueError):
        move(_actor(shk), b, "sideways")
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=Meeting.MinutesStatus.APPROVED)
    with pytest.raises(ValidationError):
        move(_actor(shk), b, "up")
    assert "".join(model.objects.filter(meeting=meeting).order_by("number").values_list("title", flat=True)) == "ABC"


def test_the_item_and_attachment_forms_ask_for_no_number_and_a_new_one_goes_last(shk, meeting, client_as):
    client = client_as("processledare")
    _three(shk, meeting, AgendaItem)
    AgendaItem.objects.filter(meeting=meeting, number=2).delete()
    for name, data in [("item_new", {"kind": "regular", "title": "Ny"}), ("attachment_new", {"title": "Ny"})]:
        url = reverse(f"governance:{name}", args=["shk", meeting.pk])
        html = client.get(url).content.decode()
        assert 'name="title"' in html and 'name="number"' not in html
        assert client.post(url, data).status_code == 302
    assert AgendaItem.objects.get(meeting=meeting, title="Ny").number == 4  # after the last, not into the gap
    assert Attachment.objects.get(meeting=meeting, title="Ny").number == 1


def test_the_meeting_page_moves_an_item_with_buttons(shk, meeting, client_as):
    __, b, c = _three(shk, meeting, AgendaItem)
    client = client_as("processledare")
    page = client.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert 'value="up"' in page and "Flytta upp" in page and "Flytta ner" in page
    url = reverse("governance:item_move", args=["shk", meeting.pk, c.pk])
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith("#item-2")
    c.refresh_from_db()
    b.refresh_from_db()
    assert (b.number, c.number) == (3, 2)
    assert client_as("styrelse").post(url, {"direction": "up"}).status_code == 403
    assert client.post(url, {"direction": "sideways"}).status_code == 404
