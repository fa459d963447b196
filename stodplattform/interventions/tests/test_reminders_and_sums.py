"""The reminder command and query counts that do not grow (the demo's overview to the krona: portal/tests/test_demo.py)."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.interventions import services
from stodplattform.interventions.models import Intervention, Status
from stodplattform.interventions.testing import make_budget, make_intervention


def test_reminders_go_out_once(world):
    make_budget(world.platform)
    due = make_intervention(world, state="in_progress", ends_on=datetime.date(2026, 5, 31))
    make_intervention(world, state="reported")  # already reported
    make_intervention(
        world,
        state="approved",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2099, 1, 1),
        year=2026,
    )
    out = StringIO()
    call_command("send_report_reminders", stdout=out)
    call_command("send_report_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.coordinator.email]  # the applicant
    assert reverse("interventions-report", args=[due.pk]) in mail.outbox[0].body
    due.refresh_from_db()
    assert due.report_reminder_sent_at is not None and due.report_reminder_sent_to == world.coordinator.email
    assert "1 reminder(s) sent." in out.getvalue() and "0 reminder(s) sent." in out.getvalue()


def test_a_row_claimed_elsewhere_is_not_sent_again(world):
    """Another run claimed the row between the query and the update: nothing is sent."""
    make_budget(world.platform)
    due = make_intervention(world, state="in_progress")
    Intervention.objects.filter(pk=due.pk).update(
        report_reminder_sent_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    )
    assert services.send_report_reminders() == 0
    assert not mail.outbox


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


def _same(few, many):
    if len(few) != len(many):
        listing = "\n".join(["-- few:"] + [q["sql"] for q in few] + ["-- many:"] + [q["sql"] for q in many])
        pytest.fail(f"{len(few)} queries with few interventions, {len(many)} with many:\n{listing}")
    return len(few)


def _add(world, n):
    for i in range(n):
        intervention = make_intervention(
            world,
            state=["approved", "submitted", "prepared"][i % 3],
            requested="100",
            enterprise=[world.enterprise_a, world.enterprise_b][i % 2],
        )
        if intervention.status == Status.APPROVED:
            services.record_expense(
                intervention,
                date=datetime.date(2026, 3, 1),
                amount=Decimal("50"),
                supplier="X",
                by=world.coordinator,
            )
        if i % 5 == 0:
            intervention.enterprises.add(world.hidden)


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("coordinator", "budget"),
        ("observer", "budget"),
        ("coordinator", "list"),
        ("manager_a", "list"),
        ("coordinator", "start"),
        ("steering", "start"),
        ("manager_a", "start"),
        ("observer", "start"),
    ],
)
def test_query_counts_do_not_grow_with_interventions(client, world, persona, page):
    make_budget(world.platform)
    url = {
        "budget": reverse("interventions-budget", args=[world.platform.slug]) + "?year=2026",
        "list": reverse("interventions-list"),
        "start": reverse("portal-start"),
    }[page]
    client.force_login(getattr(world, persona))
    _add(world, 2)
    few = _count(client, url)
    _add(world, 12)
    many = _count(client, url)
    count = _same(few, many)
    print(f"{persona} {page}: {count} queries")  # noqa: T201 (reported with -s)


def test_detail_query_count_is_bounded(client, world):
    make_budget(world.platform)
    intervention = make_intervention(world, state="approved", requested="1000")
    client.force_login(world.coordinator)
    url = reverse("interventions-detail", args=[intervention.pk])
    client.get(url)  # content types are cached after the first request
    few = _count(client, url)
    for _ in range(5):
        services.record_expense(
            intervention,
            date=datetime.date(2026, 3, 1),
            amount=Decimal("10"),
            supplier="X",
            by=world.coordinator,
        )
    _same(few, _count(client, url))
