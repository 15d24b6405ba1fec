"""The backup file: one zip with a manifest, the data as JSON and the file contents as members.

    manifest.json                     format, versions, partnership, counts, size and SHA-256 of every member
    data/NNN-<app>.<model>.json       the rows of one model (Django's JSON serialisation), in load order
    files/<app>.<model>/<pk>/<field>  the bytes of a binary field (a document version's file)

The SHA-256 sums find a damaged or edited file before anything is written; they are not a
signature: whoever can write the file can write a matching manifest too. Before a member is read
the zip's directory is held to the same kind of limits as an uploaded Word or Excel file, and
every member is read in chunks: a zip bomb is refused, never unpacked.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from samsyn.core.lib.packages import MB, PackageLimits, PackageRejected, package_parts_check

FORMAT = "samsyn-partnership"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = MB

# A backup holds a whole partnership: many members, and large ones. A data member is parsed whole,
# so it is bounded more tightly than the files, which are only carried along.
LIMITS = PackageLimits(
    max_parts=1_000_000,
    max_xml_bytes=512 * MB,
    max_part_bytes=512 * MB,
    max_total_bytes=64 * 1024 * MB,
)


class BackupRejected(ValueError):
    """The backup cannot be restored here; the message says why, in words."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _damaged() -> BackupRejected:
    return BackupRejected(_("The file is damaged: it cannot be opened as a Samsyn backup."))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class BundleWriter:
    """Writes members to a new zip and describes them in its manifest."""

    path: Path
    members: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self.zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def add(self, name: str, data: bytes) -> None:
        self.zip.writestr(name, data)
        self.members[name] = {"size": len(data), "sha256": _sha256(data)}

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "members": self.members}
        self.zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        self.zip.close()


class BundleReader:
    """Opens a backup and checks it whole (limits, manifest, every member's size and SHA-256)
    before anything is read out of it."""

    def __init__(self, path: Path, limits: PackageLimits = LIMITS):
        try:
            self.zip = zipfile.ZipFile(path)
            parts = self.zip.infolist()
        except FileNotFoundError:
            raise BackupRejected(_("There is no file %(path)s.") % {"path": path}) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise _damaged() from None
        try:
            package_parts_check(parts, limits)
        except PackageRejected as exc:
            raise BackupRejected(exc.message) from None
        names = [part.filename for part in parts]
        if len(set(names)) != len(names) or MANIFEST not in names:
            raise _damaged()
        self.manifest = self._manifest()
        self.sizes = {part.filename: part.file_size for part in parts}
        listed = set(self.manifest["members"])
        if listed != set(names) - {MANIFEST}:
            raise BackupRejected(
                _(
                    "The backup has been changed: its members are not the ones its manifest lists (%(names)s). Nothing was imported."
                )
                % {"names": ", ".join(sorted(listed ^ (set(names) - {MANIFEST})))}
            )
        for name in sorted(listed):
            self._verify(name)

    def _manifest(self) -> dict:
        try:
            manifest = json.loads(self.zip.read(MANIFEST))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise _damaged() from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _damaged()
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupRejected(
                _("The backup is of format version %(found)s; this Samsyn reads version %(expected)s.")
                % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
            )
        required = {"partnership": str, "members": dict, "data": list, "migrations": list}
        if any(not isinstance(manifest.get(key), kind) for key, kind in required.items()):
            raise _damaged()
        return manifest

    def _changed(self, name: str) -> BackupRejected:
        return BackupRejected(
            _("The backup has been changed or damaged: %(member)s does not match its checksum. Nothing was imported.")
            % {"member": name}
        )

    def _verify(self, name: str) -> None:
        expected = self.manifest["members"][name]
        if not isinstance(expected, dict) or self.sizes[name] != expected.get("size"):
            raise self._changed(name)
        digest = hashlib.sha256()
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise self._changed(name) from None
        if digest.hexdigest() != expected.get("sha256"):
            raise self._changed(name)

    def read(self, name: str) -> bytes:
        """A member's bytes, checked again: the file may have changed since it was opened."""
        if name not in self.manifest["members"]:
            raise BackupRejected(
                _("The backup has been changed: %(member)s is missing. Nothing was imported.") % {"member": name}
            )
        try:
            data = self.zip.read(name)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise self._changed(name) from None
        if _sha256(data) != self.manifest["members"][name]["sha256"]:
            raise self._changed(name)
        return data

    def close(self) -> None:
        self.zip.close()
