"""Pure rules of the archive: diary numbers and titles, no database."""

from __future__ import annotations

from samsyn.core.models import Partnership

from .extract import Upload


def diary_prefix(partnership: Partnership) -> str:
    return (partnership.short_name or partnership.slug).upper()


def diary_number_format(prefix: str, year: int, number: int) -> str:
    """ "SHK", 2024, 17 -> "SHK 2024/17"."""
    return f"{prefix} {year}/{number}"


def title_from(upload: Upload) -> str:
    """The first non-empty line of the text (up to 200 characters), else the file name."""
    for line in upload.extracted.text.splitlines():
        line = line.strip(" #*\t")
        if line:
            return line[:200]
    return upload.extracted.filename
