"""People reached by gender (women, men, other/not stated), as the funder's follow-up counts
them. A report made before had one total: it moves to "other/not stated", since its gender was
never stated (women and men 0). The total is now their sum (``Intervention.people_reached``)."""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce


def total_to_other(apps, schema_editor):
    Intervention = apps.get_model("interventions", "Intervention")
    Intervention.objects.filter(people_reached__isnull=False).update(
        people_reached_women=0, people_reached_men=0, people_reached_other=F("people_reached")
    )


def other_to_total(apps, schema_editor):
    Intervention = apps.get_model("interventions", "Intervention")
    Intervention.objects.filter(
        models.Q(people_reached_women__isnull=False)
        | models.Q(people_reached_men__isnull=False)
        | models.Q(people_reached_other__isnull=False)
    ).update(
        people_reached=Coalesce("people_reached_women", Value(0))
        + Coalesce("people_reached_men", Value(0))
        + Coalesce("people_reached_other", Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0003_expense_review_and_decision_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="intervention",
            name="people_reached_women",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="A count only: no names.",
                null=True,
                verbose_name="people reached: women",
            ),
        ),
        migrations.AddField(
            model_name="intervention",
            name="people_reached_men",
            field=models.PositiveIntegerField(
                blank=True, help_text="A count only: no names.", null=True, verbose_name="people reached: men"
            ),
        ),
        migrations.AddField(
            model_name="intervention",
            name="people_reached_other",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Those whose gender is other or not known. A count only: no names.",
                null=True,
                verbose_name="people reached: other/not stated",
            ),
        ),
        migrations.RunPython(total_to_other, other_to_total, elidable=False),
        migrations.RemoveField(model_name="intervention", name="people_reached"),
    ]
