"""`samsyn export --partnership SLUG FILE`: one partnership's backup in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samsyn.backup.partnership import partnership_export
from samsyn.core.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's backup (records, files and their versions, audit history) to one file."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("file", metavar="FILE", help="the backup to write (a zip file)")

    def handle(self, *args, partnership, file, **options):
        try:
            p = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(_("There is no partnership %(slug)s.") % {"slug": partnership}) from None
        try:
            manifest = partnership_export(p, Path(file))
        except OSError as exc:
            raise CommandError(
                _("The backup could not be written to %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        rows = sum(entry["count"] for entry in manifest["data"])
        files = sum(1 for name in manifest["members"] if name.startswith("files/"))
        return _("Wrote %(file)s: %(rows)s records and %(files)s files of %(name)s.") % {
            "file": file,
            "rows": rows,
            "files": files,
            "name": p.name,
        }
