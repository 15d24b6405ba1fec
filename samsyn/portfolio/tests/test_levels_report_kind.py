"""Portfolios through the report registry: the command line and JSON carry the page's figures."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_command_line_portfolio_and_index(shk, capsys, client_as):
    page = client_as("lasare").get("/shk/portfolj/portfolj-barn-och-unga/?per=2023-12-11").context["report"]
    call_command(
        "report", "portfolio", "--partnership", "shk", "--portfolio", "portfolj-barn-och-unga", "--as-of", "2023-12-11"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2023-12-11" and [r["name"] for r in data["rows"]] == [r.name for r in page.rows]
    assert [c["count"] for c in data["phase_counts"]] == [c.count for c in page.phase_counts]
    call_command("report", "portfolios", "--partnership", "shk", "--as-of", "2023-12-11")
    index = json.loads(capsys.readouterr().out)
    assert any(row["slug"] == "portfolj-barn-och-unga" for level in index["levels"] for row in level["rows"])
    with pytest.raises(CommandError, match="no portfolio"):
        call_command("report", "portfolio", "--partnership", "shk", "--portfolio", "nowhere")


def test_page_offers_json(shk, client_as):
    response = client_as("lasare").get("/shk/portfolj/portfolj-barn-och-unga/", {"format": "json"})
    assert response.status_code == 200 and response.json()["slug"] == "portfolj-barn-och-unga"
