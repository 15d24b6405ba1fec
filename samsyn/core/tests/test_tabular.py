"""The one reader of imported tables (CSV and XLSX): table tests, no database."""

import io
import zipfile
from datetime import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from samsyn.core.lib.tabular import TableError, csv_delimiter, csv_table, table_read


@pytest.fixture(autouse=True)
def swedish():
    # The messages reach people in Swedish; another test may have left English active.
    with translation.override("sv"):
        yield


def workbook_bytes(*rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "first_line,delimiter",
    [
        ("kpi;period;value", ";"),
        ("cost_line,date,category,amount", ","),
        ("kpi\tperiod\tvalue", "\t"),
        ("kpi", ","),
        ("", ","),
        ("a;b,c;d", ";"),
    ],
)
def test_csv_delimiter(first_line, delimiter):
    assert csv_delimiter(first_line) == delimiter


@pytest.mark.parametrize(
    "text",
    [
        "kpi;period;value\na;2023;62,5\n\nb;2024;3\n",
        'kpi,period,value\na,2023,"62,5"\n\nb,2024,3\n',
        "kpi\tperiod\tvalue\r\na\t2023\t62,5\r\n\r\nb\t2024\t3\r\n",
    ],
)
def test_csv_rows_are_numbered_from_the_header(text):
    table = csv_table(text)
    assert table.header == ("kpi", "period", "value")
    assert table.rows == ((2, ("a", "2023", "62,5")), (3, ()), (4, ("b", "2024", "3")))


def test_empty_csv_has_no_header():
    table = table_read("a.csv", b"")
    assert (table.header, table.rows) == ((), ())


def test_utf8_with_byte_order_mark_and_index():
    table = table_read("a.csv", "\ufeffCost_Line;Datum\nFöljeforskning;2024-01-01\n".encode())
    assert table.header == ("Cost_Line", "Datum")
    assert table.index(("cost_line", "amount"), normalise=str.lower) == {"cost_line": 0}


def test_xlsx_keeps_cell_types_and_empty_cells():
    content = workbook_bytes(["kpi", "period", "value"], ["a", datetime(2023, 1, 1), 62.5], ["b", None, 3])
    table = table_read("m.XLSX", content)
    assert table.header == ("kpi", "period", "value")
    assert table.rows == ((2, ("a", datetime(2023, 1, 1), 62.5)), (3, ("b", "", 3)))


@pytest.mark.parametrize(
    "filename,content,message",
    [
        ("a.pdf", b"%PDF", "Ladda upp en CSV- eller XLSX-fil."),
        ("a.csv", b"\xff\xfe\x00bad", "Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen."),
        ("a.csv", b"x" * 1001, "Filen är större än 0,001 MB."),
        (
            "a.xlsx",
            b"kpi;period;value\n",
            "Filen kunde inte läsas som en Excel-arbetsbok. Öppna den i Excel, spara den som .xlsx och försök igen.",
        ),
        (
            "a.xlsx",
            b"",
            "Filen kunde inte läsas som en Excel-arbetsbok. Öppna den i Excel, spara den som .xlsx och försök igen.",
        ),
    ],
)
def test_unreadable_files_say_why_in_swedish(filename, content, message):
    with pytest.raises(TableError) as error:
        table_read(filename, content, max_bytes=1000)
    assert str(error.value) == message
    assert (error.value.row, error.value.column) == (None, None)


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(TableError) as error:
        table_read("a.xlsx", buffer.getvalue())
    assert str(error.value) == (
        "Filen kunde inte läsas som en Excel-arbetsbok. Öppna den i Excel, spara den som .xlsx och försök igen."
    )


@pytest.mark.parametrize(
    "filename,content",
    [
        ("a.csv", b"h\n1\n2\n3\n"),
        ("a.xlsx", workbook_bytes(["h"], [1], [2], [3])),
    ],
)
def test_row_limit_is_checked_while_reading(filename, content):
    assert len(table_read(filename, content, max_rows=3).rows) == 3
    with pytest.raises(TableError) as error:
        table_read(filename, content, max_rows=2)
    assert str(error.value) == "Filen har fler än 2 rader."


def test_row_limit_is_written_the_swedish_way():
    with pytest.raises(TableError) as error:
        table_read("a.csv", b"h\n" + b"1\n" * 3, max_rows=2)
    assert error.value.message == "Filen har fler än 2 rader."
    content = b"h\n" + b"1\n" * 50_001
    with pytest.raises(TableError) as error:
        table_read("a.csv", content)
    assert str(error.value) == "Filen har fler än 50\xa0000 rader."


def test_csv_error_names_the_row():
    with pytest.raises(TableError) as error:
        csv_table("a\nok\n" + "x" * 200_000 + "\n")
    assert error.value.row == 3 and str(error.value).startswith("Rad 3: ")


@pytest.mark.parametrize(
    "row,column,text",
    [
        (3, "value", "Rad 3, kolumn value: inte ett tal"),
        (3, None, "Rad 3: inte ett tal"),
        (None, None, "inte ett tal"),
    ],
)
def test_one_error_format(row, column, text):
    error = TableError("inte ett tal", row=row, column=column)
    assert (str(error), error.row, error.column, error.message) == (text, row, column, "inte ett tal")


def test_a_sheet_that_unpacks_past_its_limit_is_refused_before_it_is_read():
    # One sheet of 12 MB of XML in a few kilobytes: refused from the zip's directory, not row by row.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2_000_000)
    with pytest.raises(TableError) as error:
        table_read("a.xlsx", buffer.getvalue())
    assert str(error.value) == "Filen packas upp till mer än 10 MB i en del; den kan inte läsas säkert."


WORKBOOK = workbook_bytes(["konto", "belopp"], ["4010", 1250], ["5010", -300])


def _damaged(cuts: list[tuple[int, int]]) -> bytes:
    data = bytearray(WORKBOOK)
    for position, value in cuts:
        data[position % len(data)] = value
    return bytes(data)


@settings(max_examples=80, deadline=None)
@given(
    filename=st.sampled_from(["a.csv", "a.txt", "a.xlsx", "a.pdf"]),
    content=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=500).map(str.encode),
        st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=6).map(_damaged),
        st.integers(0, len(WORKBOOK)).map(lambda n: WORKBOOK[:n]),
    ),
)
def test_any_bytes_give_a_table_or_a_table_error(filename, content):
    # Every reader's failure is a TableError with a message; nothing else escapes to the import.
    try:
        table = table_read(filename, content, max_rows=100)
    except TableError as error:
        assert str(error)
    else:
        assert all(number >= 2 for number, _cells in table.rows)
