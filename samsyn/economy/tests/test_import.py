"""Outcome import: CSV and XLSX, all or nothing, re-import adds nothing, errors name row and column."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from samsyn.core.models import AuditEntry
from samsyn.economy.models import Outcome
from samsyn.economy.services import outcome_import

GOOD = (
    "cost_line,date,category,amount,text\n"
    'Följeforskning,2024-09-15,personal,"1 234,50",Lön september\n'
    "event-och-kommunikation,2024-09-16,drift och konsulter,2000.25,Lokalhyra\n"
    "Övergripande processstöd,2024-09-17,OH,100,\n"
    'Följeforskning,2024-09-15,personal,"1 234,50",Lön september\n'
)


def test_import_csv_and_again_adds_nothing(shk, login):
    user, actor = login("ekonomi")
    before = Outcome.objects.filter(partnership=shk).count()
    result = outcome_import(actor=actor, user=user, partnership=shk, filename="sept.csv", content=GOOD.encode())
    assert (result.added, result.already_there) == (4, 0)
    assert result.total_ore == 123450 * 2 + 200025 + 10000
    rows = Outcome.objects.filter(partnership=shk, source_file="sept.csv")
    assert sorted(rows.values_list("category", flat=True)) == ["operations", "overhead", "personnel", "personnel"]
    again = outcome_import(actor=actor, user=user, partnership=shk, filename="sept-copy.csv", content=GOOD.encode())
    assert (again.added, again.already_there) == (0, 4)
    assert Outcome.objects.filter(partnership=shk).count() == before + 4
    assert AuditEntry.objects.filter(partnership=shk, action="outcome.import").count() == 1


def test_semicolon_csv(shk, login):
    user, actor = login("ekonomi")
    content = "cost_line;date;category;amount\nFöljeforskning;2024-10-01;overhead;5 000,00\n"
    assert (
        outcome_import(actor=actor, user=user, partnership=shk, filename="x.csv", content=content.encode()).added == 1
    )


@pytest.mark.parametrize(
    "line, message",
    [
        ("Okänd post,2024-09-15,personal,100", "Rad 3, kolumn cost_line: budgetposten ”Okänd post” finns inte"),
        (
            "Följeforskning,15/9/2024,personal,100",
            "Rad 3, kolumn date: ”15/9/2024” är inte ett datum (skriv ÅÅÅÅ-MM-DD)",
        ),
        ("Följeforskning,2024-09-15,resor,100", "Rad 3, kolumn category: kategorin ”resor” finns inte"),
        ("Följeforskning,2024-09-15,personal,12.345,67", "Rad 3, kolumn amount: ”12.345” är inte ett belopp"),
        ("Följeforskning,2024-09-15,personal,abc", "Rad 3, kolumn amount: ”abc” är inte ett belopp"),
    ],
)
def test_a_bad_row_imports_nothing(shk, login, line, message):
    user, actor = login("ekonomi")
    before = Outcome.objects.filter(partnership=shk).count()
    content = "cost_line,date,category,amount\nFöljeforskning,2024-09-15,personal,100\n" + line + "\n"
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        outcome_import(actor=actor, user=user, partnership=shk, filename="bad.csv", content=content.encode())
    assert any(message in m for m in error.value.messages), error.value.messages
    assert Outcome.objects.filter(partnership=shk).count() == before


def test_missing_columns_and_wrong_type(shk, login):
    user, actor = login("ekonomi")
    with pytest.raises(ValidationError):
        outcome_import(actor=actor, user=user, partnership=shk, filename="a.csv", content=b"cost_line,date\nx,y\n")
    with pytest.raises(ValidationError):
        outcome_import(actor=actor, user=user, partnership=shk, filename="a.pdf", content=b"%PDF")


def test_import_xlsx(shk, login):
    user, actor = login("ekonomi")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["cost_line", "date", "category", "amount", "initiative", "text"])
    sheet.append(["Alla barn och unga lyckas", date(2024, 9, 30), "operations", 1234.5, None, "Konsult"])
    sheet.append(["Alla barn och unga lyckas", "2024-09-30", "overhead", "2 000", None, None])
    buffer = BytesIO()
    workbook.save(buffer)
    result = outcome_import(actor=actor, user=user, partnership=shk, filename="sept.xlsx", content=buffer.getvalue())
    assert (result.added, result.total_ore) == (2, 123450 + 200000)


def test_cli_import(shk, tmp_path):
    path = tmp_path / "okt.csv"
    path.write_text("cost_line,date,category,amount\nFöljeforskning,2024-10-02,personnel,10\n", encoding="utf-8")
    call_command("import", "outcomes", str(path), "--partnership", "shk")
    assert Outcome.objects.filter(partnership=shk, source_file="okt.csv").count() == 1
    path.write_text("cost_line,date,category,amount\nNope,2024-10-02,personnel,10\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "outcomes", str(path), "--partnership", "shk")


def test_upload_form_changes_the_appendix(shk, client_as):
    client = client_as("ekonomi")
    url = reverse("economy:outcome_import", args=["shk"])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "dec.csv",
        b"cost_line,date,category,amount\nSamh\xc3\xa4llsforum,2024-09-01,personnel,1000\n",
        content_type="text/csv",
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    data = client.get(reverse("economy:appendix", args=["shk"]), {"per": "2024-09-19", "format": "json"}).json()
    table = next(t for t in data["tables"] if t["key"] == "budget_outcome")
    forum = next(r for r in table["rows"] if r["label"] == "Samhällsforum")
    assert forum["values"][7] == 100000  # outcome 2024
    bad = SimpleUploadedFile(
        "bad.csv", b"cost_line,date,category,amount\nX,2024-09-01,personnel,1\n", content_type="text/csv"
    )
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
