"""`samsyn import documents PATH... --partnership SLUG [--kind KIND] [--date YYYY-MM-DD]`."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from samsyn.core.models import Partnership
from samsyn.core.subcommands import Subcommand

from .models import AccessLevel, Document
from .services import document_import


def _add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="PDF, DOCX, TXT, Markdown or HTML files")
    parser.add_argument("--partnership", required=True, metavar="SLUG")
    parser.add_argument("--kind", choices=Document.Kind.values, default=Document.Kind.OTHER)
    parser.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    parser.add_argument("--access", choices=AccessLevel.values, default=AccessLevel.INTERNAL)
    parser.add_argument("--roles", default="", help="comma-separated roles, for --access restricted")
    parser.add_argument("--title", default="", help="title (default: the first line of the text)")


def _handle(
    command, *, paths, partnership, kind, date=None, access=AccessLevel.INTERNAL, roles="", title="", **options
):
    try:
        p = Partnership.objects.get(slug=partnership)
    except Partnership.DoesNotExist:
        raise CommandError(f"no partnership {partnership!r}") from None
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
    titles = {Path(path).name: title for path in paths} if title else None
    try:
        docs = document_import(
            actor=None,
            user=None,
            partnership=p,
            files=files,
            kind=kind,
            date=date or timezone.localdate(),
            access=access,
            roles=[r for r in roles.split(",") if r],
            titles=titles,
            # The operator at the server's command line acts with the server's rights: no login, no policy.
            check=False,
        )
    except ValidationError as exc:
        raise CommandError("nothing was imported:\n" + "\n".join(exc.messages)) from None
    # A document just imported has its one version.
    return "\n".join(f"{d.diary_number}\t{d.versions.get().filename}\t{d.title}" for d in docs)


IMPORT = {
    "documents": Subcommand(
        help="Register documents in the archive (all files or none).", add_arguments=_add_arguments, handle=_handle
    ),
}
