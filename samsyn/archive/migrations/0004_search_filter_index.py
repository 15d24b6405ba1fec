"""SQLite: a covering index of the search filters, so that ranking never reads the wide rows."""

from django.db import migrations

FORWARD = {
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS archive_searchentry_filter ON archive_searchentry (id, partnership_id, access, kind, year, focus_areas, roles)",
    ],
}
BACKWARD = {"sqlite": ["DROP INDEX IF EXISTS archive_searchentry_filter"]}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_search_backends")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
