"""Checking an uploaded file and extracting its text: PDF (pypdf), DOCX (python-docx), TXT,
Markdown and HTML (lxml).

`file_extract(filename, data)` returns an Extracted or raises FileRejected with a message that
names the file and the reason; `Upload.check` keeps the bytes with it. Nothing here touches the database.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import docx
import lxml.html
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from samsyn.core.lib.numbers import format_number
from samsyn.core.lib.packages import PackageLimits, PackageRejected, package_check

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
# A document's text is kept for search and shown in part; two million characters is a book of
# about a thousand pages. More is refused rather than cut, so that what is stored is the whole text.
DEFAULT_MAX_TEXT_CHARS = 2_000_000
DOCX_LIMITS = PackageLimits()

# extension -> content type
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}


def max_bytes() -> int:
    return getattr(settings, "SAMSYN_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_text_chars() -> int:
    return getattr(settings, "SAMSYN_ARCHIVE_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)


def _too_much_text(filename: str) -> FileRejected:
    return FileRejected(
        _("%(file)s: the file holds more than %(limit)s characters of text; split it into smaller files.")
        % {"file": filename, "limit": format_number(max_text_chars())}
    )


class FileRejected(ValidationError):
    pass


def _megabytes(size: int) -> str:
    return format_number(Decimal(size) / (1024 * 1024), decimals=1)


def too_large(filename: str, size: int) -> FileRejected:
    """The refusal of a file above max_bytes(): its size and the limit in megabytes, written the
    Swedish way ("12,4 MB")."""
    return FileRejected(
        _("%(file)s: the file is %(size)s MB; the limit is %(limit)s MB.")
        % {"file": filename, "size": _megabytes(size), "limit": _megabytes(max_bytes())}
    )


@dataclass(frozen=True)
class Extracted:
    filename: str
    content_type: str
    text: str


@dataclass(frozen=True)
class Upload:
    """A checked file: its bytes and what file_extract found."""

    data: bytes
    extracted: Extracted

    @classmethod
    def check(cls, filename: str, data: bytes) -> Upload:
        return cls(data=data, extracted=file_extract(filename, data))


def uploads_check(files: Iterable[tuple[str, bytes]]) -> list[Upload]:
    """Check every (filename, bytes) before anything is saved; one error names every bad file."""
    uploads: list[Upload] = []
    errors: list[str] = []
    for filename, data in files:
        try:
            uploads.append(Upload.check(filename, data))
        except FileRejected as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return uploads


# Elements whose content is not text a reader sees.
HTML_SKIP = ("script", "style", "head", "template", "noscript")
# Elements that start a new line, so that words of two paragraphs or cells never run together.
HTML_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
    }
)


# Table cells end with a tab, as the cells of a Word table do.
HTML_CELL = frozenset({"td", "th"})
# Decoded text goes back to lxml as UTF-8 bytes: it refuses text with an XML declaration. huge_tree,
# because libxml2 otherwise drops whatever lies deeper than 256 elements; max_bytes() bounds the input.
_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)


def _html_text(filename: str, data: bytes) -> str:
    text = _decode(filename, data)
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_HTML_PARSER)
    except lxml.etree.ParserError:  # a document of nothing but comments or whitespace
        return ""
    for element in root.xpath("|".join(f"//{tag}" for tag in HTML_SKIP) + "|//comment()|//processing-instruction()"):
        if element.getparent() is not None:  # a declaration before <html> is outside the walk anyway
            element.drop_tree()
    parts = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            parts.append("\n" if element.tag in HTML_BLOCK else "")
            parts.append(element.text or "")
        else:
            parts.append("\t" if element.tag in HTML_CELL else "\n" if element.tag in HTML_BLOCK - {"br"} else "")
            parts.append(element.tail or "")
    return "".join(parts)


def _decode(filename: str, data: bytes) -> str:
    if b"\x00" in data:
        raise FileRejected(_("%(file)s: this is not a text file.") % {"file": filename})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("%(file)s: the text encoding could not be read.") % {"file": filename})


def _pdf_text(filename: str, data: bytes) -> str:
    if not data.startswith(b"%PDF-"):
        raise FileRejected(_("%(file)s: the file is not a valid PDF.") % {"file": filename})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRejected(_("%(file)s: the PDF is encrypted; upload it without a password.") % {"file": filename})
        # Page by page, so that a file with too much text is refused as soon as it passes the limit.
        pages, length = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            length += len(text) + 1
            if length > max_text_chars():
                raise _too_much_text(filename)
            pages.append(text)
        return "\n".join(pages)
    except FileRejected:
        raise
    # NotImplementedError: a compression filter pypdf does not know; LimitReachedError: a font's
    # character map past the reader's bounds; AssertionError: pypdf asserts what a damaged object
    # stream breaks (its /Type is not /ObjStm). The reader's own words are in
    # English and say nothing a person can act on: the message names the file only.
    except (
        PyPdfError,  # every error of the reader's own, a damaged file or a limit it reached
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        NotImplementedError,
        RecursionError,
        AssertionError,
    ) as exc:
        raise FileRejected(_("%(file)s: the PDF is damaged and cannot be read.") % {"file": filename}) from exc


def _docx_text(filename: str, data: bytes) -> str:
    try:
        package_check(data, DOCX_LIMITS)
    except PackageRejected as exc:
        if exc.damaged:
            raise FileRejected(_("%(file)s: the file is not a valid Word document.") % {"file": filename}) from None
        raise FileRejected(f"{filename}: {exc.message}") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise FileRejected(
            _("%(file)s: the Word document is damaged and cannot be read.") % {"file": filename}
        ) from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def file_extract(filename: str, data: bytes) -> Extracted:
    name = os.path.basename(filename)
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_TYPES:
        raise FileRejected(
            _("%(file)s: files of this type are not allowed (allowed: %(types)s).")
            % {"file": name, "types": ", ".join(sorted(ALLOWED_TYPES))}
        )
    if len(data) > max_bytes():
        raise too_large(name, len(data))
    if not data:
        raise FileRejected(_("%(file)s: the file is empty.") % {"file": name})
    if extension == ".pdf":
        text = _pdf_text(name, data)
    elif extension == ".docx":
        text = _docx_text(name, data)
    elif extension in (".html", ".htm"):
        text = _html_text(name, data)
    else:
        text = _decode(name, data)
    if len(text) > max_text_chars():
        raise _too_much_text(name)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    return Extracted(filename=name, content_type=ALLOWED_TYPES[extension], text=text)
