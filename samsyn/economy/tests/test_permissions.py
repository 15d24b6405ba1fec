"""Who reads and who changes the economy; every change is in the history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samsyn.core.models import AuditEntry
from samsyn.core.policy import Actor, Grant, actor_load
from samsyn.core.roles import Role
from samsyn.economy.models import BudgetAllocation, CostLine, Forecast, GrantApplication, Leverage, PilotGrant
from samsyn.economy.reports import appendix as reports
from samsyn.economy.services import (
    application_status_change,
    budget_revise,
    forecast_record,
    outcome_import,
    pilot_grant_record,
)

READERS = {"admin", "processledare", "ekonomi", "styrelse", "coreteam-barn", "coreteam-aldre", "lasare"}
CHANGERS = {"admin", "processledare", "ekonomi"}


def test_pages_by_role(shk, client_as, demo_username):
    client = client_as(demo_username)
    assert client.get(reverse("economy:index", args=["shk"])).status_code == 200
    for name in ("appendix", "followup", "applications", "pilot_grants", "budget"):
        expected = 200 if demo_username in READERS else 403
        assert client.get(reverse(f"economy:{name}", args=["shk"]), {"per": "2024-09-19"}).status_code == expected, name
    expected = 200 if demo_username in CHANGERS else 403
    assert client.get(reverse("economy:outcome_import", args=["shk"])).status_code == expected
    assert client.get(reverse("economy:pilot_grant_create", args=["shk"])).status_code == expected


def test_process_leader_records_pilot_money_within_the_limit_and_not_above(shk, django_user_model):
    user = django_user_model.objects.get(username="processledare")
    actor = actor_load(user, shk, on=date(2024, 9, 1))
    grant = pilot_grant_record(
        actor=actor,
        user=user,
        partnership=shk,
        title="Test",
        area="Fokus",
        amount_ore=200_000 * 100,
        decided_on=date(2024, 9, 1),
    )
    assert AuditEntry.objects.filter(action="pilot_grant.create", object_id=str(grant.pk)).exists()
    with pytest.raises(ValidationError) as error:
        pilot_grant_record(
            actor=actor,
            user=user,
            partnership=shk,
            title="Big",
            area="",
            amount_ore=200_001 * 100,
            decided_on=date(2024, 9, 1),
        )
    assert "200" in " ".join(error.value.messages)
    assert not PilotGrant.objects.filter(partnership=shk, title="Big").exists()


def test_granted_application_becomes_leverage_and_history_shows_it(shk, client_as, login):
    application = GrantApplication.objects.get(partnership=shk, key="formas-physical-literacy")
    user, actor = login("ekonomi")
    application_status_change(
        actor=actor,
        user=user,
        partnership=shk,
        application=application,
        status="granted",
        amount_granted_ore=5_500_000 * 100,
        decided_on=date(2024, 6, 1),
    )
    leverage = Leverage.objects.get(partnership=shk, application=application)
    assert (leverage.year, leverage.amount_ore, leverage.kind) == (2024, 550_000_000, "external")
    page = client_as("styrelse").get(reverse("economy:history", args=["shk"])).content.decode()
    assert "application.status" in page and "leverage.create" in page
    assert client_as("coreteam-barn").get(reverse("economy:history", args=["shk"])).status_code == 403


def test_granted_needs_amount_and_date(shk, login):
    application = GrantApplication.objects.get(partnership=shk, key="horizon-planerad")
    user, actor = login("ekonomi")
    with pytest.raises(ValidationError):
        application_status_change(actor=actor, user=user, partnership=shk, application=application, status="granted")


def test_status_form(shk, client_as):
    application = GrantApplication.objects.get(partnership=shk, key="eu-ungas-valmaende-skultuna")
    url = reverse("economy:application_status", args=["shk", application.pk])
    assert client_as("styrelse").post(url, {"status": "rejected"}).status_code == 403
    assert client_as("ekonomi").post(url, {"status": "rejected"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"


def test_budget_decision_revises_without_overwriting_and_forecast_is_recorded(shk, client_as):
    client = client_as("ekonomi")
    line = CostLine.objects.get(partnership=shk, slug="foljeforskning")
    before = BudgetAllocation.objects.filter(partnership=shk, cost_line=line, year=2024).count()
    response = client.post(
        reverse("economy:budget_revise", args=["shk"]),
        {
            "cost_line": line.pk,
            "year": 2024,
            "amount": "600 000",
            "decided_on": "2024-10-01",
            "decision_ref": "Styrelsen",
        },
    )
    assert response.status_code == 302
    assert BudgetAllocation.objects.filter(partnership=shk, cost_line=line, year=2024).count() == before + 1

    def budget(as_of):
        return next(
            r for r in reports.finance_appendix(shk, as_of).table("budget_outcome").rows if r.slug == "foljeforskning"
        ).values[2]

    assert budget(date(2024, 9, 30)) == 500_000 * 100
    assert budget(date(2024, 10, 1)) == 600_000 * 100
    entry = AuditEntry.objects.filter(action="budget.revise").latest("at")
    assert entry.before["amount_ore"] == 500_000 * 100 and entry.after["amount_ore"] == 600_000 * 100
    response = client.post(
        reverse("economy:forecast_record", args=["shk"]),
        {"cost_line": line.pk, "year": 2024, "round": 3, "amount": "550 000", "made_on": "2024-10-15"},
    )
    assert response.status_code == 302
    assert Forecast.objects.get(partnership=shk, cost_line=line, year=2024, round=3).amount_ore == 550_000 * 100
    assert client_as("styrelse").get(reverse("economy:budget", args=["shk"])).status_code == 200
    assert client_as("styrelse").get(reverse("economy:budget_revise", args=["shk"])).status_code == 403


# Each economic write as the services take it: (service, its data besides actor, user and partnership).
KRONOR_100 = 100 * 100
WRITES = {
    "outcome.import": lambda shk: (
        outcome_import,
        {
            "filename": "x.csv",
            "content": "cost_line,date,category,amount\nFöljeforskning,2024-10-01,overhead,100\n".encode(),
        },
    ),
    "pilot_grant.create": lambda shk: (
        pilot_grant_record,
        {"title": "Test", "area": "", "amount_ore": KRONOR_100, "decided_on": date(2024, 9, 1)},
    ),
    "application.status": lambda shk: (
        application_status_change,
        {
            "application": GrantApplication.objects.get(partnership=shk, key="eu-ungas-valmaende-skultuna"),
            "status": "rejected",
        },
    ),
    "budget.revise": lambda shk: (
        budget_revise,
        {
            "cost_line": CostLine.objects.get(partnership=shk, slug="foljeforskning"),
            "year": 2024,
            "amount_ore": KRONOR_100,
            "decided_on": date(2024, 10, 1),
        },
    ),
    "forecast.record": lambda shk: (
        forecast_record,
        {
            "cost_line": CostLine.objects.get(partnership=shk, slug="foljeforskning"),
            "year": 2024,
            "round": 3,
            "made_on": date(2024, 10, 15),
            "amount_ore": KRONOR_100,
        },
    ),
}
# Pilot money is spending: a changer also needs a spending authority (or a board item), which
# only the process leader of the economy's changers holds; the others are refused by the spending check.
NO_SPENDING_AUTHORITY = {"admin", "ekonomi"}


@pytest.mark.parametrize("action", WRITES)
def test_a_write_service_refuses_whom_the_policy_refuses(shk, login, demo_username, action):
    service, data = WRITES[action](shk)
    user, actor = login(demo_username)
    entries = AuditEntry.objects.filter(partnership=shk).count()
    if demo_username not in CHANGERS:
        with pytest.raises(PermissionDenied):
            service(actor=actor, user=user, partnership=shk, **data)
        assert AuditEntry.objects.filter(partnership=shk).count() == entries
    elif action == "pilot_grant.create" and demo_username in NO_SPENDING_AUTHORITY:
        with pytest.raises(ValidationError) as error:
            service(actor=actor, user=user, partnership=shk, **data)
        assert error.value.code == "no_authority"
    else:
        service(actor=actor, user=user, partnership=shk, **data)
        assert AuditEntry.objects.filter(partnership=shk, action=action).count() > 0
        assert AuditEntry.objects.filter(partnership=shk).count() > entries


@pytest.mark.parametrize("action", WRITES)
def test_a_write_service_refuses_no_login_and_another_partnerships_controller(shk, action):
    service, data = WRITES[action](shk)
    elsewhere = Actor(partnership_id=shk.pk + 1000, person_id=None, grants=frozenset({Grant(Role.ECONOMY_CONTROLLER)}))
    for actor in (None, elsewhere):
        with pytest.raises(PermissionDenied):
            service(actor=actor, user=None, partnership=shk, **data)
    assert not AuditEntry.objects.filter(partnership=shk, action=action).exists()


@pytest.mark.parametrize(
    "name, data",
    [
        ("outcome_import", {}),
        ("pilot_grant_create", {"title": "T", "amount": "100", "decided_on": "2024-09-01"}),
        ("budget_revise", {"year": 2024, "amount": "100", "decided_on": "2024-10-01"}),
        ("forecast_record", {"year": 2024, "round": 3, "amount": "100", "made_on": "2024-10-15"}),
    ],
)
def test_a_board_member_posting_a_form_is_refused_and_nothing_is_written(shk, client_as, name, data):
    line = CostLine.objects.get(partnership=shk, slug="foljeforskning")
    # The refusal itself is recorded (access.deny); nothing else is.
    changes = AuditEntry.objects.filter(partnership=shk).exclude(action="access.deny")
    entries = changes.count()
    if name == "outcome_import":
        data = {"file": SimpleUploadedFile("x.csv", b"cost_line,date,category,amount\nX,2024-09-01,personnel,1\n")}
    response = client_as("styrelse").post(reverse(f"economy:{name}", args=["shk"]), {"cost_line": line.pk, **data})
    assert response.status_code == 403
    assert changes.count() == entries
    assert AuditEntry.objects.filter(partnership=shk, action="access.deny").count() == 1
