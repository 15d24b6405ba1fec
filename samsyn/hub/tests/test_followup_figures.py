"""What the hub feeds the follow-up: students at work on challenges count in a KPI, and an event's
registrations and attendance are counted from its registrations, not typed."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samsyn.core.policy import actor_load
from samsyn.followup import selectors
from samsyn.followup import services as followup_services
from samsyn.followup.models import Event, Kpi
from samsyn.hub.figures import CHALLENGE_WORK_BEGUN
from samsyn.hub.models import Interest, PublishedEvent, Registration

pytestmark = pytest.mark.django_db


def kpi_url(key):
    return reverse("followup:kpi_detail", args=["shk", key])


def test_an_interest_followed_to_work_begun_counts_in_the_students_kpi(client_as, shk):
    this_year = timezone.localdate().year
    client = client_as("processledare")
    page = client.get(kpi_url("studenter-i-hubbens-utmaningar")).content.decode()
    # The demo's student began in September 2026; the KPI is counted, and cannot be typed.
    assert "Samsyn räknar fram värdet för varje period" in page
    assert "Registrera ett värde" not in page
    kpi = Kpi.objects.get(partnership=shk, key="studenter-i-hubbens-utmaningar")
    before = {start.year: value for start, value in _values(client, kpi)}
    interest = Interest.objects.get(partnership=shk, email="elias.demosson@example.org")
    prefix = f"i{interest.pk}"
    answered = client.post(
        reverse("hub:interests", args=["shk", interest.challenge.slug]),
        {"interest": interest.pk, f"{prefix}-status": "started", f"{prefix}-answer": ""},
    )
    assert answered.status_code == 302
    interest.refresh_from_db()
    assert interest.started_on == timezone.localdate()
    after = {start.year: value for start, value in _values(client, kpi)}
    assert after[this_year] == before.get(this_year, 0) + 1
    # Closing the work later keeps it counted: the student was involved.
    client.post(
        reverse("hub:interests", args=["shk", interest.challenge.slug]),
        {"interest": interest.pk, f"{prefix}-status": "closed", f"{prefix}-answer": ""},
    )
    assert {start.year: value for start, value in _values(client, kpi)} == after


def _values(client, kpi):
    [trend] = selectors.kpi_trends(kpi.partnership, [kpi])
    return [(m.period_start, m.value) for __, __, m in trend.points]


def test_a_counted_kpi_refuses_typed_values(shk):
    kpi = Kpi.objects.get(partnership=shk, key="studenter-i-hubbens-utmaningar")
    user = get_user_model().objects.get(username="processledare")
    with pytest.raises(ValidationError, match="Samsyn räknar själv fram värdena"):
        followup_services.measurement_record(
            actor=actor_load(user, shk), user=user, kpi=kpi, period_start=date(2026, 1, 1), value="3", note=""
        )


def test_the_kpi_form_offers_the_counted_figures_in_words(client_as):
    html = client_as("processledare").get(reverse("followup:kpi_edit", args=["shk", "events-digitala-aktiviteter"]))
    text = html.content.decode()
    assert "Mäts och förs in för hand" in text
    assert "studenter och forskare som har börjat arbeta med en utmaning i hubben" in text
    assert CHALLENGE_WORK_BEGUN in text  # the option's value, never shown as text
    assert f">{CHALLENGE_WORK_BEGUN}<" not in text


@pytest.fixture
def past_event(shk):
    """The demo's coming event, held yesterday, with three confirmed registrations of whom two came."""
    publication = PublishedEvent.objects.get(partnership=shk, event__key="oppen-verkstad-2027-03")
    Event.objects.filter(pk=publication.event_id).update(date=timezone.localdate() - timedelta(days=1))
    for k, came in enumerate([True, True, False]):
        Registration.objects.create(
            partnership=shk,
            event=publication,
            name=f"Deltagare {k}",
            email=f"d{k}@example.se",
            token=f"{k}" * 43,
            status="confirmed",
            attended=came,
        )
    Registration.objects.create(
        partnership=shk, event=publication, name="Ej bekräftad", email="p@example.se", token="p" * 43
    )
    return publication


def test_an_events_registrations_and_attendance_are_counted_in_the_follow_up(client_as, past_event):
    Event.objects.filter(pk=past_event.event_id).update(registrations=999, attendance=998)
    client = client_as("processledare")
    year = (timezone.localdate() - timedelta(days=1)).year
    page = client.get(reverse("followup:event_list", args=["shk"]) + f"?year={year}").content.decode()
    assert "999" not in page and "998" not in page
    assert "(räknat i hubben)" in page
    [event] = [e for e in selectors.event_list(past_event.partnership, year=year) if e.pk == past_event.event_id]
    assert (event.registrations, event.attendance, event.counted) == (3, 2, True)
    form = client.get(reverse("followup:event_edit", args=["shk", past_event.event.key])).content.decode()
    assert 'name="registrations"' not in form
    assert 'name="title"' in form


def test_the_attendance_kpi_counts_those_present(client_as, past_event):
    kpi = Kpi.objects.get(partnership=past_event.partnership, key="deltagare-hubbens-evenemang")
    values = dict(_values(client_as("processledare"), kpi))
    assert values[date(past_event.event.date.year, 1, 1)] == 2


def test_an_event_without_hub_registration_keeps_its_typed_figures(client_as, shk):
    events = selectors.event_list(shk, year=2023)
    pitch = [e for e in events if e.key == "pitch-2023-03-14"]
    assert pitch and pitch[0].counted is False
    assert pitch[0].registrations == Event.objects.get(pk=pitch[0].pk).registrations


def test_the_kpi_list_counts_in_a_fixed_number_of_queries(client_as, shk):
    client = client_as("processledare")
    url = reverse("followup:kpi_list", args=["shk"])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for k in range(3):
        Kpi.objects.create(partnership=shk, key=f"extra-{k}", name=f"Räknat {k}", counted_from=CHALLENGE_WORK_BEGUN)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)
