"""A restore refuses what it cannot load unchanged, says why in Swedish, and writes nothing.

The file is checked whole (its directory's sizes, the manifest, every member's SHA-256) before the
database is looked at, so each case here fails before the suite's database (which holds the demo)
would be refused for not being empty; that refusal has its own test.
"""

import json
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from samsyn.backup.bundle import MANIFEST, BackupRejected
from samsyn.backup.partnership import partnership_export, partnership_import
from samsyn.core.lib.packages import MB, PackageLimits
from samsyn.core.models import AuditEntry, Partnership


@pytest.fixture
def backup(shk, tmp_path):
    path = tmp_path / "shk.zip"
    partnership_export(shk, path)
    return path


def rewrite(source, target, replace=None, add=None, manifest=None):
    """A copy of the backup `source` with members replaced or added, the manifest as given or kept."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == MANIFEST and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            new.writestr(info.filename, (replace or {}).get(info.filename, data))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def refused(path, **kwargs) -> str:
    """The Swedish message of the refusal; and nothing was written."""
    before = Partnership.objects.count(), get_user_model().objects.count(), AuditEntry.objects.count()
    with translation.override("sv"), pytest.raises(BackupRejected) as caught:
        partnership_import(path, **kwargs)
    assert (Partnership.objects.count(), get_user_model().objects.count(), AuditEntry.objects.count()) == before
    return caught.value.message


def test_a_member_changed_after_the_export_is_refused(backup, tmp_path):
    with zipfile.ZipFile(backup) as z:
        name = next(n for n in z.namelist() if n.endswith("economy.outcome.json"))
        data = z.read(name).replace(b'"amount_ore": ', b'"amount_ore": 9', 1)
    message = refused(rewrite(backup, tmp_path / "changed.zip", replace={name: data}))
    assert message == (
        f"Säkerhetskopian har ändrats eller skadats: {name} stämmer inte med sin kontrollsumma. Inget importerades."
    )


def test_a_changed_document_file_is_refused(backup, tmp_path):
    with zipfile.ZipFile(backup) as z:
        name = next(n for n in z.namelist() if n.startswith("files/archive.documentversion/"))
    message = refused(rewrite(backup, tmp_path / "changed.zip", replace={name: b"another text"}))
    assert "stämmer inte med sin kontrollsumma" in message


def test_a_member_the_manifest_does_not_list_is_refused(backup, tmp_path):
    message = refused(rewrite(backup, tmp_path / "more.zip", add={"data/999-core.person.json": b"[]"}))
    assert message.startswith("Säkerhetskopian har ändrats: den innehåller inte de delar")
    assert "data/999-core.person.json" in message


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(backup, tmp_path):
    # 40 MB of zeros packs to 40 kB; the limits here are the real ones made small.
    bomb = bytes(40 * MB)
    path = rewrite(backup, tmp_path / "bomb.zip", add={"files/bomb": bomb})
    limits = PackageLimits(max_parts=10_000, max_xml_bytes=MB, max_part_bytes=10 * MB, max_total_bytes=100 * MB)
    started = time.monotonic()
    message = refused(path, limits=limits)
    assert time.monotonic() - started < 5
    assert message == "Filen packas upp till mer än 10 MB i en del; den kan inte läsas säkert."
    # Parts small enough one by one, too large together.
    many = rewrite(backup, tmp_path / "many.zip", add={f"files/part{n}": bomb[: 8 * MB] for n in range(3)})
    limits = PackageLimits(max_parts=10_000, max_xml_bytes=MB, max_part_bytes=10 * MB, max_total_bytes=20 * MB)
    assert refused(many, limits=limits) == "Filen packas upp till mer än 20 MB totalt; den kan inte läsas säkert."


def test_a_file_that_is_no_backup_is_refused(tmp_path, db):
    path = tmp_path / "not.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert refused(path) == "Filen är skadad: den går inte att öppna som en säkerhetskopia av Samsyn."
    assert refused(tmp_path / "missing.zip") == f"Filen {tmp_path / 'missing.zip'} finns inte."


def test_a_backup_of_a_later_format_is_refused(backup, tmp_path):
    path = rewrite(backup, tmp_path / "later.zip", manifest=lambda m: {**m, "format_version": 99})
    assert refused(path) == ("Säkerhetskopian har formatversion 99, men den här versionen av Samsyn läser version 1.")


def test_a_database_that_holds_the_partnership_is_refused(backup):
    assert refused(backup) == (
        "Partnerskapet shk finns redan i databasen. En säkerhetskopia läses bara in i en tom databas: skapa en "
        "ny, kör samsyn migrate och importera där. Inget importerades."
    )


def test_the_command_says_why_in_swedish_without_a_traceback(tmp_path, db):
    path = tmp_path / "not.zip"
    path.write_bytes(b"nothing")
    with translation.override("sv"), pytest.raises(CommandError, match="Filen är skadad"):
        call_command("import", "partnership", str(path))
