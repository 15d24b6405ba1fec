"""SearchEntry, taken over from the archive with its table (archive 0006 lets it go).

The table archive_searchentry was made by archive 0001 and given its full-text parts by archive
0003-0005 (PostgreSQL: unaccent, the samsyn_swedish configuration, the tsvector column and its GIN
index, the narrow rows; SQLite: the FTS5 table, its delete trigger, the covering filter index).
All of it stays as it is: this migration changes only Django's picture, and the content type, so
that permissions on search entries keep their rows.
"""

import django.db.models.deletion
from django.db import migrations, models


def _content_type_move(app_from, app_to):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=app_to, model="searchentry").exists():
            ContentType.objects.filter(app_label=app_from, model="searchentry").update(app_label=app_to)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("archive", "0006_search_and_meeting_links_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_agreement_spending_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("document", "Document"),
                                    ("initiative", "Initiative"),
                                    ("agenda_item", "Meeting item"),
                                    ("learning", "Learning log"),
                                    ("impact_story", "Impact story"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                        ("title", models.CharField(max_length=300, verbose_name="title")),
                        ("body", models.TextField(blank=True, verbose_name="body")),
                        ("folded", models.TextField(blank=True, verbose_name="normalised text")),
                        ("year", models.PositiveIntegerField(blank=True, null=True, verbose_name="year")),
                        (
                            "focus_areas",
                            models.CharField(blank=True, default="", max_length=200, verbose_name="focus areas"),
                        ),
                        (
                            "access",
                            models.CharField(
                                choices=[
                                    ("public", "Public"),
                                    ("internal", "Internal"),
                                    ("restricted", "Restricted to named roles"),
                                ],
                                default="internal",
                                max_length=20,
                                verbose_name="access level",
                            ),
                        ),
                        (
                            "roles",
                            models.CharField(blank=True, default="", max_length=400, verbose_name="roles with access"),
                        ),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="address")),
                        ("filename", models.CharField(blank=True, max_length=255, verbose_name="file name")),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.partnership",
                                verbose_name="partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "search entry",
                        "verbose_name_plural": "search entries",
                        "db_table": "archive_searchentry",
                        "indexes": [
                            models.Index(fields=["partnership", "kind", "year"], name="archive_sea_partner_284f14_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("partnership", "kind", "object_id"), name="searchentry_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_content_type_move("archive", "search"), _content_type_move("search", "archive")),
    ]
