"""Load the archive records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo).

Each listed file is registered once with its real kind and date (a diary number is drawn from the
partnership's series); a second load finds it by its checksum and only updates what is recorded.
Governance attaches the minutes to their meetings and search builds its index; both load later.
"""

import hashlib
from datetime import date
from pathlib import Path

from .extract import Upload
from .models import DocumentVersion
from .services import document_register

DEMO_DIR = Path(__file__).parent / "demo_data"


def demo_file(name: str) -> bytes:
    """The bytes of a demo document, by its path under demo_data/ (as the demo data names it)."""
    return (DEMO_DIR / name).read_bytes()


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    for d in data.get("documents", []):
        raw = demo_file(d["file"])
        on = date.fromisoformat(d["date"])
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
                # The name people see: the document's own, not the demo's file.
                upload=Upload.check(d.get("name") or Path(d["file"]).name, raw),
                kind=d["kind"],
                title=d["title"],
                date=on,
                access=d.get("access", "internal"),
                roles=d.get("roles", []),
                # The demo loader acts with the server's rights.
                check=False,
            )
        else:
            doc = existing.document
            doc.kind, doc.title, doc.date, doc.access = d["kind"], d["title"], on, d.get("access", "internal")
            doc.save()
