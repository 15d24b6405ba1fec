"""`samsyn search QUERY --partnership SLUG [--kind K] [--year Y] [--format json|text]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.search.engine import SearchQuery, search_run
from samsyn.search.models import SearchEntry


class Command(BaseCommand):
    help = "Search a partnership's archive, initiatives, meeting items, learning logs and impact stories."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--kind", action="append", choices=SearchEntry.Kind.values, default=[])
        parser.add_argument("--year", type=int)
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, query, partnership, kind, year, limit, format, **options):
        try:
            p = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(f"no partnership {partnership!r}") from None
        # The command line is an administrator's tool: it sees every access level.
        actor = Actor(partnership_id=p.pk, person_id=None, grants=frozenset({Grant(Role.ADMINISTRATOR)}))
        result = search_run(p, actor, SearchQuery(text=query, kinds=tuple(kind), year=year, limit=limit))
        rows = [hit.as_json() for hit in result.hits]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                self.stdout.write(f"{row['score']:.4f}\t{row['kind']}\t{row['id']}\t{row['title']}")
