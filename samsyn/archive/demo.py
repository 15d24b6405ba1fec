"""Load the archive records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo).

Each listed file is registered once with its real kind and date (a diary number is drawn from the
partnership's series); a second load finds it by its checksum and only updates what is recorded.
Last, the search index of the whole partnership is rebuilt (the other apps have loaded by then).
"""

import hashlib
from datetime import date
from pathlib import Path

from django.apps import apps

from . import indexing
from .models import DocumentVersion
from .services import Upload, document_register

DEMO_DIR = Path(__file__).parent / "demo_data"


def _meetings(partnership, on):
    try:
        Meeting = apps.get_model("governance", "Meeting")
    except LookupError:
        return []
    return list(Meeting.objects.filter(partnership=partnership, date=on))


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    for d in data.get("documents", []):
        raw = (DEMO_DIR / d["file"]).read_bytes()
        on = date.fromisoformat(d["date"])
        meetings = _meetings(partnership, date.fromisoformat(d["meeting_date"])) if d.get("meeting_date") else []
        existing = (
            DocumentVersion.objects.filter(partnership=partnership, sha256=hashlib.sha256(raw).hexdigest(), number=1)
            .select_related("document")
            .first()
        )
        if existing is None:
            document_register(
                actor=None,
                user=None,
                partnership=partnership,
                upload=Upload.check(Path(d["file"]).name, raw),
                kind=d["kind"],
                title=d["title"],
                date=on,
                access=d.get("access", "internal"),
                roles=d.get("roles", []),
                meetings=meetings,
                check=False,
            )
        else:
            doc = existing.document
            doc.kind, doc.title, doc.date, doc.access = d["kind"], d["title"], on, d.get("access", "internal")
            doc.save()
            doc.meetings.set(meetings)
    indexing.index_rebuild(partnership)
