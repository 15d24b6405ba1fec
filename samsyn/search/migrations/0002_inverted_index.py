"""The search index of both databases: postings and term statistics in plain tables.

search_posting holds one row per term of an entry (its frequency, the entry's length and the
BM25 impact), search_term the document frequency and total frequency of each term per partnership
(the term "" counts entries and words). They are not Django models: derived data, rebuilt by
`samsyn reindex`, never part of a backup. A trigger drops an entry's postings with the entry (a
foreign key would queue a check per posting: a reindex writes about a hundred per text); the
statistics go with their partnership, by a deferred foreign key like Django's.

The full-text index that phrases are matched in holds the Python stems from now on (the entry's
`folded` column): PostgreSQL's tsvector goes through the `simple` configuration instead of
samsyn_swedish, so that both databases hold the same terms. Existing entries are indexed again.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE TABLE search_posting (
        entry_id bigint NOT NULL,
        partnership_id bigint NOT NULL,
        term varchar(100) NOT NULL,
        tf integer NOT NULL,
        dl integer NOT NULL,
        impact double precision NOT NULL,
        PRIMARY KEY (entry_id, term)
    )
    """,
    "CREATE INDEX search_posting_impact ON search_posting (partnership_id, term, impact DESC, entry_id)",
    """
    CREATE FUNCTION search_posting_entry_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_posting WHERE entry_id = OLD.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER search_posting_entry_delete AFTER DELETE ON archive_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_posting_entry_delete()
    """,
    """
    CREATE TABLE search_term (
        partnership_id bigint NOT NULL REFERENCES core_partnership (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        term varchar(100) NOT NULL,
        df integer NOT NULL,
        tfsum bigint NOT NULL,
        PRIMARY KEY (partnership_id, term)
    )
    """,
    "DROP INDEX IF EXISTS archive_searchentry_tsv",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS tsv",
    """
    ALTER TABLE archive_searchentry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED
    """,
    "CREATE INDEX archive_searchentry_tsv ON archive_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_posting_entry_delete ON archive_searchentry",
    "DROP FUNCTION IF EXISTS search_posting_entry_delete()",
    "DROP TABLE IF EXISTS search_term",
    "DROP TABLE IF EXISTS search_posting",
    "DROP INDEX IF EXISTS archive_searchentry_tsv",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS tsv",
    """
    ALTER TABLE archive_searchentry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('samsyn_swedish'::regconfig, folded)) STORED
    """,
    "CREATE INDEX archive_searchentry_tsv ON archive_searchentry USING gin (tsv)",
]
SQLITE_FORWARD = [
    """
    CREATE TABLE search_posting (
        entry_id integer NOT NULL,
        partnership_id integer NOT NULL,
        term varchar(100) NOT NULL,
        tf integer NOT NULL,
        dl integer NOT NULL,
        impact real NOT NULL,
        PRIMARY KEY (entry_id, term)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX search_posting_impact ON search_posting (partnership_id, term, impact DESC, entry_id)",
    """
    CREATE TRIGGER search_posting_entry_delete AFTER DELETE ON archive_searchentry BEGIN
        DELETE FROM search_posting WHERE entry_id = old.id;
    END
    """,
    """
    CREATE TABLE search_term (
        partnership_id integer NOT NULL REFERENCES core_partnership (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        term varchar(100) NOT NULL,
        df integer NOT NULL,
        tfsum integer NOT NULL,
        PRIMARY KEY (partnership_id, term)
    ) WITHOUT ROWID
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_posting_entry_delete",
    "DROP TABLE IF EXISTS search_term",
    "DROP TABLE IF EXISTS search_posting",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def reindex(apps, schema_editor):
    # The engine's writer is plain SQL over these tables and pure text functions: it is called
    # here rather than copied, so that existing entries get the same terms as new ones.
    from samsyn.search import text as textlib
    from samsyn.search.engine import backend

    SearchEntry = apps.get_model("search", "SearchEntry")
    rows = []
    for entry in SearchEntry.objects.order_by("pk").iterator():
        # Bodies are kept as plain text from now on (snippets show no markup).
        entry.body = textlib.plain_text(entry.body)
        entry.folded = textlib.stems(entry.title + "\n" + entry.body)
        entry.save(update_fields=["body", "folded"])
        rows.append((entry.pk, entry.partnership_id, entry.title, entry.body, entry.folded))
        if len(rows) >= 1000:
            backend().index(rows)
            rows = []
    backend().index(rows)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("core", "0004_agreement_spending_limits")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
