"""Bounds on zip packages (Word and Excel files) before a library parses them.

A .docx or .xlsx is a zip of XML parts, and a part of a few hundred kilobytes can unpack to
gigabytes. python-docx and openpyxl trust the package, so `package_check` looks at it first, from
its directory alone: how many parts, how large each says it is unpacked, and how large all are
together. The sizes a zip declares are also the most zipfile will ever unpack (its reader stops
at the declared size and then checks the CRC), so a package that passes cannot unpack to more
than the limits, whatever its parts really hold. Nothing is decompressed here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_number

MB = 1024 * 1024


@dataclass(frozen=True)
class PackageLimits:
    max_parts: int = 1_000
    # One XML part becomes a tree in memory (about ten times its size in lxml), so it is bounded
    # more tightly than pictures and other parts, which are only carried along.
    max_xml_bytes: int = 10 * MB
    max_part_bytes: int = 50 * MB
    max_total_bytes: int = 100 * MB


class PackageRejected(ValueError):
    """The package is damaged or unpacks to more than its limits; the message says which, in words.
    `damaged` lets a caller say in its own words which kind of file it expected."""

    def __init__(self, message: str, *, damaged: bool = False):
        self.message, self.damaged = message, damaged
        super().__init__(message)


def _megabytes(size: int) -> str:
    return format_number((Decimal(size) / MB).quantize(Decimal("0.1")).normalize())


def package_check(data: bytes, limits: PackageLimits) -> None:
    """Raise PackageRejected unless `data` is a zip whose parts fit `limits`."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    # NotImplementedError: a damaged header claiming a zip version Python does not read.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise PackageRejected(
            _("The file is damaged: it cannot be opened as a Word or Excel file."), damaged=True
        ) from None
    package_parts_check(parts, limits)


def package_parts_check(parts: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    """Raise PackageRejected unless the parts, as a zip's directory declares them, fit `limits`."""
    if len(parts) > limits.max_parts:
        raise PackageRejected(
            _("The file holds %(count)s parts; at most %(limit)s are allowed.")
            % {"count": format_number(len(parts)), "limit": format_number(limits.max_parts)}
        )
    total = 0
    for part in parts:
        is_xml = part.filename.lower().endswith((".xml", ".rels"))
        limit = limits.max_xml_bytes if is_xml else limits.max_part_bytes
        if part.file_size > limit:
            raise PackageRejected(
                _("The file unpacks to more than %(limit)s MB in one part; it cannot be read safely.")
                % {"limit": _megabytes(limit)}
            )
        total += part.file_size
        if total > limits.max_total_bytes:
            raise PackageRejected(
                _("The file unpacks to more than %(limit)s MB in all; it cannot be read safely.")
                % {"limit": _megabytes(limits.max_total_bytes)}
            )
