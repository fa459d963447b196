"""The budget sums of many budgets at once (an observer's or steering member's start page) agree
with each budget's own summary, in two queries however many budgets there are."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.interventions import services
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.platforms.models import Role
from stodplattform.platforms.testing import make_member, make_platform

YEAR = timezone.localdate().year


def _spend(intervention, amount, world):
    """An expense the coordinator records, approved as it is recorded."""
    return services.record_expense(
        intervention,
        date=datetime.date(YEAR, 1, 15),
        amount=Decimal(amount),
        supplier="Byrån",
        by=world.coordinator,
    )


def test_the_totals_of_many_budgets_are_their_summaries_totals(world, django_assert_max_num_queries):
    ours = make_budget(world.platform, year=YEAR, total="50000.00")
    theirs = make_budget(world.other_platform, year=YEAR, total="20000.00")
    # Approved, with 2 500,50 spent: it holds 10 000, of which 7 499,50 is committed.
    approved = make_intervention(world, state="approved", year=YEAR)
    _spend(approved, "2500.50", world)
    # Started and then closed after spending 3 000: it holds what it spent.
    closed = make_intervention(world, state="in_progress", requested="4000.00", year=YEAR)
    _spend(closed, "3000.00", world)
    services.report_intervention(
        closed,
        done="Gjort",
        people_reached_women=1,
        people_reached_men=0,
        people_reached_other=0,
        assessment="Bra",
        by=world.coordinator,
    )
    services.close_intervention(closed, by=world.coordinator)
    # Cancelled after spending 500.
    cancelled = make_intervention(world, state="approved", requested="2000.00", year=YEAR)
    _spend(cancelled, "500.00", world)
    services.cancel_intervention(cancelled, by=world.coordinator)
    # A draft and a submitted application hold nothing.
    make_intervention(world, state="draft", year=YEAR)
    make_intervention(world, state="submitted", year=YEAR)
    # The other platform's.
    make_intervention(world, platform=world.other_platform, state="approved", requested="4000.00", year=YEAR)

    with django_assert_max_num_queries(2):
        totals = services.budget_totals([ours, theirs])

    expected = {
        ours.pk: (Decimal("50000.00"), Decimal("7499.50"), Decimal("6000.50"), Decimal("36500.00")),
        theirs.pk: (Decimal("20000.00"), Decimal("4000.00"), Decimal("0.00"), Decimal("16000.00")),
    }
    for budget in (ours, theirs):
        got = totals[budget.pk]
        summary = services.budget_summary(budget).total
        assert (got.budget, got.committed, got.spent, got.remaining) == expected[budget.pk]
        assert (summary.budget, summary.committed, summary.spent, summary.remaining) == expected[budget.pk]
    # A budget without interventions: nothing committed or spent.
    assert services.budget_totals([]) == {}


def test_the_observers_start_page_shows_the_sums_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    make_budget(world.platform, year=YEAR, total="50000.00")
    approved = make_intervention(world, state="approved", year=YEAR)
    _spend(approved, "2500.50", world)
    client.force_login(world.observer)
    url = reverse("portal-start")
    client.get(url)  # the session's first view reads what later views keep
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert f"Budget för riktade insatser {YEAR}" in html
    for figure in (
        "50\u00a0000,00\u00a0kr",
        "7\u00a0499,50\u00a0kr",
        "2\u00a0500,50\u00a0kr",
        "40\u00a0000,00\u00a0kr",
    ):
        assert figure in html
    # Nine more platforms' budgets: not one query more.
    for n in range(9):
        platform = make_platform(f"Plattform {n}", f"plattform-{n}", "2085")
        make_member(platform, world.observer, Role.OBSERVER)
        make_budget(platform, year=YEAR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('<dt class="col-6">Kvar</dt>') == 10
