"""Load relations, learning entries and status updates from demo_data/<slug>_learning.json
(see samsyn.portfolio.demo). Each record is matched on its natural key, so loading twice
changes nothing. Every record in the file names the seed passage it comes from ("source",
"source_ref"); the models have no field for it, so it stays in the file.

Pairs of initiatives in the same registered testbed are not in the file: the network
derives them from Initiative.testbed.
"""

from samsyn.core.demo import parse_date
from samsyn.core.models import Person

from ..models import Initiative, LearningEntry, Relation, StatusUpdate


def load(partnership, data):
    P = {"partnership": partnership}
    initiatives = {i.slug: i for i in Initiative.objects.filter(**P)}
    people = {p.key: p for p in Person.objects.filter(**P)}

    def person(key):
        # A key that is not in the core demo fails loudly rather than leaving the author empty.
        return people[key] if key else None

    for r in data.get("relations", []):
        Relation.objects.update_or_create(
            **P,
            source=initiatives[r["source"]],
            target=initiatives[r["target"]],
            kind=r["kind"],
            defaults={"note": r.get("note") or ""},
        )
    for e in data.get("learning", []):
        LearningEntry.objects.update_or_create(
            **P,
            initiative=initiatives[e["initiative"]],
            kind=e["kind"],
            date=parse_date(e["date"]),
            text=e["text"],
            defaults={"author": person(e.get("author"))},
        )
    for s in data.get("status_updates", []):
        StatusUpdate.objects.update_or_create(
            **P,
            initiative=initiatives[s["initiative"]],
            date=parse_date(s["date"]),
            defaults={"colour": s["colour"], "text": s["text"], "author": person(s.get("author"))},
        )
