"""The people planned to be reached, by gender (women, men, other/not stated), as the funder's
follow-up counts them. A number entered before had no gender: it moves to "other/not stated"
(women and men 0)."""

from django.db import migrations, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce


def total_to_other(apps, schema_editor):
    FunderReport = apps.get_model("reporting", "FunderReport")
    FunderReport.objects.filter(people_planned__isnull=False).update(
        people_planned_women=0, people_planned_men=0, people_planned_other=F("people_planned")
    )


def other_to_total(apps, schema_editor):
    FunderReport = apps.get_model("reporting", "FunderReport")
    FunderReport.objects.filter(
        Q(people_planned_women__isnull=False)
        | Q(people_planned_men__isnull=False)
        | Q(people_planned_other__isnull=False)
    ).update(
        people_planned=Coalesce("people_planned_women", Value(0))
        + Coalesce("people_planned_men", Value(0))
        + Coalesce("people_planned_other", Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="funderreport",
            name="people_planned_women",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="people planned to be reached: women"
            ),
        ),
        migrations.AddField(
            model_name="funderreport",
            name="people_planned_men",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="people planned to be reached: men"
            ),
        ),
        migrations.AddField(
            model_name="funderreport",
            name="people_planned_other",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="people planned to be reached: other/not stated"
            ),
        ),
        migrations.RunPython(total_to_other, other_to_total, elidable=False),
        migrations.RemoveField(model_name="funderreport", name="people_planned"),
    ]
