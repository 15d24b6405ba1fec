"""PilotGrant.board_item goes: governance 0005 copied every grant's board item into its
PilotGrantDecision, the link governance now keeps."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0004_outcome_covering_index"),
        ("governance", "0005_pilotgrantdecision"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="pilotgrant",
            name="board_item",
        ),
    ]
