"""The report registry and its shared renderers, fed hand-made data: no database."""

import json
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from samsyn.core import reports
from samsyn.core.exports import SEK_FORMAT
from samsyn.core.reports import Column, ReportKind, Sheet, xlsx_bytes


@dataclass(frozen=True)
class Line:
    label: str
    amount_ore: int
    share: Decimal | None


@dataclass(frozen=True)
class Data:
    partnership: str
    as_of: date
    lines: tuple[Line, ...]


DATA = Data(
    "Samhällskontraktet",
    date(2024, 8, 31),
    (Line("Följeforskning", 28_500_100, Decimal("12.5")), Line("Summa", 123_456_789, None)),
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "test/report.html": "<html><body><h1>{{ report.partnership }} {{ heading }}</h1>"
                        '{% for line in report.lines %}<p>{{ line.label }}: {{ line.amount_ore|stringformat:"d" }}</p>{% endfor %}'
                        "{% if standalone %}<p>standalone</p>{% endif %}</body></html>"
                    },
                )
            ]
        },
    }
]


def _sheets(data):
    return (
        Sheet(
            name="lines",
            title=f"Lines {data.as_of.isoformat()}",
            columns=(Column("Label"), Column("Amount", "money"), Column("Share", "percent")),
            rows=tuple((line.label, line.amount_ore, line.share) for line in data.lines),
            bold_rows=frozenset({1}),
            note="A note",
        ),
    )


KIND = ReportKind(
    name="test-kind",
    title="A test report",
    build=lambda partnership, **params: DATA,
    template="test/report.html",
    context=lambda data: {"heading": "rubrik"},
    stylesheets=(),
    sheets=_sheets,
    filename=lambda data: f"test-{data.as_of.isoformat()}",
    attachment="test:kind",
)


@pytest.fixture
def kind():
    reports.report_register(KIND)
    yield KIND
    reports._REGISTRY.pop(KIND.name, None)


def test_registry_finds_a_kind_by_name_and_by_attachment_key(kind):
    assert reports.report_kind("test-kind") is kind
    assert reports.report_for_attachment("test:kind") is kind
    assert reports.report_for_attachment("no:such") is None
    assert reports.report_for_attachment("") is None
    assert kind in reports.report_kinds()
    assert reports.report_build("test-kind", None) is DATA


def test_registry_refuses_a_second_kind_of_the_same_name(kind):
    reports.report_register(KIND)  # the same kind again: harmless
    with pytest.raises(ValueError, match="twice"):
        reports.report_register(ReportKind(name="test-kind", title="Another", build=lambda p: None))
    with pytest.raises(LookupError):
        reports.report_kind("no-such-kind")


def test_formats_follow_what_a_kind_has():
    assert KIND.formats == ("html", "pdf", "xlsx", "json")
    bare = ReportKind(name="bare", title="Bare", build=lambda p: None)
    assert bare.formats == ("json",)
    with pytest.raises(ValueError, match="no pdf"):
        reports.report_render(bare, DATA, "pdf")


def test_json_keeps_money_in_ore_decimals_exact_and_dates_iso():
    data = json.loads(reports.json_bytes(DATA))
    assert data == {
        "partnership": "Samhällskontraktet",
        "as_of": "2024-08-31",
        "lines": [
            {"label": "Följeforskning", "amount_ore": 28_500_100, "share": "12.5"},
            {"label": "Summa", "amount_ore": 123_456_789, "share": None},
        ],
    }


def test_json_refuses_what_it_cannot_say_exactly():
    with pytest.raises(TypeError):
        reports.json_value(object())


def test_xlsx_writes_money_as_kronor_with_swedish_formats():
    workbook = load_workbook(BytesIO(reports.xlsx_bytes(_sheets(DATA))))
    sheet = workbook["lines"]
    assert sheet["A1"].value == "Lines 2024-08-31" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["Label", "Amount", "Share"]
    assert Decimal(str(sheet["B3"].value)) == Decimal("285001.00")
    assert "#,##0.00" in sheet["B3"].number_format and "%" in sheet["C3"].number_format
    assert sheet["C3"].value == 12.5
    assert sheet["C4"].value is None and sheet["A4"].font.bold and not sheet["A3"].font.bold
    assert sheet["A5"].value == "A note"


@override_settings(TEMPLATES=TEMPLATES)
def test_html_and_pdf_come_from_the_same_template(kind):
    html = reports.report_render(kind, DATA, "html").decode()
    assert "Samhällskontraktet rubrik" in html and "Följeforskning: 28500100" in html and "standalone" in html
    pdf = reports.report_render(kind, DATA, "pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Samhällskontraktet rubrik" in text and "Följeforskning: 28500100" in text


def test_response_names_the_download(kind):
    response = reports.report_response(kind, DATA, "json")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="test-2024-08-31.json"'
    named = reports.report_response(kind, DATA, "xlsx", filename="own-name")
    assert named["Content-Disposition"] == 'attachment; filename="own-name.xlsx"'


def test_xlsx_tables_of_one_name_share_a_worksheet_and_whole_kronor_have_no_decimals():
    sheets = (
        Sheet("förslag", "Förslaget", (Column(""), Column("")), (("Datum", date(2023, 11, 30)),), header=False),
        Sheet("förslag", "Summor", (Column("Rad"), Column("Belopp", "money")), (("Summa", 127_200_000),)),
    )
    workbook = load_workbook(BytesIO(reports.xlsx_bytes(sheets)))
    assert workbook.sheetnames == ["förslag"]
    sheet = workbook["förslag"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Förslaget" and rows[1] == ["Datum", datetime(2023, 11, 30)]
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert rows[2] == [None, None] and rows[3][0] == "Summor" and rows[4] == ["Rad", "Belopp"]
    assert rows[5] == ["Summa", 1_272_000] and sheet["B6"].number_format == SEK_FORMAT


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("https://example.org","Klicka")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_looks_like_a_formula_stays_text_in_a_workbook(text):
    sheet = Sheet(
        name="Blad",
        title=text,
        columns=(Column(text, "text"), Column("Belopp", "money")),
        rows=((text, 100),),
        note=text,
    )
    cells = [c for row in load_workbook(BytesIO(xlsx_bytes([sheet]))).active.iter_rows() for c in row if c.value]
    texts = [c for c in cells if c.value == text]
    assert len(texts) == 4  # title, header, cell, note
    assert {(c.data_type, c.quotePrefix) for c in texts} == {("s", True)}
    money = next(c for c in cells if c.value == 1)
    assert (money.data_type, money.quotePrefix) == ("n", False)


def test_a_pdf_is_tagged_for_accessibility_in_swedish(client_as, shk):
    """Documents a public body publishes must be accessible: the PDFs are tagged (PDF/UA-1), with
    a structure tree and the document's language."""
    import pypdf

    response = client_as("ekonomi").get("/shk/ekonomi/bilaga/?per=2024-08-31&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    root = pypdf.PdfReader(BytesIO(response.content)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root


@pytest.mark.parametrize(
    "title,taken,expected",
    [
        ("Budgetuppföljning 2024", [], "Budgetuppföljning 2024"),
        ("Pilotprojekt och seed money 2024", [], "Pilotprojekt och seed money"),
        ("Specifikation utfall 2024 t.o.m. augusti", [], "Specifikation utfall 2024"),
        ("Budget: 2024/2025 [prel]", [], "Budget 2024 2025 prel"),
        ("Avstämning", ["avstämning"], "Avstämning 2"),
        ("", [], "Blad"),
        ("x" * 40, [], "x" * 31),
    ],
)
def test_a_sheet_is_named_by_its_title_within_excel_s_rules(title, taken, expected):
    assert reports.sheet_name(title, taken) == expected
