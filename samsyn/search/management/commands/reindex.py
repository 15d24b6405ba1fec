"""`samsyn reindex [--partnership SLUG]`: rebuild the search index from the records."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samsyn.core.models import Partnership
from samsyn.search.indexing import index_prune, index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of one partnership, or of all, from their records."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SLUG", help="only this partnership (default: all)")

    def handle(self, *args, partnership=None, **options):
        partnerships = Partnership.objects.order_by("slug")
        if partnership:
            partnerships = partnerships.filter(slug=partnership)
            if not partnerships:
                raise CommandError(_("There is no partnership %(slug)s.") % {"slug": partnership})
        lines = []
        for p in partnerships:
            count = index_rebuild(p)
            lines.append(_("%(slug)s: %(count)s texts indexed.") % {"slug": p.slug, "count": count})
        index_prune()
        return "\n".join(lines)
