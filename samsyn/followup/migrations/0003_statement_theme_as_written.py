from django.db import migrations, models


def themes_as_words(apps, schema_editor):
    """A theme was a slug ("styrning-och-ledning"); it becomes the words people read ("Styrning och ledning")."""
    Statement = apps.get_model("followup", "Statement")
    for statement in Statement.objects.exclude(theme="").filter(theme__contains="-"):
        words = statement.theme.replace("-", " ")
        statement.theme = words[:1].upper() + words[1:]
        statement.save(update_fields=["theme"])


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_focusarea_in_core"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statement",
            name="theme",
            field=models.CharField(blank=True, max_length=80, verbose_name="theme"),
        ),
        migrations.RunPython(themes_as_words, migrations.RunPython.noop),
    ]
