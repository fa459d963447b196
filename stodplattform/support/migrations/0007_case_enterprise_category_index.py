# The inbox filtered by enterprise and category (perf21).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0006_case_open_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="supportcase",
            index=models.Index(
                fields=["enterprise", "category", "priority", "-opened_on", "-id"],
                name="support_case_enterprise_cat",
            ),
        ),
    ]
