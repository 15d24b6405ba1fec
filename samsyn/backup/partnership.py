"""Backing up one partnership into a file and restoring it into an empty database, of either engine.

The rows keep their primary keys: a restore goes into an empty database, where no key can clash,
and links, addresses (/shk/arkiv/handlingar/17/) and the audit history's object ids stay valid.
Logins are named by their user name, so a restore refuses a database that has one of them already.
Everything is written in one transaction with the search index paused; the index is rebuilt from
the restored records at the end, and the counts are checked against the manifest before commit.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from samsyn.core.lib.packages import PackageLimits
from samsyn.core.models import Partnership
from samsyn.search.indexing import index_rebuild
from samsyn.search.signals import index_paused

from .bundle import FORMAT, FORMAT_VERSION, LIMITS, BackupRejected, BundleReader, BundleWriter
from .tenancy import Part, partnership_parts, partnership_user_ids

USERS_MEMBER = "data/000-auth.user.json"
# A login goes with its password hash, so that people can log in after a restore, but not with
# Django's groups and permissions: they are the platform's, and Samsyn's roles are the partnership's own.
USER_FIELDS = [
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
]


def _samsyn_version() -> str:
    try:
        return version("samsyn")
    except PackageNotFoundError:
        return "unknown"


def _binary_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)]


def _file_member(label: str, pk, field: str) -> str:
    return f"files/{label.lower()}/{pk}/{field}"


class Serializer(JsonSerializer):
    """Django's JSON serialisation, but times keep their microseconds (its encoder cuts them to
    milliseconds), so that the audit history's order and every timestamp survive a restore."""

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        data["fields"] = {
            name: value.isoformat() if isinstance(value, datetime | time) else value
            for name, value in data["fields"].items()
        }
        return data


def _serialize(queryset, fields, **options) -> bytes:
    return Serializer().serialize(queryset, fields=fields, use_natural_foreign_keys=True, **options).encode()


def _data_member(number: int, label: str) -> str:
    return f"data/{number:03}-{label.lower()}.json"


def partnership_export(partnership: Partnership, path: Path) -> dict:
    """Write the partnership's backup to `path` (replaced only once complete); returns the manifest."""
    parts = partnership_parts()
    User = get_user_model()
    partial = Path(f"{path}.partial")
    writer = BundleWriter(partial)
    data = []
    try:
        with transaction.atomic():  # one consistent reading of every table
            users = User.objects.filter(pk__in=partnership_user_ids(partnership, parts)).order_by("pk")
            # The logins first: the rows after them name them by user name.
            writer.add(USERS_MEMBER, _serialize(users, USER_FIELDS, use_natural_primary_keys=True))
            data.append({"member": USERS_MEMBER, "model": User._meta.label, "count": users.count()})
            for number, part in enumerate(parts, 1):
                model, binary = part.model, _binary_fields(part.model)
                m2m = [f.name for f in model._meta.many_to_many]
                fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in binary]
                queryset = part.queryset(partnership).prefetch_related(*m2m)
                if binary:
                    queryset = queryset.defer(*binary)
                member = _data_member(number, part.label)
                writer.add(member, _serialize(queryset, fields + m2m))
                data.append({"member": member, "model": part.label, "count": queryset.count()})
                if binary:
                    for pk, *values in part.queryset(partnership).values_list("pk", *binary).iterator(chunk_size=100):
                        for name, value in zip(binary, values, strict=True):
                            writer.add(_file_member(part.label, pk, name), bytes(value or b""))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "samsyn_version": _samsyn_version(),
            "partnership": partnership.slug,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "migrations": sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations()),
            "data": data,
        }
        writer.close(manifest)
    except BaseException:
        writer.zip.close()
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return {**manifest, "members": writer.members}


def _target_check(reader: BundleReader) -> None:
    """Refuse, before writing anything, a database the backup cannot go into unchanged."""
    slug = reader.manifest["partnership"]
    if Partnership.objects.filter(slug=slug).exists():
        raise BackupRejected(
            _(
                "The partnership %(slug)s is already in this database. A backup is restored into an empty "
                "database: create a new one, run samsyn migrate and import there. Nothing was imported."
            )
            % {"slug": slug}
        )
    others = list(Partnership.objects.order_by("slug").values_list("slug", flat=True))
    if others:
        raise BackupRejected(
            _(
                "This database already holds the partnership %(slugs)s. A backup is restored into an empty "
                "database: create a new one, run samsyn migrate and import there. Nothing was imported."
            )
            % {"slugs": ", ".join(others)}
        )
    applied = {tuple(key) for key in MigrationRecorder(connection).applied_migrations()}
    missing = sorted({tuple(m) for m in reader.manifest["migrations"]} - applied)
    if missing:
        raise BackupRejected(
            _(
                "The backup was made by a newer Samsyn (or this database is not migrated): %(migrations)s are "
                "missing here. Run samsyn migrate, or update Samsyn first. Nothing was imported."
            )
            % {"migrations": ", ".join(f"{app}.{name}" for app, name in missing[:5])}
        )


def _deserialize(reader: BundleReader, member: str):
    try:
        return list(serializers.deserialize("json", reader.read(member), handle_forward_references=True))
    except DeserializationError as exc:
        raise BackupRejected(
            _("The backup cannot be read: %(member)s: %(error)s. Nothing was imported.")
            % {"member": member, "error": exc}
        ) from None


def _users_check(reader: BundleReader, member: str) -> None:
    User = get_user_model()
    names = [obj.object.get_username() for obj in _deserialize(reader, member)]
    taken = sorted(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names}).values_list("username", flat=True))
    if taken:
        raise BackupRejected(
            _(
                "The logins %(names)s already exist in this database; the backup's own would replace them. "
                "Restore into an empty database. Nothing was imported."
            )
            % {"names": ", ".join(taken)}
        )


def _load(reader: BundleReader, parts: dict[str, Part]) -> Partnership:
    """Save every row of the backup; returns the restored partnership."""
    User = get_user_model()
    partnership_pk = None
    deferred = []
    for entry in reader.manifest["data"]:
        label, member = entry.get("model"), entry.get("member")
        if label != User._meta.label and label not in parts:
            raise BackupRejected(
                _("The backup holds records of %(model)s, which this Samsyn does not have. Nothing was imported.")
                % {"model": label}
            )
        objects = _deserialize(reader, member)
        binary = _binary_fields(parts[label].model) if label in parts else []
        for obj in objects:
            instance = obj.object
            if instance._meta.label != label:
                raise BackupRejected(
                    _("The backup has been changed: %(member)s holds other records. Nothing was imported.")
                    % {"member": member}
                )
            if label == Partnership._meta.label:
                if partnership_pk is not None or instance.slug != reader.manifest["partnership"]:
                    raise BackupRejected(
                        _("The backup has been changed: it holds more than one partnership. Nothing was imported.")
                    )
                partnership_pk = instance.pk
            elif getattr(instance, "partnership_id", partnership_pk) != partnership_pk:
                raise BackupRejected(
                    _("The backup has been changed: it holds records of another partnership. Nothing was imported.")
                )
            for name in binary:
                setattr(instance, name, reader.read(_file_member(label, instance.pk, name)))
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    if partnership_pk is None:
        raise BackupRejected(_("The backup has been changed: it holds no partnership. Nothing was imported."))
    return Partnership.objects.get(pk=partnership_pk)


def _counts_check(reader: BundleReader, partnership: Partnership, parts: dict[str, Part]) -> None:
    for entry in reader.manifest["data"]:
        part = parts.get(entry["model"])
        if part is not None and part.queryset(partnership).count() != entry.get("count"):
            raise BackupRejected(
                _("The backup holds another number of %(model)s than its manifest says. Nothing was imported.")
                % {"model": part.model._meta.verbose_name_plural}
            )


def partnership_import(path: Path, *, limits: PackageLimits = LIMITS) -> Partnership:
    """Restore a backup made by partnership_export into this (empty) database: all of it or nothing.

    Raises BackupRejected with a message in words for anything that stops it."""
    reader = BundleReader(path, limits)
    try:
        _target_check(reader)
        _users_check(reader, USERS_MEMBER)
        parts = {part.label: part for part in partnership_parts()}
        try:
            with transaction.atomic(), index_paused():
                partnership = _load(reader, parts)
                # Rows were saved in the backup's order, not their keys' order: check every key now.
                tables = [p.model._meta.db_table for p in parts.values()] + [
                    f.m2m_db_table() for p in parts.values() for f in p.model._meta.many_to_many
                ]
                connection.check_constraints(table_names=tables)
                _counts_check(reader, partnership, parts)
                # The rows came with their keys: PostgreSQL's sequences must start after them.
                restored = [p.model for p in parts.values()]
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                        cursor.execute(sql)
                index_rebuild(partnership)
        except DatabaseError as exc:
            raise BackupRejected(
                _("The backup does not fit this database: %(error)s. Nothing was imported.") % {"error": exc}
            ) from None
    finally:
        reader.close()
    return partnership
