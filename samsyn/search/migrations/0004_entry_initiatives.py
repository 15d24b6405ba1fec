"""The initiatives a search entry is about, for the search's initiative filter and facet.

Existing entries get theirs from their records here (an initiative itself, a learning log entry's
and an impact story's initiative, a document's linked initiatives); meeting items are about none.

The column is added by ALTER TABLE with a constant default on both databases: Django's AddField
would rebuild the table on SQLite, and with it drop the full-text index's trigger and the covering
index that the archive's migrations made by hand.
"""

from django.db import migrations, models


def _ids(ids) -> str:
    ids = sorted({i for i in ids if i})
    return "|" + "|".join(str(i) for i in ids) + "|" if ids else ""


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    Document = apps.get_model("archive", "Document")
    LearningEntry = apps.get_model("portfolio", "LearningEntry")
    ImpactStory = apps.get_model("followup", "ImpactStory")
    of_documents: dict[int, set[int]] = {}
    for document_id, initiative_id in Document.initiatives.through.objects.values_list("document_id", "initiative_id"):
        of_documents.setdefault(document_id, set()).add(initiative_id)
    sources = {
        "initiative": lambda object_ids: {pk: {pk} for pk in object_ids},
        "learning": lambda object_ids: {
            pk: {i} for pk, i in LearningEntry.objects.filter(pk__in=object_ids).values_list("pk", "initiative_id")
        },
        "impact_story": lambda object_ids: {
            pk: {i} for pk, i in ImpactStory.objects.filter(pk__in=object_ids).values_list("pk", "initiative_id")
        },
        "document": lambda object_ids: {pk: of_documents.get(pk, set()) for pk in object_ids},
    }
    for kind, find in sources.items():
        entries = list(SearchEntry.objects.filter(kind=kind).only("pk", "object_id"))
        found = find([e.object_id for e in entries])
        for entry in entries:
            entry.initiatives = _ids(found.get(entry.object_id, ()))
        SearchEntry.objects.bulk_update(entries, ["initiatives"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_vectors"),
        ("archive", "0006_search_and_meeting_links_move_out"),
        ("portfolio", "0003_focusarea_in_core"),
        ("followup", "0008_kpi_counted_from"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE archive_searchentry ADD COLUMN initiatives text NOT NULL DEFAULT ''",
                    "ALTER TABLE archive_searchentry DROP COLUMN initiatives",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="initiatives",
                    field=models.TextField(blank=True, default="", verbose_name="initiatives"),
                )
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
