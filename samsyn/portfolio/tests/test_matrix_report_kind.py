"""The whole-portfolio matrix through the report registry: the command line gives every format."""

import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from samsyn.portfolio.models import Portfolio

pytestmark = pytest.mark.django_db


def _slug(shk):
    return Portfolio.objects.filter(partnership=shk, matrix_items__isnull=False).distinct().first().slug


def test_command_line_json_and_pdf(shk, capsys, tmp_path):
    slug = _slug(shk)
    call_command("report", "matrix", "--partnership", "shk", "--portfolio", slug, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["portfolio_slug"] == slug and len(data["rows"]) == 7 and data["entries"]
    out = tmp_path / "matrix.pdf"
    call_command("report", "matrix", "--partnership", "shk", "--portfolio", slug, "--format", "pdf", "-o", str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert data["entries"][0]["title"].split()[0] in text
    with pytest.raises(CommandError, match="no focus area"):
        call_command("report", "matrix", "--partnership", "shk", "--portfolio", slug, "--focus-area", "nowhere")


def test_board_items_filter(shk, capsys):
    slug = _slug(shk)
    call_command("report", "matrix", "--partnership", "shk", "--portfolio", slug, "--focus-area", "-")
    data = json.loads(capsys.readouterr().out)
    assert all(not e["focus_area_name"] for e in data["entries"])
