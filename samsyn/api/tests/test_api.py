"""The API answers as the pages do: the same policy, the same filters, the same computations."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samsyn.api.models import ApiToken, ApiTokenUse
from samsyn.core.models import AuditEntry, Partnership
from samsyn.economy.models import Outcome
from samsyn.portfolio import models as portfolio

LISTS = [
    "initiatives",
    "portfolios",
    "budget",
    "outcomes",
    "forecasts",
    "pilot-grants",
    "meetings",
    "assignments",
    "kpis",
    "evaluations",
    "documents",
    "search?q=äldre",
]


def test_no_token_is_401_in_swedish(client, shk):
    response = client.get("/api/v1/shk/initiatives")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert "giltig" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer samsyn_fel", "Bearer ", "Basic abc", "samsyn_x"])
def test_a_wrong_token_is_401(shk, header):
    assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/shk/initiatives").status_code == 401


def test_expired_and_revoked_tokens_are_401(token_for):
    value = token_for("processledare")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {value}")
    assert client.get("/api/v1/shk/initiatives").status_code == 200
    token = ApiToken.objects.latest("pk")
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert client.get("/api/v1/shk/initiatives").status_code == 401
    token.expires_at = timezone.now() + timedelta(days=1)
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/shk/initiatives").status_code == 401


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_paginated_items_and_count(api_as, path):
    response = api_as("admin").get(f"/api/v1/shk/{path}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {"items", "count"}
    assert data["count"] >= len(data["items"]) > 0


def test_money_is_an_exact_decimal_string(api_as):
    items = api_as("ekonomi").get("/api/v1/shk/pilot-grants").json()["items"]
    amounts = {g["title"]: g["amount"] for g in items}
    # Seed 004: Demokratisk vardagspraktik 864 000.
    assert amounts["Demokratisk vardagspraktik"] == "864000.00"
    assert all(isinstance(a, str) for a in amounts.values())


def test_another_partnership_is_404(api_as, shk):
    Partnership.objects.create(slug="annat", name="Ett annat partnerskap")
    client = api_as("admin")
    assert client.get("/api/v1/annat/initiatives").status_code == 404
    assert client.get("/api/v1/finns-inte/initiatives").status_code == 404
    assert client.get("/api/v1/shk/initiatives/finns-inte").json()["detail"] == "Hittades inte."


def test_a_read_token_cannot_write(api_as):
    response = api_as("processledare", "read").post(
        "/api/v1/shk/initiatives/demokratisk-infrastruktur/phase",
        {"phase": "completed", "date": "2026-11-30"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]
    assert ApiTokenUse.objects.filter(method="POST", status=403).exists()


def test_the_policy_refuses_a_reader_with_a_write_token_and_records_it(api_as):
    response = api_as("lasare", "write").post(
        "/api/v1/shk/initiatives/demokratisk-infrastruktur/phase",
        {"phase": "completed", "date": "2026-11-30"},
        content_type="application/json",
    )
    assert response.status_code == 403
    denial = AuditEntry.objects.filter(action="access.deny").latest("at")
    assert denial.after["action"] == "initiative.move_phase"
    assert portfolio.Initiative.objects.get(slug="demokratisk-infrastruktur").phase != "completed"


def test_a_write_token_moves_a_phase_with_audit_and_use_log(api_as):
    response = api_as("processledare", "write").post(
        "/api/v1/shk/initiatives/demokratisk-infrastruktur/phase",
        {"phase": "completed", "date": "2099-01-01", "decision": "Styrelsens beslut"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["phase"] == "completed"
    assert data["phases"][-1] == {
        "phase": "completed",
        "phase_label": "Avslutad",
        "date": "2099-01-01",
        "decision": "Styrelsens beslut",
    }
    entry = AuditEntry.objects.filter(action="initiative.move_phase").latest("at")
    assert entry.user.username == "processledare"
    use = ApiTokenUse.objects.latest("pk")
    assert (use.method, use.status) == ("POST", 200)
    assert ApiToken.objects.get(pk=use.token_id).last_used_at is not None


def test_outcome_import_through_the_api(api_as):
    csv = "cost_line,date,category,amount,text\nfoljeforskning,2026-11-15,personnel,12345.67,API-import\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("utfall.csv", csv.encode(), content_type="text/csv")
    response = api_as("ekonomi", "write").post("/api/v1/shk/outcomes/import", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json() == {"added": 1, "already_there": 0, "total": "12345.67"}
    assert Outcome.objects.get(text="API-import").amount_ore == 1234567
    assert AuditEntry.objects.filter(action="outcome.import").exists()
    listed = api_as("ekonomi").get("/api/v1/shk/outcomes?year=2026&cost_line=foljeforskning").json()["items"]
    assert {
        "cost_line": "foljeforskning",
        "date": "2026-11-15",
        "category": "personnel",
        "amount": "12345.67",
        "initiative": None,
        "text": "API-import",
    } in listed


def test_a_bad_import_is_422_and_imports_nothing(api_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Outcome.objects.count()
    upload = SimpleUploadedFile("utfall.csv", b"cost_line,date,category,amount\nfinns-inte,2026-13-40,x,abc\n")
    response = api_as("ekonomi", "write").post("/api/v1/shk/outcomes/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"]
    assert Outcome.objects.count() == before


def test_the_initiative_list_filters_as_the_page(api_as, client_as):
    api = api_as("admin").get("/api/v1/shk/initiatives?phase=ongoing&per_sida=200").json()
    page = client_as("admin").get("/shk/initiativ/?phase=ongoing")
    assert api["count"] == page.context["page"].paginator.count
    assert [i["slug"] for i in api["items"]] == [i.slug for i in page.context["page"].object_list]
    assert {i["phase"] for i in api["items"]} == {"ongoing"}
    refused = api_as("admin").get("/api/v1/shk/initiatives?focus_area=finns-inte")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "focus_area"


def test_a_filter_without_matches_on_a_later_page_is_empty_not_an_error(api_as, client_as, shk):
    # A testbed no initiative uses: its filter matches nothing, so page 2 counts no rows at all.
    portfolio.Testbed.objects.create(partnership=shk, slug="tom-testbadd", name="Tom testbädd")
    response = api_as("admin").get("/api/v1/shk/initiatives?testbed=tom-testbadd&sida=2")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    assert client_as("admin").get("/shk/initiativ/?testbed=tom-testbadd&sida=2").status_code == 200


def test_a_page_past_the_last_is_empty(api_as):
    data = api_as("admin").get("/api/v1/shk/initiatives?sida=999").json()
    assert data["items"] == [] and data["count"] > 0


def test_details_of_each_area(api_as):
    client = api_as("admin")
    initiative = client.get("/api/v1/shk/initiatives/demokratisk-infrastruktur").json()
    assert initiative["phases"] and "relations" in initiative
    meeting = client.get("/api/v1/shk/meetings/styrelse-2024-09-19").json()
    assert any(item["decisions"] for item in meeting["items"])
    results = client.get("/api/v1/shk/evaluations/utvardering-2023/results").json()
    # Seed 003: statement 1 got 2 green, 12 yellow, 1 orange of 15.
    assert results["statements"][0]["counts"] == {"green": 2, "yellow": 12, "orange": 1, "red": 0}
    assert "comments" not in results["statements"][0]
    document = client.get("/api/v1/shk/documents/1").json()
    download = client.get(document["versions"][0]["download"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_the_openapi_document_lists_every_area(client, shk):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    for area in ["initiatives", "portfolios", "budget", "outcomes", "forecasts", "pilot-grants", "meetings"]:
        assert f"/api/v1/{{slug}}/{area}" in paths
    for area in ["assignments", "kpis", "evaluations", "documents", "search"]:
        assert f"/api/v1/{{slug}}/{area}" in paths
    assert "/api/v1/{slug}/outcomes/import" in paths
    assert spec["components"]["securitySchemes"]
    # Its texts are the catalogue's, in the product's language.
    assert spec["paths"]["/api/v1/{slug}/initiatives"]["get"]["summary"] == "Initiativ"
    assert spec["paths"]["/api/v1/{slug}/meetings"]["get"]["tags"] == ["Styrning"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/shk/initiatives/a%00b",
        "/api/v1/sh%00k/initiatives",
        "/api/v1/shk/meetings/%C3%A5%C3%A4",
        "/api/v1/shk/documents/99999999999999999999999",
        "/api/v1/shk/documents/0",
        "/api/v1/shk/kpis/" + "x" * 500,
    ],
)
def test_an_address_no_record_can_have_is_422_before_any_query(api_as, path):
    # A NUL character or an id past 64 bits would be refused by PostgreSQL: they never reach it.
    response = api_as("admin").get(path)
    assert response.status_code == 422
    assert response.json()["detail"] == "Anropet är inte giltigt."
    # The use log keeps the address, readable.
    assert ApiTokenUse.objects.latest("pk").status == 422
