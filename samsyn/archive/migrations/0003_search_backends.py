"""The full-text index of SearchEntry, one per database backend (see samsyn/archive/search.py).

PostgreSQL: the `unaccent` extension, a text search configuration `samsyn_swedish` (a copy of
`swedish` whose word mappings go through unaccent, then swedish_stem), a generated tsvector column
over the Python-normalised text and a GIN index on it.
SQLite: an FTS5 table (unicode61, diacritics removed) holding the Python-stemmed text, keyed by the
entry's id, and a trigger that drops a row when its entry is deleted.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'samsyn_swedish') THEN
            CREATE TEXT SEARCH CONFIGURATION samsyn_swedish (COPY = swedish);
            ALTER TEXT SEARCH CONFIGURATION samsyn_swedish
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem;
        END IF;
    END $$
    """,
    """
    ALTER TABLE archive_searchentry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('samsyn_swedish'::regconfig, folded)) STORED
    """,
    "CREATE INDEX archive_searchentry_tsv ON archive_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS archive_searchentry_tsv",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE archive_searchentry_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2')",
    """
    CREATE TRIGGER archive_searchentry_fts_delete AFTER DELETE ON archive_searchentry BEGIN
        DELETE FROM archive_searchentry_fts WHERE rowid = old.id;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_searchentry_fts_delete",
    "DROP TABLE IF EXISTS archive_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_document_meetings")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
