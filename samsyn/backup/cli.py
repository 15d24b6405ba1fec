"""`samsyn import partnership FILE`: restore a backup made by `samsyn export`."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from samsyn.core.subcommands import Subcommand

from .bundle import BackupRejected
from .partnership import partnership_import


def _add_arguments(parser):
    parser.add_argument("file", metavar="FILE", help="a backup written by samsyn export")


def _handle(command, *, file, **options):
    try:
        partnership = partnership_import(Path(file))
    except BackupRejected as exc:
        raise CommandError(exc.message) from None
    return _("Restored %(name)s (%(slug)s) from %(file)s; the search index is rebuilt.") % {
        "name": partnership.name,
        "slug": partnership.slug,
        "file": file,
    }


IMPORT = {
    "partnership": Subcommand(
        help="Restore a partnership from a backup into an empty database (all of it or nothing).",
        add_arguments=_add_arguments,
        handle=_handle,
    ),
}
