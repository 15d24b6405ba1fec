"""`samsyn search_eval [--verbose]`: the search evaluation's measuring half (samsyn/search/eval/run.py).

Loads the demo and the evaluation's texts into the database of DATABASE_URL, runs every query of
samsyn/search/eval/queries.json as an administrator and prints recall@5 and MRR as one JSON line:
by words alone ("lexical") and, with the semantic extra installed, by words and meaning fused
("semantic"). Meant for a fresh database that run.py makes; it adds documents to the partnership `shk`.
"""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samsyn.archive.testing import registrar
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.search import semantic
from samsyn.search.engine import SearchQuery, search_run
from samsyn.search.eval.run import RANK_WITHIN, RECALL_AT, load, measure


class Command(BaseCommand):
    help = "Measure the search against the evaluation set (for samsyn/search/eval/run.py)."

    def add_arguments(self, parser):
        parser.add_argument("--verbose", action="store_true")

    def handle(self, *args, verbose, **options):
        call_command("demo", "--no-serve", "--password", "eval-password", verbosity=0)
        partnership = Partnership.objects.get(slug="shk")
        register = registrar(partnership)
        for doc in load("documents.json")["documents"]:
            register(doc["filename"], doc["text"], title=doc["title"] or None)
        actor = Actor(partnership_id=partnership.pk, person_id=None, grants=frozenset({Grant(Role.ADMINISTRATOR)}))
        # The texts were read by the model as they were indexed, if the extra is installed.
        modes = {"lexical": "0", "semantic": "auto"} if semantic.available() else {"lexical": "0"}
        results = {}
        for mode, setting in modes.items():
            settings.SAMSYN_SEARCH_SEMANTIC = setting
            rows = []
            for query in load("queries.json")["queries"]:
                hits = search_run(partnership, actor, SearchQuery(text=query["q"], limit=RANK_WITHIN)).hits
                ranked = [(h.kind, h.title) for h in hits]
                recall, rr = measure(ranked, query["expected"])
                rows.append({"q": query["q"], "recall": recall, "rr": rr, "top": ranked[:RECALL_AT]})
            results[mode] = {
                "queries": len(rows),
                "recall_at_5": round(sum(r["recall"] for r in rows) / len(rows), 3),
                "mrr": round(sum(r["rr"] for r in rows) / len(rows), 3),
                "misses": [r for r in rows if r["recall"] < 1] if verbose else [],
            }
        self.stdout.write(json.dumps(results, ensure_ascii=False))
