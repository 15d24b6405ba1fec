import pytest
from django.urls import reverse

PAGES = [
    ("followup:index", []),
    ("followup:kpi_list", []),
    ("followup:kpi_detail", ["extern-finansiering-beviljad"]),
    ("followup:evaluation_list", []),
    ("followup:evaluation_compare", []),
    ("followup:evaluation_results", ["utvardering-2023"]),
    ("followup:story_list", []),
    ("followup:story_detail", ["robert-holm-demokratisk-infrastruktur"]),
    ("followup:event_list", []),
    ("followup:plan", []),
    ("followup:annual_report", [2023]),
]
STAFF_PAGES = [
    ("followup:kpi_create", []),
    ("followup:measurement_import", []),
    ("followup:evaluation_create", []),
    ("followup:evaluation_detail", ["utvardering-2023"]),
    ("followup:evaluation_live", ["utvardering-2023"]),
    ("followup:evaluation_live_counts", ["utvardering-2023"]),
    ("followup:story_create", []),
    ("followup:event_create", []),
    ("followup:plan_item_create", []),
    ("followup:plan_item_edit", ["plan-2024-varde"]),
    ("followup:event_edit", ["pitch-2023-01-17"]),
    ("followup:story_edit", ["robert-holm-demokratisk-infrastruktur"]),
    ("followup:kpi_edit", ["antal-piloter"]),
    ("followup:evaluation_edit", ["utvardering-2023"]),
]


@pytest.mark.parametrize("name,args", PAGES)
def test_pages_answer_for_every_role(client_as, demo_username, name, args):
    response = client_as(demo_username).get(reverse(name, args=["shk", *args]))
    assert response.status_code == 200


@pytest.mark.parametrize("name,args", STAFF_PAGES)
def test_staff_pages(client_as, name, args):
    assert client_as("processledare").get(reverse(name, args=["shk", *args])).status_code == 200
    assert client_as("lasare").get(reverse(name, args=["shk", *args])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("followup:index", args=["shk"]))
    assert response.status_code == 302
