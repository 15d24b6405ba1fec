"""`samsyn related --initiative SLUG --partnership SLUG [--format json|text]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.portfolio.models import Initiative
from samsyn.search.related import Model


class Command(BaseCommand):
    help = "Initiatives and documents related to an initiative, with the shared terms as the reason."

    def add_arguments(self, parser):
        parser.add_argument("--initiative", required=True, metavar="SLUG")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, initiative, partnership, limit, format, **options):
        try:
            p = Partnership.objects.get(slug=partnership)
            i = Initiative.objects.get(partnership=p, slug=initiative)
        except (Partnership.DoesNotExist, Initiative.DoesNotExist):
            raise CommandError(f"no initiative {initiative!r} in partnership {partnership!r}") from None
        actor = Actor(partnership_id=p.pk, person_id=None, grants=frozenset({Grant(Role.ADMINISTRATOR)}))
        rows = [r.as_json() for r in Model(p, actor).related_to(i.pk, limit=limit)]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                self.stdout.write(f"{row['score']:.3f}\t{row['kind']}\t{row['id']}\t{row['title']}\t{row['reason']}")
