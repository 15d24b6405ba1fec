"""Meeting.documents: the link the archive had as Document.meetings (archive 0002), now governance's.

Same table (archive_document_meetings) and columns (meeting_id, document_id): only Django's
picture moves (archive 0006 lets the field go), every attached document stays attached.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_search_and_meeting_links_move_out"),
        ("governance", "0003_focusarea_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="meeting",
                    name="documents",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="archive_document_meetings",
                        related_name="meetings",
                        to="archive.document",
                        verbose_name="documents",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
