"""Test helpers for reporting: a year of work on platform A (and a little on B), on make_world."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from stodplattform.enterprises.testing import World
from stodplattform.events.models import Registration
from stodplattform.events.testing import make_event, make_registration
from stodplattform.followup.models import FigureStatus, KeyFigures
from stodplattform.interventions.services import record_expense
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings.models import Attendance, Kind
from stodplattform.meetings.testing import make_meeting
from stodplattform.support.models import Category, SupportCase, TimeCategory, TimeEntry
from stodplattform.support.testing import make_case, make_entry

YEAR = 2026


@dataclass
class Activity:
    world: World
    year: int


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def make_activity(world: World, *, year: int = YEAR, scale: int = 1) -> Activity:
    """Cases, time, budget, meetings, events and key figures on platform A in ``year``.

    ``scale`` repeats the cases, entries and registrations: the same pages on more data
    (query counts must not grow with it).
    """
    platform, other = world.platform, world.other_platform
    for n in range(scale):
        day = 1 + n % 27
        financing = make_case(platform, enterprise=world.enterprise_a, title=f"Finansiering {n}")
        hr = make_case(
            platform, category=Category.HR, enterprise=world.enterprise_b, confidential=True, title=f"HR {n}"
        )
        startup = make_case(platform, category=Category.STARTUP, title=f"Start {n}")
        SupportCase.objects.filter(pk=financing.pk).update(opened_on=datetime.date(year, 2, day))
        SupportCase.objects.filter(pk=hr.pk).update(opened_on=datetime.date(year, 3, day))
        SupportCase.objects.filter(pk=startup.pk).update(
            opened_on=datetime.date(year, 3, day), status="closed", closed_at=at(year, 4, day)
        )
        make_entry(financing, date=datetime.date(year, 2, day), minutes=90)
        make_entry(hr, date=datetime.date(year, 3, day), minutes=45)
        make_entry(startup, date=datetime.date(year, 3, day), minutes=30)
        # Another year's and another platform's: never counted.
        make_entry(financing, date=datetime.date(year - 1, 12, 31), minutes=600)
        other_case = make_case(other, enterprise=world.other_enterprise, title=f"Annan {n}")
        make_entry(other_case, date=datetime.date(year, 2, day), minutes=500)
        TimeEntry.objects.create(
            platform=platform,
            person=world.coordinator,
            date=datetime.date(year, 5, day),
            category=TimeCategory.NETWORK,
            minutes=120,
        )
        TimeEntry.objects.create(
            platform=other,
            person=world.outsider,
            date=datetime.date(year, 5, day),
            category=TimeCategory.NETWORK,
            minutes=999,
        )

    make_budget(platform, year=year, total="100000.00")
    make_budget(other, year=year, total="50000.00")
    running = make_intervention(world, state="in_progress", requested="20000.00", year=year)
    record_expense(
        running,
        date=datetime.date(year, 3, 15),
        amount=Decimal("5000.00"),
        supplier="Kurs AB",
        by=world.coordinator,
    )
    make_intervention(world, state="approved", requested="10000.00", year=year, category="marketing")
    make_intervention(world, state="submitted", requested="7000.00", year=year)

    network = make_meeting(platform, days=0, starts_at=at(year, 3, 10, 13), ends_at=at(year, 3, 10, 15))
    steering = make_meeting(
        platform, kind=Kind.STEERING, starts_at=at(year, 4, 10, 13), ends_at=at(year, 4, 10, 15)
    )
    Attendance.objects.create(
        meeting=network, user=world.manager_a, enterprise=world.enterprise_a, status="present"
    )
    Attendance.objects.create(
        meeting=network, user=world.manager_b, enterprise=world.enterprise_b, status="absent"
    )
    Attendance.objects.create(meeting=steering, user=world.steering, status="present")
    Attendance.objects.create(meeting=steering, user=world.coordinator, status="present")

    seminar = make_event(
        platform, "Seminariet om bokföring", starts_at=at(year, 9, 5), ends_at=at(year, 9, 5, 15)
    )
    for n in range(6 * scale):
        registration = make_registration(seminar, name=f"Deltagare Nummer{n}", email=f"d{n}@example.org")
        if n % 2 == 0:
            Registration.objects.filter(pk=registration.pk).update(checked_in_at=at(year, 9, 5))

    KeyFigures.objects.create(
        enterprise=world.enterprise_a,
        year=year,
        status=FigureStatus.CHECKED,
        net_turnover=Decimal("1200000.00"),
        grants=Decimal("300000.00"),
        wage_bill=Decimal("800000.00"),
        employees_women=6,
        employees_men=4,
        employees_other=1,
        occupied_women=3,
        occupied_men=2,
        target_group_women=5,
        target_group_men=4,
        ended_work_women=2,
        ended_work_men=1,
    )
    KeyFigures.objects.create(
        enterprise=world.enterprise_b,
        year=year,
        status=FigureStatus.SUBMITTED,
        net_turnover=Decimal("400000.00"),
        employees_women=2,
        employees_men=3,
        occupied_men=1,
        target_group_men=2,
    )
    # A draft is not counted; nor is another platform's.
    KeyFigures.objects.create(enterprise=world.hidden, year=year, employees_women=50)
    KeyFigures.objects.create(
        enterprise=world.other_enterprise, year=year, status=FigureStatus.CHECKED, employees_men=9
    )
    return Activity(world=world, year=year)
