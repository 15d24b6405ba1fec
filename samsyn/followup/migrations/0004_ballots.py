import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Answers become ballots, which name their respondent only in a named evaluation (0005 moves
    the answers, 0006 drops what led from an answer to a person); attempts count the answering
    pages' limits."""

    dependencies = [
        ("followup", "0003_statement_theme_as_written"),
    ]

    operations = [
        migrations.CreateModel(
            name="Ballot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "secret_hash",
                    models.CharField(max_length=64, unique=True, verbose_name="hash of the respondent's secret"),
                ),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ballots",
                        to="followup.evaluation",
                        verbose_name="evaluation",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.partnership",
                        verbose_name="partnership",
                    ),
                ),
                (
                    "respondent",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="ballot",
                        to="followup.respondent",
                        verbose_name="respondent",
                    ),
                ),
            ],
            options={"verbose_name": "answer", "verbose_name_plural": "answers"},
        ),
        migrations.CreateModel(
            name="Attempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=20, verbose_name="what was attempted")),
                ("key", models.CharField(max_length=64, verbose_name="hash of the visitor's address")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
            ],
            options={
                "verbose_name": "attempt",
                "verbose_name_plural": "attempts",
                "indexes": [models.Index(fields=["scope", "key", "at"], name="followup_at_scope_4b36da_idx")],
            },
        ),
        migrations.AddField(
            model_name="respondent",
            name="answered",
            field=models.BooleanField(default=False, verbose_name="has answered"),
        ),
        migrations.AddField(
            model_name="response",
            name="ballot",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responses",
                to="followup.ballot",
                verbose_name="answer",
            ),
        ),
    ]
