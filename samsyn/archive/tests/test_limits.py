"""Uploads are bounded while they are read: a Word bomb, too much text, and random bytes are
refused with a Swedish message naming the file, and nothing of a refused file is stored."""

import functools
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from samsyn.archive.extract import ALLOWED_TYPES, FileRejected, file_extract
from samsyn.archive.models import Document, DocumentVersion
from samsyn.archive.tests.test_documents import docx_with_text, pdf_with_text

MB = 1024 * 1024


@functools.cache
def word_bomb(unpacked=200 * MB) -> bytes:
    """A real Word document with a part of `unpacked` zero bytes added, in about 200 KB: the
    attack's file. Built once, since compressing it takes a second or two."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_with_text())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("word/padding.xml", "w") as part:
            for _ in range(unpacked // MB):
                part.write(b"\0" * MB)
    return buffer.getvalue()


def test_a_word_bomb_is_refused_in_swedish():
    bomb = word_bomb()
    assert len(bomb) < 400_000
    with pytest.raises(FileRejected) as error:
        file_extract("bomb.docx", bomb)
    assert error.value.messages == [
        "bomb.docx: Filen packas upp till mer än 10 MB i en del; den kan inte läsas säkert."
    ]


def test_an_uploaded_bomb_leaves_nothing_behind(client_as, shk):
    counts = (Document.objects.count(), DocumentVersion.objects.count())
    response = client_as("processledare").post(
        "/shk/arkiv/handlingar/ny/",
        {
            "file": SimpleUploadedFile("bomb.docx", word_bomb()),
            "title": "Bomb",
            "kind": "other",
            "date": "2024-06-01",
            "access": "internal",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "bomb.docx: Filen packas upp till mer än 10 MB i en del" in page
    assert (Document.objects.count(), DocumentVersion.objects.count()) == counts


@pytest.mark.parametrize(
    "name,data",
    [
        ("lång.txt", "ord " * 30),
        ("lång.md", "# Rubrik\n" + "ord " * 30),
        ("lång.html", "<p>" + "ord " * 30 + "</p>"),
    ],
)
def test_too_much_text_is_refused_rather_than_cut(settings, name, data):
    settings.SAMSYN_ARCHIVE_MAX_TEXT_CHARS = 100
    with pytest.raises(FileRejected) as error:
        file_extract(name, data.encode())
    assert error.value.messages == [f"{name}: filen innehåller mer än 100 tecken text; dela upp den i mindre filer."]
    settings.SAMSYN_ARCHIVE_MAX_TEXT_CHARS = 200
    assert file_extract(name, data.encode()).text.startswith(("ord", "# Rubrik", "\nord"))


def test_a_pdf_with_too_much_text_is_refused_page_by_page(settings):
    data = pdf_with_text("ord " * 40)
    settings.SAMSYN_ARCHIVE_MAX_TEXT_CHARS = 50
    with pytest.raises(FileRejected) as error:
        file_extract("lång.pdf", data)
    assert error.value.messages[0].startswith("lång.pdf: filen innehåller mer än 50 tecken text")


# Random bytes and damaged real files, under every allowed extension: the reader either gives
# text or refuses with a message naming the file; no other exception escapes.
SAMPLES = {".pdf": pdf_with_text(), ".docx": docx_with_text()}


def damaged(sample: bytes, cuts: list[tuple[int, int]]) -> bytes:
    data = bytearray(sample)
    for position, value in cuts:
        if data:
            data[position % len(data)] = value
    return bytes(data)


@examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extension=st.sampled_from(sorted(ALLOWED_TYPES)),
    data=st.one_of(
        st.binary(max_size=2000),
        st.builds(
            damaged,
            st.sampled_from(list(SAMPLES.values())),
            st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8),
        ),
        st.builds(lambda n: SAMPLES[".docx"][:n], st.integers(0, len(SAMPLES[".docx"]))),
    ),
)
# A compression filter pypdf does not know (one byte of "FlateDecode" changed) raises NotImplementedError.
@example(extension=".pdf", data=SAMPLES[".pdf"].replace(b"/FlateDecode", b"/\x00lateDecode"))
# An object stream whose /Type is damaged: pypdf asserts it is /ObjStm.
@example(extension=".pdf", data=SAMPLES[".pdf"].replace(b"/ObjStm", b"/\x00bjStm", 1))
def test_any_bytes_give_text_or_a_named_refusal(extension, data):
    name = f"fil{extension}"
    try:
        extracted = file_extract(name, data)
    except FileRejected as error:
        assert error.messages[0].startswith(f"{name}: ")
    else:
        assert isinstance(extracted.text, str)
