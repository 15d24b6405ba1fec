"""Writes to the archive: diary numbers, documents and their versions, with policy, audit and signal.

Every public service is `<entity>_<action>`, takes keyword data (never a form), checks the policy
for its actor and records the audit entry in its transaction. The search index follows through
`samsyn.archive.signals.document_saved`, sent once a document and all its links are saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date as Date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.models import AuditEntry, Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from .extract import Upload, uploads_check
from .models import AccessLevel, DiarySeries, Document, DocumentVersion
from .rules import diary_number_format, diary_prefix, title_from
from .signals import document_saved


@transaction.atomic
def _diary_number_allocate(partnership: Partnership, year: int, prefix: str | None = None) -> tuple[DiarySeries, int]:
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


def _snapshot(doc: Document) -> dict[str, Any]:
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
        raise ValidationError({"roles": _("Name at least one role for a restricted document.")})


def _saved(document: Document) -> None:
    document_saved.send(sender=Document, document=document)


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
    meetings: Iterable[Any] = (),  # governance's meetings (governance is above the archive, so not named)
    prefix: str | None = None,
    check: bool = True,
) -> Document:
    """Register (diarieför) a document: a diary number, version 1 with the original bytes.

    `check=False` only where the caller has asked a rule of its own: the server's own loaders (the
    demo, `samsyn import documents`), whose operator acts with the server's rights, and a file
    uploaded as a meeting's attachment, which is under the meeting's rule."""
    if check:
        policy.require(actor, "document.add", Target(partnership_id=partnership.pk))
    _check_access(access, roles)
    series, number = _diary_number_allocate(partnership, date.year, prefix)
    doc = Document.objects.create(
        partnership=partnership,
        series=series,
        number=number,
        diary_number=diary_number_format(series.prefix, series.year, number),
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
    _saved(doc)
    audit_record(partnership=partnership, user=user, action="document.add", obj=doc, before=None, after=_snapshot(doc))
    return doc


@transaction.atomic
def document_version_add(*, actor: Actor | None, user: AnyUser, document: Document, upload: Upload) -> DocumentVersion:
    """A new version: the text of the document becomes the new file's; older versions stay downloadable."""
    policy.require(actor, "document.change", document)
    before = _snapshot(document)
    latest = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = _version_create(document, upload, user, latest + 1)
    document.text = upload.extracted.text
    document.save(update_fields=["text"])
    _saved(document)
    audit_record(
        partnership=document.partnership,
        user=user,
        action="document.change",
        obj=document,
        before=before,
        after=_snapshot(document),
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
    meetings: Iterable[Any] = (),  # governance's meetings (governance is above the archive, so not named)
) -> Document:
    """Change what is recorded about a document; its diary number never changes."""
    policy.require(actor, "document.change", document)
    _check_access(access, roles)
    before = _snapshot(document)
    document.kind, document.title, document.date, document.access = kind, title, date, access
    document.roles = sorted(roles) if access == AccessLevel.RESTRICTED else []
    document.save()
    document.initiatives.set(initiatives)
    document.meetings.set(meetings)
    _saved(document)
    audit_record(
        partnership=document.partnership,
        user=user,
        action="document.change",
        obj=document,
        before=before,
        after=_snapshot(document),
    )
    return document


@transaction.atomic
def document_import(
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
    """Register several files at once: all are checked first, then saved in one transaction.

    `check=False` as for document_register."""
    if check:
        policy.require(actor, "document.add", Target(partnership_id=partnership.pk))
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


def document_read_record(
    *, actor: Actor | None, user: AnyUser, document: Document, version: int | None = None
) -> AuditEntry | None:
    """A read of a restricted document, its page or one of its files (`version`), in the audit history.

    The entry names the document by its diary number and not by its title: those who read the
    history need not hold a role the document is restricted to. Other documents' reads are not
    recorded."""
    policy.require(actor, "document.view", document)
    if document.access != AccessLevel.RESTRICTED:
        return None
    after: dict[str, Any] = {"diary_number": document.diary_number}
    if version is not None:
        after["version"] = version
    return audit_record(partnership=document.partnership, user=user, action="document.view", obj=document, after=after)
