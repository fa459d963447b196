"""Test helpers for support cases, on top of enterprises.testing.make_world."""

from dataclasses import dataclass

from django.db import transaction

from stodplattform.enterprises.testing import World

from .models import CaseEntry, Category, Prospect, SupportCase
from .services import open_case, sum_case_minutes


@dataclass
class Cases:
    case_a: SupportCase  # about enterprise A, not confidential, nobody assigned
    conf_a: SupportCase  # confidential HR case of enterprise A, assigned to the co-opted member
    conf_b: SupportCase  # confidential HR case of enterprise B, nobody assigned
    other: SupportCase  # on the other platform
    prospect: Prospect


def make_case(platform, *, by=None, **fields) -> SupportCase:
    fields.setdefault("title", "Ett ärende")
    fields.setdefault("category", Category.FINANCING)
    fields.setdefault("description", "Beskrivning av ärendet.")
    return open_case(platform=platform, by=by, **fields)


def make_entry(case, *, date, minutes, **fields) -> CaseEntry:
    """An entry on the case with its month's sum kept, as ``services.add_entry`` keeps it."""
    with transaction.atomic():
        entry = CaseEntry.objects.create(case=case, date=date, minutes=minutes, **fields)
        sum_case_minutes(platform_ids=[case.platform_id], months=[date])
    return entry


def make_cases(world: World) -> Cases:
    prospect = Prospect.objects.create(
        platform=world.platform,
        name="Cykelköket",
        contact_name="Anna Idé",
        municipality=world.platform.municipalities.first(),
    )
    return Cases(
        case_a=make_case(world.platform, title="Finansiering A", enterprise=world.enterprise_a),
        conf_a=make_case(
            world.platform,
            title="Personalärende A",
            category=Category.HR,
            enterprise=world.enterprise_a,
            confidential=True,
            assignee=world.coopted,
            status="open",
        ),
        conf_b=make_case(
            world.platform,
            title="Personalärende B",
            category=Category.HR,
            enterprise=world.enterprise_b,
            confidential=True,
        ),
        other=make_case(world.other_platform, title="Annan plattform", enterprise=world.other_enterprise),
        prospect=prospect,
    )
