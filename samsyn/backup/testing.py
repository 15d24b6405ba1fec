"""What a restore must keep, read through the `samsyn` commands: for comparing databases in tests.

`samsyn shell -c "from samsyn.backup.testing import probe_print; probe_print('shk')"` prints it as JSON.
"""

import hashlib
import io
import json

from django.core.management import call_command

from samsyn.archive.models import DocumentVersion
from samsyn.core.models import AuditEntry, Partnership, Person
from samsyn.portfolio.models import Initiative

from .tenancy import partnership_parts

SEARCH_WORDS = ["Västerås", "äldre", "skola", "testbädd", "pilot", "innovation", "styrelse", "forskning"]
# Enough to return every match, so that engines whose scores order them differently still agree on the set.
SEARCH_LIMIT = 1000


def _command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _hits(output: str) -> list[list]:
    """[kind, id, title, score] of every hit, in the order given."""
    return [[row["kind"], row["id"], row["title"], row["score"]] for row in json.loads(output)]


def probe(slug: str) -> dict:
    p = Partnership.objects.get(slug=slug)
    common = ["--partnership", slug, "--format", "json"]
    return {
        "finance": _command("report", "finance", *common, "--as-of", "2024-08-31"),
        "annual": _command("report", "annual", *common, "--year", "2023"),
        "search": {
            word: _hits(_command("search", word, *common, "--limit", str(SEARCH_LIMIT))) for word in SEARCH_WORDS
        },
        "related": {
            i.slug: _hits(_command("related", "--initiative", i.slug, *common))
            for i in Initiative.objects.filter(partnership=p).order_by("slug")
        },
        "files": {
            f"{v.document.diary_number} v{v.number}": [hashlib.sha256(bytes(v.content)).hexdigest(), v.sha256]
            for v in DocumentVersion.objects.filter(partnership=p).select_related("document")
        },
        "counts": {part.label: part.queryset(p).count() for part in partnership_parts()},
        "audit": [
            [e.at.isoformat(), e.action, e.object_type, e.object_id, e.user.username if e.user else None, e.after]
            for e in AuditEntry.objects.filter(partnership=p).select_related("user").order_by("at", "pk")
        ],
        "logins": {
            key: [username, password, active]
            for key, username, password, active in Person.objects.filter(partnership=p, user__isnull=False)
            .order_by("key")
            .values_list("key", "user__username", "user__password", "user__is_active")
        },
    }


def probe_print(slug: str) -> None:
    print(json.dumps(probe(slug), ensure_ascii=False))
