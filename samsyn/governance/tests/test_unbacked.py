"""The spending page lists the decisions above the agreement's limits that rest on no competent
decision: the pilot grants of 2024 and the vt 2024 proposal items, whose documents name no decider."""

from samsyn.core.models import Partnership
from samsyn.economy.models import PilotGrant


def test_the_spending_page_lists_decisions_without_a_competent_decider(client_as):
    page = client_as("processledare").get("/shk/styrning/utgiftsbeslut/").content.decode()
    assert "Beslut över beslutsgränserna utan behörigt beslut" in page
    for title in ("FIC", "Demokratisk vardagspraktik", "Studentcoacher"):
        assert f'<th scope="row">{title}</th>' in page
    assert "Demokratisk infrastruktur fas 2 (Beslutsunderlag" in page
    # A grant under the process leader's limit is not listed: the process leader may have decided it.
    assert '<th scope="row">Måltider och möten</th>' not in page


def test_a_grant_recorded_as_the_board_s_is_not_listed(client_as):
    shk = Partnership.objects.get(slug="shk")
    PilotGrant.objects.filter(partnership=shk, title="FIC").update(authority="board")
    page = client_as("processledare").get("/shk/styrning/utgiftsbeslut/").content.decode()
    assert '<th scope="row">FIC</th>' not in page
    assert '<th scope="row">Studentcoacher</th>' in page
