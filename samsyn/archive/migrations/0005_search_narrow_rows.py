"""PostgreSQL: keep the rows of archive_searchentry narrow, their long text in TOAST.

A search for a common word visits every matching row to apply the filters and pick the newest
candidates. With the body, the folded text and the tsvector inline, 100 000 documents make a
heap of ~150 MB that does not stay in shared buffers, and each such search read ~8 000 pages.
With toast_tuple_target at its minimum the heap is ~30 MB (the filters and ids only); the long
values are read only for the ranked candidates and the shown snippets.
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "ALTER TABLE archive_searchentry SET (toast_tuple_target = 128)",
        # Rows written before this migration are stored again under the new target.
        "UPDATE archive_searchentry SET body = body",
    ],
}
BACKWARD = {"postgresql": ["ALTER TABLE archive_searchentry RESET (toast_tuple_target)"]}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_search_filter_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
