"""Many people uploading at the same moment: every upload is registered, each with its own diary number.

On SQLite this needs writes to take the database's lock when their transaction starts (settings:
`transaction_mode` IMMEDIATE) and to wait for it (`timeout`): a transaction that reads first and
then wants to write cannot wait for the lock and failed at once with "database is locked" (21 of
24 uploads did). The suite's SQLite database lives in memory, where other rules hold, so the
SQLite test runs the uploads in a process of its own against a file copy of the demo database.
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from samsyn.archive.models import Document

UPLOADS = 24
TITLE = "Samtidig uppladdning"


def uploads_at_once(count: int) -> list[str]:
    """`count` logged-in people post a document at the same moment; each one's status code (or error)."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    user = get_user_model().objects.get(username="processledare")
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(count)
    results = [""] * count

    def upload(i: int) -> None:
        try:
            start.wait()
            response = clients[i].post(
                "/shk/arkiv/handlingar/ny/",
                {
                    "file": SimpleUploadedFile(f"samtidig-{i}.txt", f"Uppladdning nummer {i} om Skultuna".encode()),
                    "title": f"{TITLE} {i}",
                    "kind": "report",
                    "date": "2024-06-01",
                    "access": "internal",
                },
            )
            results[i] = str(response.status_code)
        except Exception as error:  # noqa: BLE001 - what went wrong is the test's answer
            results[i] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


SCRIPT = f"""
import json, django
django.setup()
from samsyn.archive.tests.test_concurrent_uploads import uploads_at_once
print(json.dumps(uploads_at_once({UPLOADS})))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking; PostgreSQL has its own test")
def test_simultaneous_uploads_on_a_sqlite_file_all_succeed(django_db_setup, django_db_blocker, tmp_path):
    path = tmp_path / "uploads.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samsyn.settings", "DATABASE_URL": f"sqlite:///{path}"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == ["302"] * UPLOADS
    with sqlite3.connect(path) as db:
        numbers = [
            row[0] for row in db.execute("SELECT diary_number FROM archive_document WHERE title LIKE ?", (TITLE + "%",))
        ]
    db.close()
    assert len(numbers) == UPLOADS
    assert len(set(numbers)) == UPLOADS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locking; SQLite has its own test")
def test_simultaneous_uploads_on_postgresql_all_succeed(transactional_db):
    assert uploads_at_once(UPLOADS) == ["302"] * UPLOADS
    numbers = list(Document.objects.filter(title__startswith=TITLE).values_list("diary_number", flat=True))
    assert len(numbers) == UPLOADS
    assert len(set(numbers)) == UPLOADS
