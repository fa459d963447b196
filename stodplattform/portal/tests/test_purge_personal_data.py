"""manage.py purge_personal_data: every kind's retention, reported per kind, safe to run twice."""

import datetime
import io

from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from stodplattform.accounts.models import AccountEvent, User
from stodplattform.events.models import Registration
from stodplattform.events.testing import make_event, make_registration
from stodplattform.interventions.models import Intervention
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings.models import Attendance
from stodplattform.meetings.testing import make_meeting
from stodplattform.platforms.models import Invitation, Membership, Role
from stodplattform.platforms.testing import make_member, make_user
from stodplattform.support.models import CaseStatus, Category, Prospect, SupportCase
from stodplattform.support.testing import make_case

NOW = timezone.now()


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def run() -> dict[str, int]:
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    report = {}
    for line in out.getvalue().splitlines():
        if not line.startswith(" "):
            key, count = line.split(": ")
            report[key] = int(count)
    return report


def make_old_and_new(world):
    """For each kind, one record past its retention ("old") and one within it ("new")."""
    platform = world.platform
    for ago in (400, 10):
        event = AccountEvent.objects.create(
            user=world.steering, email="x@test.example", kind=AccountEvent.Kind.LOGIN
        )
        AccountEvent.objects.filter(pk=event.pk).update(created_at=days_ago(ago))
        # A session that has ended (no live session behind it) and one still in use, started long ago.
        UserSession.objects.create(
            user=world.steering, ip="192.0.2.1", session_key=f"{ago:032d}", created_at=days_ago(ago)
        )
        if ago == 10:
            Session.objects.create(
                session_key=f"{ago:032d}", session_data="", expire_date=NOW + datetime.timedelta(hours=1)
            )
        invitation = Invitation.objects.create(
            platform=platform,
            email=f"inv{ago}@example.org",
            role=Role.STEERING,
            key="k",
            accepted_at=days_ago(ago),
        )
        Invitation.objects.filter(pk=invitation.pk).update(created_at=days_ago(ago))
        case = make_case(platform, requester_name=f"Sökande {ago}", requester_email=f"s{ago}@example.org")
        SupportCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=days_ago(ago * 3))
        confidential = make_case(
            platform,
            category=Category.HR,
            confidential=True,
            enterprise=world.enterprise_a,
            requester_name=f"HR {ago}",
        )
        SupportCase.objects.filter(pk=confidential.pk).update(
            status=CaseStatus.CLOSED, closed_at=days_ago(ago * 2)
        )
        prospect = Prospect.objects.create(
            platform=platform,
            name=f"Idé {ago}",
            contact_name=f"Idégivare {ago}",
            contact_email=f"ide{ago}@example.org",
            municipality=platform.municipalities.first(),
        )
        Prospect.objects.filter(pk=prospect.pk).update(updated_at=days_ago(ago * 2))
        year = NOW.year - (11 if ago == 400 else 1)
        make_budget(platform, year=year)
        intervention = make_intervention(world, year=year)
        Intervention.objects.filter(pk=intervention.pk).update(applicant=world.coordinator)
        meeting = make_meeting(platform, days=-(ago * 10))
        Attendance.objects.create(meeting=meeting, user=world.steering, status=Attendance.Status.PRESENT)
        event = make_event(platform, f"Seminarium {ago}", days=-(ago // 2))
        make_registration(event, name=f"Deltagare {ago}", email=f"d{ago}@example.org")
        LogEntry.objects.filter(pk=LogEntry.objects.latest("pk").pk).update(timestamp=days_ago(ago * 10))
    closed = make_user("stangd", is_active=False)
    make_member(platform, closed, Role.STEERING, ends_on=days_ago(800).date(), starts_on=days_ago(900).date())
    User.objects.filter(pk=closed.pk).update(date_joined=days_ago(900), last_login=days_ago(800))
    return closed


def test_every_kind_is_purged_once(world):
    closed = make_old_and_new(world)

    first = run()

    assert first["sign_in"] == 2  # the old event and the long-idle session
    assert first["invitations"] == 1
    assert first["support_requests"] == 1
    assert first["confidential_cases"] == 1
    assert first["prospects"] == 1
    assert first["applicants"] == 1
    assert first["meetings"] == 1
    assert first["registrations"] == 1
    assert first["history"] >= 1
    assert first["accounts"] == 1

    assert not AccountEvent.objects.filter(created_at__lt=days_ago(365)).exists()
    assert AccountEvent.objects.filter(created_at__gt=days_ago(20)).exists()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [f"{10:032d}"]
    assert set(Invitation.objects.values_list("email", flat=True)) == {"", "inv10@example.org"}
    assert set(
        SupportCase.objects.filter(status=CaseStatus.CLOSED).values_list("requester_name", flat=True)
    ) == {
        "",
        "Sökande 10",
        "HR 10",
    }
    assert set(Prospect.objects.values_list("contact_name", flat=True)) == {"", "Idégivare 10"}
    assert Intervention.objects.filter(applicant=world.coordinator).count() == 1
    assert Attendance.objects.count() == 1
    assert set(Registration.objects.values_list("name", flat=True)) == {"", "Deltagare 10"}
    assert not LogEntry.objects.filter(timestamp__lt=days_ago(3650)).exists()
    closed.refresh_from_db()
    assert closed.full_name == "Borttagen person" and closed.email.endswith("@erased.invalid")
    # Other accounts and their roles are untouched.
    assert Membership.objects.current().filter(user=world.coordinator).exists()

    second = run()
    assert set(second) == set(first)
    assert all(count == 0 for count in second.values()), second


def test_retention_settings_are_read(world, settings):
    prospect = Prospect.objects.create(
        platform=world.platform,
        name="Idé",
        contact_name="Idégivare",
        municipality=world.platform.municipalities.first(),
    )
    Prospect.objects.filter(pk=prospect.pk).update(updated_at=days_ago(100))
    assert run()["prospects"] == 0
    settings.SUPPORT_PROSPECT_RETENTION_MONTHS = 3
    assert run()["prospects"] == 1
