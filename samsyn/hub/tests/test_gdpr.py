"""A visitor's data on request (`samsyn gdpr export|erase --email`), and registrations erased once
their keeping has passed (`samsyn gdpr prune`), with only counts left in the history."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.core.models import AuditEntry
from samsyn.hub import rules
from samsyn.hub.models import PublishedEvent, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(shk):
    coming = PublishedEvent.objects.get(partnership=shk, event__key="oppen-verkstad-2027-03")
    past = PublishedEvent.objects.get(partnership=shk, event__key="pitch-2023-03-14")
    made = {}
    for key, event, email in (
        ("a1", coming, "anna@example.se"),
        ("a2", past, "Anna@Example.se"),
        ("b", past, "bo@example.se"),
    ):
        made[key] = Registration.objects.create(
            partnership=shk,
            event=event,
            name="Anna Andersson" if key != "b" else "Bo Berg",
            email=email,
            token=key * 20,
            status="confirmed",
        )
    return made


def run(*args):
    out = StringIO()
    call_command("gdpr", *args, stdout=out)
    return out.getvalue()


def test_export_gives_everything_kept_about_the_address(registrations):
    data = json.loads(run("export", "--email", "anna@example.se"))
    assert [(r["event"], r["name"]) for r in data["registrations"]] == [
        ("Öppen verkstad: trygghet för äldre i hemmet", "Anna Andersson"),
        ("Innovationer inom trygghetsområdet (digitalt pitchevent)", "Anna Andersson"),
    ]


def test_erase_leaves_no_name_behind(registrations, shk):
    assert (
        run("erase", "--email", "anna@example.se").strip()
        == "Raderade 2 anmälningar, intressen, svar och prenumerationer för anna@example.se."
    )
    assert list(Registration.objects.values_list("email", flat=True)) == ["bo@example.se"]
    history = AuditEntry.objects.filter(partnership=shk, object_type="hub.publishedevent")
    assert history.count() == 2
    assert "Anna" not in json.dumps([h.before for h in history] + [h.after for h in history])


def test_prune_erases_what_is_past_its_keeping(registrations):
    # The demo's 2023 pitch event is more than a year ago: its registrations go, the coming one's stay.
    assert "Raderade eller avidentifierade 2 anmälningar" in run("prune")
    assert list(Registration.objects.values_list("token", flat=True)) == ["a1" * 20]


def test_an_address_is_required():
    with pytest.raises(CommandError, match=r"Ange e-postadressen med --email\."):
        run("erase")


@pytest.mark.parametrize(("days_after", "expired"), [(0, False), (365, False), (366, True), (-30, False)])
def test_registration_expired(days_after, expired):
    event = date(2025, 5, 1)
    assert rules.registration_expired(event, event + timedelta(days=days_after)) is expired
