import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """An answer no longer names its respondent, nor when it was given; an invitation has no link of its own."""

    dependencies = [("followup", "0005_answers_in_ballots")]

    operations = [
        migrations.RemoveConstraint(model_name="response", name="response_once_unique"),
        migrations.AlterModelOptions(
            name="response",
            options={
                "ordering": ["statement", "ballot"],
                "verbose_name": "response",
                "verbose_name_plural": "responses",
            },
        ),
        migrations.RemoveField(model_name="response", name="respondent"),
        migrations.RemoveField(model_name="response", name="answered_at"),
        migrations.AlterField(
            model_name="response",
            name="ballot",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responses",
                to="followup.ballot",
                verbose_name="answer",
            ),
        ),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(fields=("statement", "ballot"), name="response_once_per_ballot"),
        ),
        migrations.RemoveField(model_name="respondent", name="token"),
        migrations.RemoveField(model_name="respondent", name="invited"),
        migrations.RemoveField(model_name="respondent", name="answered_at"),
    ]
