"""Registering documents: formats, diary numbers, versions, downloads, atomic imports of bad files."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.archive.extract import FileRejected, file_extract
from samsyn.archive.models import DiarySeries, Document, DocumentVersion

pytestmark = pytest.mark.django_db


def pdf_with_text(text="Självständiga äldre i Västerås") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_with_text(text="Testbädden i Skultuna") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text())))
    writer.encrypt("hemligt")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("a.txt", "Äldre i Västerås".encode(), "Äldre i Västerås"),
        ("a.txt", "Äldre".encode("cp1252"), "Äldre"),
        ("a.md", b"# Rubrik\n\nText", "# Rubrik\n\nText"),
        (
            "a.html",
            b"<html><head><title>x</title><style>p{}</style></head><body><p>Hej &amp; v&auml;lkommen</p><script>x()</script></body></html>",
            "Hej & välkommen",
        ),
        ("a.html", b"<h1>Rubrik</h1>Text<ul><li>ett</li><li>tv\xc3\xa5</li></ul>", "Rubrik\nText\n\nett\n\ntvå"),
        ("a.html", b"<table><tr><th>Namn</th><td>Skultuna</td></tr></table>", "Namn\tSkultuna"),
        ("a.html", b"a<br>b<!-- dold -->c<noscript>n</noscript><template>t</template>", "a\nbc"),
        ("a.htm", "<p>Äldre</p><p>i Västerås</p>".encode("cp1252"), "Äldre\n\ni Västerås"),
        ("a.html", b'<?xml version="1.0" encoding="utf-8"?><html><body>x</body></html>', "x"),
        ("a.html", b"<div>" * 300 + b"djupt", "djupt"),
        ("a.html", b"<!-- bara en kommentar -->", ""),
        ("a.html", b" \n ", ""),
    ],
)
def test_text_formats(name, data, expected):
    assert file_extract(name, data).text == expected


def test_pdf_and_docx_text():
    assert "Självständiga äldre" in file_extract("a.pdf", pdf_with_text()).text
    assert file_extract("a.docx", docx_with_text()).text == "Testbädden i Skultuna"


@pytest.mark.parametrize(
    "name,make,message",
    [
        ("trasig.pdf", lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage", "trasig.pdf"),
        ("inte.pdf", lambda: b"hello", "inte.pdf"),
        ("krypterad.pdf", encrypted_pdf, "krypterad.pdf"),
        ("program.exe", lambda: b"MZ\x90\x00", "program.exe"),
        ("trasig.docx", lambda: b"PK\x03\x04 not really", "trasig.docx"),
        ("tom.txt", lambda: b"", "tom.txt"),
        ("binär.txt", lambda: b"\x00\x01\x02", "binär.txt"),
    ],
)
def test_bad_files_are_rejected_with_their_name(name, make, message):
    with pytest.raises(FileRejected) as exc:
        file_extract(name, make())
    assert message in exc.value.messages[0]


def test_encrypted_pdf_says_so():
    with pytest.raises(
        FileRejected, match=r"PDF-filen är lösenordsskyddad\. Ta bort lösenordet och ladda upp den igen\."
    ):
        file_extract("k.pdf", encrypted_pdf())


def test_oversize_file(settings):
    settings.SAMSYN_ARCHIVE_MAX_BYTES = 1000
    with pytest.raises(FileRejected) as exc:
        file_extract("stor.txt", b"a" * 1001)
    assert "stor.txt: filen är" in exc.value.messages[0]


def test_diary_numbers_run_per_partnership_and_year(shk, register):
    first = register("a.txt", "Ett", on=date(2030, 1, 2))
    second = register("b.txt", "Två", on=date(2030, 5, 6))
    other_year = register("c.txt", "Tre", on=date(2031, 1, 2))
    assert (first.number, second.number, other_year.number) == (1, 2, 1)
    assert (first.diary_number, second.diary_number, other_year.diary_number) == (
        "SHK 2030/1",
        "SHK 2030/2",
        "SHK 2031/1",
    )
    assert first.series.prefix == "SHK" and DiarySeries.objects.filter(partnership=shk, year=2030).count() == 1


def test_import_command_registers_every_format(shk, tmp_path):
    files = {
        "plan.pdf": pdf_with_text(),
        "anteckning.docx": docx_with_text(),
        "a.txt": b"Text",
        "b.md": b"# Markdown",
        "c.html": b"<p>HTML</p>",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = Document.objects.filter(partnership=shk).count()
    out = io.StringIO()
    call_command(
        "import",
        "documents",
        *[str(tmp_path / n) for n in files],
        "--partnership",
        "shk",
        "--kind",
        "report",
        "--date",
        "2026-03-04",
        stdout=out,
    )
    docs = Document.objects.filter(partnership=shk).order_by("-pk")[: len(files)]
    assert Document.objects.filter(partnership=shk).count() == before + len(files)
    assert {d.kind for d in docs} == {"report"} and {d.date for d in docs} == {date(2026, 3, 4)}
    assert all(d.diary_number.startswith("SHK 2026/") for d in docs)
    version = DocumentVersion.objects.get(document__partnership=shk, filename="plan.pdf")
    assert bytes(version.content) == files["plan.pdf"] and version.size == len(files["plan.pdf"])
    assert "SHK 2026/" in out.getvalue()


@pytest.mark.parametrize(
    "bad_name,bad_data",
    [
        ("trasig.pdf", b"%PDF-1.7 broken"),
        ("krypterad.pdf", None),
        ("program.exe", b"MZ"),
        ("stor.txt", b"x" * 2048),
    ],
)
def test_import_is_all_or_nothing(shk, tmp_path, settings, bad_name, bad_data):
    settings.SAMSYN_ARCHIVE_MAX_BYTES = 1024
    (tmp_path / "bra.txt").write_text("En bra fil")
    (tmp_path / bad_name).write_bytes(bad_data if bad_data is not None else encrypted_pdf())
    counts = (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        list(DiarySeries.objects.values_list("pk", "last_number")),
    )
    with pytest.raises(CommandError) as exc:
        call_command("import", "documents", str(tmp_path / "bra.txt"), str(tmp_path / bad_name), "--partnership", "shk")
    assert bad_name in str(exc.value)
    assert counts == (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        list(DiarySeries.objects.values_list("pk", "last_number")),
    )


def test_upload_in_the_ui_then_a_new_version_and_download(client_as, shk):
    client = client_as("processledare")
    response = client.post(
        "/shk/arkiv/handlingar/ny/",
        {
            "file": SimpleUploadedFile("rapport.txt", "Första versionen om Skultuna".encode()),
            "title": "Rapport",
            "kind": "report",
            "date": "2024-06-01",
            "access": "internal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = Document.objects.get(partnership=shk, title="Rapport")
    assert doc.diary_number.startswith("SHK 2024/")
    response = client.post(
        f"/shk/arkiv/handlingar/{doc.pk}/ny-version/",
        {"file": SimpleUploadedFile("rapport-v2.txt", b"Andra versionen om Kvicksund")},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert "Kvicksund" in doc.text and doc.versions.count() == 2
    first = client.get(f"/shk/arkiv/handlingar/{doc.pk}/version/1/")
    assert first.status_code == 200 and first.content == "Första versionen om Skultuna".encode()
    assert "rapport.txt" in first["Content-Disposition"]
    page = client.get(f"/shk/arkiv/handlingar/{doc.pk}/").content.decode()
    assert "rapport-v2.txt" in page and "rapport.txt" in page


def test_bad_upload_shows_an_error_and_saves_nothing(client_as, shk):
    before = Document.objects.count()
    response = client_as("processledare").post(
        "/shk/arkiv/handlingar/ny/",
        {
            "file": SimpleUploadedFile("program.exe", b"MZ"),
            "title": "X",
            "kind": "other",
            "date": "2024-06-01",
            "access": "internal",
        },
    )
    assert response.status_code == 200 and "program.exe" in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert Document.objects.count() == before


def test_restricted_needs_roles_and_hides_from_others(client_as, shk, register):
    response = client_as("processledare").post(
        "/shk/arkiv/handlingar/ny/",
        {
            "file": SimpleUploadedFile("h.txt", b"hemligt"),
            "title": "H",
            "kind": "other",
            "date": "2024-06-01",
            "access": "restricted",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["roles"]
    doc = register("styrelsen.txt", "Bara för styrelsen", access="restricted", roles=["board_member", "board_chair"])
    assert client_as("lasare").get(f"/shk/arkiv/handlingar/{doc.pk}/").status_code == 404
    assert client_as("lasare").get(f"/shk/arkiv/handlingar/{doc.pk}/version/1/").status_code == 404
    assert client_as("styrelse").get(f"/shk/arkiv/handlingar/{doc.pk}/").status_code == 200


def test_reader_may_not_upload(client_as):
    assert client_as("lasare").get("/shk/arkiv/handlingar/ny/").status_code == 403


def test_the_seeds_are_in_the_demo_archive(shk):
    seeds = {
        d.versions.get(number=1).filename: d
        for d in Document.objects.filter(partnership=shk).prefetch_related("versions")
    }
    expected = {
        "Verksamhetsplan 2025.md": ("plan", date(2025, 1, 1)),
        "Protokoll styrelsemöte 2023-11-30 med bilagor.md": ("minutes", date(2023, 11, 30)),
        "Avtal 2022–2025 med bilagor 1–3.md": ("agreement", date(2022, 1, 1)),
        "Årsrapport 2023.md": ("report", date(2023, 12, 31)),
        "Protokoll styrelsemöte 2024-09-19 med bilagor.md": ("minutes", date(2024, 9, 19)),
    }
    for filename, (kind, on) in expected.items():
        assert (seeds[filename].kind, seeds[filename].date) == (kind, on)
        assert seeds[filename].diary_number.startswith(f"SHK {on.year}/")
    assert "Vasteras" in seeds["Årsrapport 2023.md"].text
