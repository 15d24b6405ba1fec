"""A decision proposal through the report registry: the command line and JSON carry the seed's figures."""

import json

import pytest
from django.core.management import CommandError, call_command

from samsyn.portfolio.models import DecisionProposal

pytestmark = pytest.mark.django_db

VT_2024 = "Beslutsunderlag 'Alla barn och unga lyckas' vt 2024"


def test_command_line_json_has_the_seed_totals(shk, capsys):
    proposal = DecisionProposal.objects.get(partnership=shk, title=VT_2024)
    call_command("report", "proposal", "--partnership", "shk", "--proposal", str(proposal.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    # seed 001: 1 272 000 = 472 000 + 800 000
    assert data["totals"]["items_total_ore"] == 127_200_000
    assert [f["amount_ore"] for f in data["funding"]] == [47_200_000, 80_000_000]
    with pytest.raises(CommandError, match="no decision proposal"):
        call_command("report", "proposal", "--partnership", "shk", "--proposal", "999999")


def test_page_offers_json(shk, client_as):
    proposal = DecisionProposal.objects.get(partnership=shk, title=VT_2024)
    response = client_as("lasare").get(f"/shk/beslutsunderlag/{proposal.pk}/", {"format": "json"})
    assert response.status_code == 200 and response.json()["title"] == VT_2024
