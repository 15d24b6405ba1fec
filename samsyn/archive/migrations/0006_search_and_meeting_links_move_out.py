"""The search index and the meeting-document link leave the archive, their tables stay.

SearchEntry is the search app's model now (search 0001 takes it over, same table), and the link
to meetings is governance's Meeting.documents (governance 0004, same table and columns). Only
Django's picture of the models changes here: nothing is dropped, no row moves, and the full-text
parts of 0003-0005 stay on archive_searchentry.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_search_narrow_rows")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="document", name="meetings"),
                migrations.DeleteModel(name="SearchEntry"),
            ],
            database_operations=[],
        ),
    ]
