"""Writes to the archive: diary numbers, documents and their versions, with audit and index."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from samsyn.core import policy
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from . import indexing
from .extract import Extracted, FileRejected, file_extract
from .models import AccessLevel, DiarySeries, Document, DocumentVersion


def diary_prefix(partnership: Partnership) -> str:
    return (partnership.short_name or partnership.slug).upper()


@transaction.atomic
def diary_number_allocate(partnership: Partnership, year: int, prefix: str | None = None) -> tuple[DiarySeries, int]:
    """The next number of the partnership's series for `year`, e.g. (SHK 2024, 17) -> "SHK 2024/17".

    The increment is one UPDATE ... SET last_number = last_number + 1: PostgreSQL holds the row
    lock and SQLite the database write lock until the transaction ends, so two registrations never
    get the same number (and the unique constraint on (series, number) guards it besides).
    """
    prefix = prefix or diary_prefix(partnership)
    series = DiarySeries.objects.filter(partnership=partnership, prefix=prefix, year=year).first()
    if series is None:
        try:
            with transaction.atomic():
                series = DiarySeries.objects.create(partnership=partnership, prefix=prefix, year=year)
        except IntegrityError:  # created meanwhile by a concurrent registration
            series = DiarySeries.objects.get(partnership=partnership, prefix=prefix, year=year)
    DiarySeries.objects.filter(pk=series.pk).update(last_number=F("last_number") + 1)
    series.refresh_from_db(fields=["last_number"])
    return series, series.last_number


def diary_number_format(series: DiarySeries, number: int) -> str:
    return f"{series.prefix} {series.year}/{number}"


@dataclass(frozen=True)
class Upload:
    """A checked file: its bytes and what file_extract found."""

    data: bytes
    extracted: Extracted

    @classmethod
    def check(cls, filename: str, data: bytes) -> Upload:
        return cls(data=data, extracted=file_extract(filename, data))


def _version_create(document: Document, upload: Upload, user: AnyUser, number: int) -> DocumentVersion:
    return DocumentVersion.objects.create(
        partnership_id=document.partnership_id,
        document=document,
        number=number,
        filename=upload.extracted.filename,
        content_type=upload.extracted.content_type,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        content=upload.data,
        text=upload.extracted.text,
        uploaded_by=user if isinstance(user, User) else None,
    )


def document_snapshot(doc: Document) -> dict[str, Any]:
    return {
        "diary_number": doc.diary_number,
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date.isoformat(),
        "access": doc.access,
        "roles": sorted(doc.roles or []),
        "initiatives": sorted(i.pk for i in doc.initiatives.all()),
        "meetings": sorted(m.pk for m in doc.meetings.all()),
        "versions": [(v.number, v.filename, v.sha256) for v in doc.versions.order_by("number")],
    }


def _check_access(access: str, roles: Iterable[str]) -> None:
    if access == AccessLevel.RESTRICTED and not roles:
        raise ValidationError({"roles": "Name at least one role for a restricted document."})


@transaction.atomic
def document_register(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    upload: Upload,
    kind: str,
    title: str,
    date: Date,
    access: str = AccessLevel.INTERNAL,
    roles: Iterable[str] = (),
    initiatives: Iterable[Initiative] = (),
    meetings: Iterable[Any] = (),  # governance's meetings (above the archive, so not named here)
    prefix: str | None = None,
    check: bool = True,
) -> Document:
    """Register (diarieför) a document: a diary number, version 1 with the original bytes, the index."""
    if check and not policy.allows(actor, "document.add"):
        raise PermissionDenied("document.add")
    _check_access(access, roles)
    series, number = diary_number_allocate(partnership, date.year, prefix)
    doc = Document.objects.create(
        partnership=partnership,
        series=series,
        number=number,
        diary_number=diary_number_format(series, number),
        kind=kind,
        title=title or upload.extracted.filename,
        date=date,
        access=access,
        roles=sorted(roles) if access == AccessLevel.RESTRICTED else [],
        text=upload.extracted.text,
        registered_by=user if isinstance(user, User) else None,
    )
    doc.initiatives.set(initiatives)
    doc.meetings.set(meetings)
    _version_create(doc, upload, user, 1)
    indexing.object_index(doc)
    audit_record(
        partnership=partnership, user=user, action="document.add", obj=doc, before=None, after=document_snapshot(doc)
    )
    return doc


@transaction.atomic
def document_version_add(
    *, actor: Actor | None, user: AnyUser, document: Document, upload: Upload, check: bool = True
) -> DocumentVersion:
    """A new version: the text of the document becomes the new file's; older versions stay downloadable."""
    if check and not policy.can(actor, "document.change", document):
        raise PermissionDenied("document.change")
    before = document_snapshot(document)
    latest = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = _version_create(document, upload, user, latest + 1)
    document.text = upload.extracted.text
    document.save(update_fields=["text"])
    indexing.object_index(document)
    audit_record(
        partnership=document.partnership,
        user=user,
        action="document.change",
        obj=document,
        before=before,
        after=document_snapshot(document),
    )
    return version


@transaction.atomic
def document_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    document: Document,
    kind: str,
    title: str,
    date: Date,
    access: str,
    roles: Iterable[str] = (),
    initiatives: Iterable[Initiative] = (),
    meetings: Iterable[Any] = (),  # governance's meetings (above the archive, so not named here)
) -> Document:
    """Change what is recorded about a document; its diary number never changes."""
    if not policy.can(actor, "document.change", document):
        raise PermissionDenied("document.change")
    _check_access(access, roles)
    before = document_snapshot(document)
    document.kind, document.title, document.date, document.access = kind, title, date, access
    document.roles = sorted(roles) if access == AccessLevel.RESTRICTED else []
    document.save()
    document.initiatives.set(initiatives)
    document.meetings.set(meetings)
    indexing.object_index(document)
    audit_record(
        partnership=document.partnership,
        user=user,
        action="document.change",
        obj=document,
        before=before,
        after=document_snapshot(document),
    )
    return document


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


def title_from(upload: Upload) -> str:
    """The first non-empty line of the text (up to 200 characters), else the file name."""
    for line in upload.extracted.text.splitlines():
        line = line.strip(" #*\t")
        if line:
            return line[:200]
    return upload.extracted.filename


@transaction.atomic
def documents_import(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    files: Iterable[tuple[str, bytes]],
    kind: str,
    date: Date,
    access: str = AccessLevel.INTERNAL,
    roles: Iterable[str] = (),
    titles: Mapping[str, str] | None = None,
    check: bool = True,
) -> list[Document]:
    """Register several files at once: all are checked first, then saved in one transaction."""
    uploads = uploads_check(files)
    titles = titles or {}
    return [
        document_register(
            actor=actor,
            user=user,
            partnership=partnership,
            upload=u,
            kind=kind,
            date=date,
            access=access,
            roles=roles,
            title=titles.get(u.extracted.filename) or title_from(u),
            check=check,
        )
        for u in uploads
    ]
