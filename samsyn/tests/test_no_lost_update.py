"""Two people edit the same record: the later save is refused, showing what the first one changed.

One case per app's edit pages: each person opens the page (reads), then each saves. The database
keeps the first save; the second person sees the field that changed with its value now and keeps
their own input; saving again after that goes through.
"""

import inspect
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from django import forms
from django.urls import reverse

import samsyn
from samsyn.archive.models import Document
from samsyn.core.forms import VERSION_FIELD, ReadVersionMixin
from samsyn.economy.models import Forecast
from samsyn.followup.models import Kpi
from samsyn.governance.models import Assignment, BusinessPlan, Meeting, OperationalGoal
from samsyn.portfolio.models import Initiative

STALE = "Någon annan har ändrat det här medan du skrev"


def form_values(response) -> dict[str, Any]:
    """What the page's edit form would post as drawn (the form holding the version)."""
    page = lxml.html.fromstring(response.content.decode())
    for form in page.forms:
        values: dict[str, Any] = {}
        for name, value in form.form_values():
            # A browser drops the newline that starts a text area's content; lxml keeps it.
            values.setdefault(name, []).append(value.removeprefix("\n"))
        if VERSION_FIELD in values:
            return {name: v if len(v) > 1 else v[0] for name, v in values.items()}
    raise AssertionError("no form with a version on the page")


@dataclass
class Case:
    app: str
    url: Any  # shk -> the edit page's URL
    field: str
    first: str
    second: str
    label: str  # the field's label in Swedish, as the message names it
    saved: Any  # shk -> the field's value in the database now
    users: tuple[str, str] = ("admin", "processledare")


def _initiative(shk):
    return Initiative.objects.filter(partnership=shk).order_by("pk").first()


def _meeting(shk):
    # The demo's meetings have approved minutes, which nobody edits: the latest is taken back to a draft.
    meeting = Meeting.objects.filter(partnership=shk).order_by("-date").first()
    if meeting.minutes_frozen:
        Meeting.objects.filter(pk=meeting.pk).update(minutes_status=Meeting.MinutesStatus.DRAFT)
    return meeting


CASES = [
    Case(
        "portfolio",
        lambda shk: reverse("portfolio:initiative_edit", args=["shk", _initiative(shk).slug]),
        "name",
        "Skultuna första",
        "Skultuna andra",
        "Namn",
        lambda shk: Initiative.objects.get(pk=_initiative(shk).pk).name,
    ),
    Case(
        "governance",
        lambda shk: reverse("governance:meeting_edit", args=["shk", _meeting(shk).pk]),
        "place",
        "Rådhuset",
        "Stadshuset",
        "Plats",
        lambda shk: Meeting.objects.get(pk=_meeting(shk).pk).place,
    ),
    Case(
        "governance",
        lambda shk: reverse(
            "governance:assignment_edit", args=["shk", Assignment.objects.filter(partnership=shk).order_by("pk")[0].pk]
        ),
        "note",
        "Klart i maj",
        "Försenat",
        "Kommentar vid uppföljning",
        lambda shk: Assignment.objects.filter(partnership=shk).order_by("pk")[0].note,
    ),
    Case(
        "governance",
        lambda shk: reverse(
            "governance:goal_edit", args=["shk", OperationalGoal.objects.get(partnership=shk, year=2026, number=3).pk]
        ),
        "title",
        "Kommunikation och lärande",
        "Kommunikation och impact",
        "Kortnamn",
        lambda shk: OperationalGoal.objects.get(partnership=shk, year=2026, number=3).title,
    ),
    Case(
        "governance",
        lambda shk: reverse("governance:plan_edit", args=["shk", 2026]),
        "vision",
        "En vision.",
        "En annan vision.",
        "Vision och inriktning",
        lambda shk: BusinessPlan.objects.get(partnership=shk, year=2026).vision,
    ),
    Case(
        "followup",
        lambda shk: reverse(
            "followup:kpi_edit", args=["shk", Kpi.objects.filter(partnership=shk).order_by("pk")[0].key]
        ),
        "name",
        "Antal idéer i år",
        "Idéer per år",
        "Namn",
        lambda shk: Kpi.objects.filter(partnership=shk).order_by("pk")[0].name,
    ),
    Case(
        "archive",
        lambda shk: reverse(
            "archive:document_edit", args=["shk", Document.objects.filter(partnership=shk).order_by("pk")[0].pk]
        ),
        "title",
        "Protokoll, rättat",
        "Protokoll, justerat",
        "Titel",
        lambda shk: Document.objects.filter(partnership=shk).order_by("pk")[0].title,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.app}-{case.field}")
def test_the_later_of_two_saves_is_refused_and_shows_what_changed(client_as, shk, case):
    url = case.url(shk)
    alice, bob = (client_as(user) for user in case.users)
    alice_form, bob_form = form_values(alice.get(url)), form_values(bob.get(url))

    response = alice.post(url, {**alice_form, case.field: case.first})
    assert response.status_code == 302, response.content.decode()[:2000]

    response = bob.post(url, {**bob_form, case.field: case.second})
    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page
    assert f"{case.label} (nu: ”{case.first}”)" in page
    assert case.saved(shk) == case.first
    # Bob's input is still in the form, with the version he has now seen: saving again goes through.
    again = form_values(response)
    assert again[case.field] == case.second
    assert bob.post(url, again).status_code == 302
    assert case.saved(shk) == case.second


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.app}-{case.field}")
def test_saving_the_same_form_twice_is_no_conflict(client_as, shk, case):
    url = case.url(shk)
    client = client_as(case.users[0])
    unchanged = form_values(client.get(url))
    assert client.post(url, unchanged).status_code == 302
    form = {**unchanged, case.field: case.first}
    assert client.post(url, form).status_code == 302
    # The same page sent again (back and send, a double click): it writes what is there, loses nothing.
    assert client.post(url, form).status_code == 302
    assert case.saved(shk) == case.first


def test_a_forecast_recorded_meanwhile_is_shown_before_it_is_replaced(client_as, shk):
    url = reverse("economy:forecast_record", args=["shk"])
    alice, bob = client_as("ekonomi"), client_as("admin")
    alice_form, bob_form = form_values(alice.get(url)), form_values(bob.get(url))
    line = Forecast.objects.filter(partnership=shk).order_by("pk")[0].cost_line
    key = {"cost_line": str(line.pk), "year": "2031", "round": "1", "made_on": "2031-05-02"}

    assert alice.post(url, {**alice_form, **key, "amount": "100 000"}).status_code == 302
    response = bob.post(url, {**bob_form, **key, "amount": "250 000"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "100 000 kr" in page.replace("\xa0", " ")
    forecast = Forecast.objects.get(partnership=shk, cost_line=line, year=2031, round=1)
    assert forecast.amount_ore == 100_000_00
    assert bob.post(url, form_values(response)).status_code == 302
    forecast.refresh_from_db()
    assert forecast.amount_ore == 250_000_00


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# Plain forms (not model forms) that change a record someone else may be changing too: each is
# filled from the record it edits, or (a forecast) finds the row it would overwrite by its key.
PLAIN_EDIT_FORMS = {
    "samsyn.archive.forms.DocumentForm",
    "samsyn.economy.forms.ForecastForm",
    "samsyn.followup.forms.KpiTargetsForm",
    "samsyn.governance.forms.AssignmentStatusForm",
    "samsyn.portfolio.forms.proposals.FundingForm",
}


def _name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def test_every_model_form_refuses_a_stale_save():
    """A model form of any app edits a record once it has an instance: every one has the check
    (it is idle on a form for a new record). No exceptions."""
    for module in ("archive", "economy", "followup", "governance", "portfolio", "search", "core"):
        __import__(f"samsyn.{module}.forms")
    ours = [
        cls
        for cls in _subclasses(forms.ModelForm)
        if cls.__module__.startswith("samsyn.") and not inspect.isabstract(cls)
    ]
    assert len(ours) > 15
    assert [_name(cls) for cls in ours if not issubclass(cls, ReadVersionMixin)] == []


def test_the_plain_edit_forms_refuse_a_stale_save():
    plain = {_name(cls) for cls in _subclasses(forms.Form) if issubclass(cls, ReadVersionMixin)}
    assert plain >= PLAIN_EDIT_FORMS
    assert samsyn  # the package whose forms these are
