"""A copy of the test database's contents, taken once the demo is loaded and put back after a flush.

Transactional tests (every live_server test) commit, and pytest-django then empties every table.
Loading the demo again costs seconds a test; copying the rows back costs milliseconds. SQLite
copies the whole database with its backup API (the full-text table included); PostgreSQL keeps
a copy of each table in a schema of its own and copies the rows back in one transaction.
"""

import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "samsyn_test_snapshot"
# Migration history is not flushed, and a copy of it would only go stale.
KEPT_TABLES = {"django_migrations"}


class Snapshot:
    def __init__(self):
        self._sqlite_copy = None
        self._tables = {}

    def take(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite_copy)
        elif connection.vendor == "postgresql":
            self._postgres_take()
        else:
            raise NotImplementedError(f"no test snapshot for {connection.vendor}")

    def restore(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite_copy.backup(connection.connection)
        else:
            self._postgres_restore()

    def _postgres_take(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            cursor.execute(
                """SELECT c.relname, array_agg(quote_ident(a.attname) ORDER BY a.attnum)
                   FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attgenerated = ''
                   GROUP BY c.relname"""
            )
            self._tables = {name: ", ".join(columns) for name, columns in cursor.fetchall() if name not in KEPT_TABLES}
            for name in self._tables:
                cursor.execute(f'CREATE TABLE {SCHEMA}."{name}" AS TABLE "{name}"')

    def _postgres_restore(self):
        models = apps.get_models(include_auto_created=True)
        with transaction.atomic(), connection.cursor() as cursor:
            # DELETE, not TRUNCATE: on a few thousand rows it is many times faster, and the
            # foreign keys, deferred to the commit, find every row back in place by then.
            for name in self._tables:
                cursor.execute(f'DELETE FROM "{name}"')
            for name, columns in self._tables.items():
                cursor.execute(f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM {SCHEMA}."{name}"')
            # The flush left each id sequence where the test took it; new rows must not collide.
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
