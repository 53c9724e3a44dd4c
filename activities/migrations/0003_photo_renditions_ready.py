from django.db import migrations, models


class Migration(migrations.Migration):
    """Photos stored before this change had their renditions written with them: ready."""

    dependencies = [
        ("activities", "0002_activity_legacy_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="renditions_ready",
            field=models.BooleanField(
                default=True, editable=False, verbose_name="renditions ready"
            ),
        ),
        migrations.AlterField(
            model_name="photo",
            name="renditions_ready",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="renditions ready"
            ),
        ),
    ]
