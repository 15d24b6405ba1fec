"""PilotGrantDecision: the board item that decided a pilot grant, which economy kept as
PilotGrant.board_item (economy 0003), now governance's.

Every grant's board item is copied into the new link; economy 0005 then lets its field go.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_board_items(apps, schema_editor):
    PilotGrant = apps.get_model("economy", "PilotGrant")
    PilotGrantDecision = apps.get_model("governance", "PilotGrantDecision")
    PilotGrantDecision.objects.bulk_create(
        PilotGrantDecision(pilot_grant_id=grant_id, board_item_id=item_id)
        for grant_id, item_id in PilotGrant.objects.filter(board_item__isnull=False).values_list("pk", "board_item_id")
    )


def copy_board_items_back(apps, schema_editor):
    PilotGrant = apps.get_model("economy", "PilotGrant")
    PilotGrantDecision = apps.get_model("governance", "PilotGrantDecision")
    for grant_id, item_id in PilotGrantDecision.objects.values_list("pilot_grant_id", "board_item_id"):
        PilotGrant.objects.filter(pk=grant_id).update(board_item_id=item_id)


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0004_outcome_covering_index"),
        ("governance", "0004_meeting_documents"),
    ]

    operations = [
        migrations.CreateModel(
            name="PilotGrantDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "board_item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pilot_grant_decisions",
                        to="governance.agendaitem",
                        verbose_name="board meeting item",
                    ),
                ),
                (
                    "pilot_grant",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="board_decision",
                        to="economy.pilotgrant",
                        verbose_name="pilot grant",
                    ),
                ),
            ],
            options={
                "verbose_name": "board decision on pilot money",
                "verbose_name_plural": "board decisions on pilot money",
            },
        ),
        migrations.RunPython(copy_board_items, copy_board_items_back),
    ]
