"""Test helpers of the archive, for its own tests and those of the apps above it (search)."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from samsyn.core.models import Partnership

from .extract import Upload
from .models import Document
from .services import document_register


def registrar(partnership: Partnership) -> Callable[..., Document]:
    """register("name.txt", "text", access=..., roles=..., kind=..., on=date) -> Document, registered
    the way the archive's services do it (and so indexed by search)."""

    def register(
        filename: str,
        text: str,
        *,
        title: str | None = None,
        kind: str = "other",
        access: str = "internal",
        roles: Iterable[str] = (),
        on: date = date(2024, 5, 2),
        initiatives: Iterable[Any] = (),
    ) -> Document:
        return document_register(
            actor=None,
            user=None,
            partnership=partnership,
            upload=Upload.check(filename, text.encode()),
            kind=kind,
            title=title or filename,
            date=on,
            access=access,
            roles=roles,
            initiatives=initiatives,
            check=False,
        )

    return register
