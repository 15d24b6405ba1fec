"""Every governance page answers as the demo roles, with the seeds' meetings."""

import pytest
from django.urls import reverse

from samsyn.governance.models import Assignment, Meeting

pytestmark = pytest.mark.django_db


def _meeting(shk, key):
    return Meeting.objects.get(partnership=shk, key=key)


def test_index_lists_the_seed_meetings(shk, client_as):
    r = client_as("lasare").get(reverse("governance:index", args=["shk"]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "2023-11-30" in html and "2024-09-19" in html
    assert "Möte med styrelse och Core Team" in html


@pytest.mark.parametrize("name", ["assignments", "goals", "calendar", "spending", "requisitions", "fees"])
def test_lists_answer_for_the_process_leader(shk, client_as, name):
    assert client_as("processledare").get(reverse(f"governance:{name}", args=["shk"])).status_code == 200


def test_minutes_follow_the_seed(shk, client_as):
    m = _meeting(shk, "styrelse-2024-09-19")
    html = client_as("styrelse").get(reverse("governance:meeting", args=["shk", m.pk])).content.decode()
    assert "Jonas Stier (ersätter Anna Letterstål)" in html
    assert "Karin Axelsson får i uppdrag" in html
    assert "Bra format, fortsätt med detta" in html
    assert "26 november kl 09.00 – 12.00, Eskilstuna." in html


def test_open_assignments_are_carried_to_the_next_meeting(shk, client_as):
    m = _meeting(shk, "styrelse-2024-09-19")
    html = client_as("lasare").get(reverse("governance:agenda", args=["shk", m.pk])).content.decode()
    # From 2023-11-30: the board's homework is open, the communication chiefs' task is done.
    assert "fundera kring arenor" in html
    done = Assignment.objects.get(partnership=shk, text__startswith="Till mötet i maj")
    assert done.status == Assignment.Status.DONE
    assert "Till mötet i maj" not in html
    assert "Parternas kommunikationschefer" not in html


def test_report_pages(shk, client_as):
    m = _meeting(shk, "styrelse-2023-11-30")
    html = client_as("lasare").get(reverse("governance:report", args=["shk", m.pk])).content.decode()
    assert "FORMAS" in html
