# The funder's report and the dashboards' figures, counted off indexes (issue #18).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0007_case_enterprise_category_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="supportcase",
            index=models.Index(
                fields=["platform", "opened_on", "category"], name="support_case_platform_opened"
            ),
        ),
        migrations.AddIndex(
            model_name="supportcase",
            index=models.Index(
                fields=["platform", "status", "closed_at", "category"], name="support_case_platform_closed"
            ),
        ),
        migrations.AddIndex(
            model_name="caseentry",
            index=models.Index(fields=["case", "date", "minutes"], name="support_entry_case_date"),
        ),
    ]
