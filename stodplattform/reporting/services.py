"""Writes of the reporting app: the coordinator's part of the report to the funder."""

from django.db import transaction

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.platforms.models import Platform

from .models import FunderReport

FIELDS = (
    "staff_hours",
    "staff_cost",
    "other_costs",
    "people_planned_women",
    "people_planned_men",
    "people_planned_other",
    "text",
)


def save_funder_report(*, platform: Platform, year: int, data: dict, by: User | None) -> FunderReport:
    """Create or change the platform's entry for the year (one per platform and year)."""
    with transaction.atomic(), acting_as(by):
        entry, _created = FunderReport.objects.select_for_update().get_or_create(platform=platform, year=year)
        for name in FIELDS:
            setattr(entry, name, data.get(name))
        entry.text = entry.text or ""
        entry.save()
    return entry
