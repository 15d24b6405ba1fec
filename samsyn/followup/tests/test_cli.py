import json

import pytest
from django.core.management import CommandError, call_command

from samsyn.followup.models import Measurement


def test_import_measurements(shk, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("kpi;period;value\nantal-piloter;2024;4\n", encoding="utf-8")
    call_command("import", "measurements", str(path), "--partnership", "shk")
    assert Measurement.objects.get(kpi__key="antal-piloter").value == 4
    path.write_text("kpi;period;value\nantal-piloter;2024;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2"):
        call_command("import", "measurements", str(path), "--partnership", "shk")


def test_report_annual(shk, tmp_path, capsys):
    call_command("report", "annual", "--partnership", "shk", "--year", "2023", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["registrations_total"] == 323
    out = tmp_path / "r.docx"
    call_command("report", "annual", "--partnership", "shk", "--year", "2023", "--format", "docx", "--output", str(out))
    assert out.read_bytes()[:2] == b"PK"
