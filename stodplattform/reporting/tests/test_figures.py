"""Each figure against sums computed here, independently, from the rows themselves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from stodplattform.core.durations import decimal_hours, hours_and_minutes
from stodplattform.events.testing import make_event
from stodplattform.followup.models import GENDERS, KeyFigures
from stodplattform.interventions.models import Budget
from stodplattform.interventions.services import budget_summary
from stodplattform.meetings.models import Attendance
from stodplattform.meetings.testing import make_meeting
from stodplattform.reporting import figures
from stodplattform.reporting.figures import Period
from stodplattform.reporting.testing import YEAR, at, make_activity
from stodplattform.support.models import CaseEntry, SupportCase, TimeEntry


@pytest.fixture
def activity(world):
    return make_activity(world)


def a(activity):
    return [activity.world.platform.pk]


def test_period_checks_its_order():
    with pytest.raises(ValidationError, match="slutar innan den börjar"):
        Period(datetime.date(2026, 5, 1), datetime.date(2026, 4, 30))
    assert Period.year(2026).months[0] == (2026, 1) and len(Period.year(2026).months) == 12
    assert Period.half_year(2026, 2).start == datetime.date(2026, 7, 1)
    assert Period(datetime.date(2025, 11, 15), datetime.date(2026, 2, 1)).months == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    with pytest.raises(ValidationError):
        Period.half_year(2026, 3)


def test_cases_opened_and_closed(activity):
    period = Period.year(YEAR)
    opened = figures.cases_opened(a(activity), period)
    cases = SupportCase.objects.filter(platform=activity.world.platform, opened_on__year=YEAR)
    assert opened.total == cases.count() == 3
    assert opened.value("financing", f"{YEAR}-02") == 1
    assert opened.value("hr", f"{YEAR}-03") == 1
    closed = figures.cases_closed(a(activity), period)
    assert closed.total == 1 and closed.value("startup", f"{YEAR}-04") == 1
    # The first half-year sees them all; the second none.
    assert figures.cases_opened(a(activity), Period.half_year(YEAR, 2)).total == 0


def test_months_and_days_are_local_time(world):
    """A case closed at 00:30 on 1 February, Swedish time (23:30 on 31 January in UTC), counts in
    February; one closed at 23:30 on 31 December counts in that year, not the next. The same
    edges for a meeting and an event, and a period of years is counted by month too."""
    from stodplattform.events.testing import make_event
    from stodplattform.meetings.testing import make_meeting
    from stodplattform.reporting.testing import at
    from stodplattform.support.testing import make_case

    platform = world.platform
    for title, opened, closed in (
        ("Natt", datetime.date(YEAR, 1, 20), at(YEAR, 2, 1, 0).replace(minute=30)),
        ("Nyår", datetime.date(YEAR - 1, 12, 1), at(YEAR - 1, 12, 31, 23).replace(minute=30)),
    ):
        case = make_case(platform, title=title)
        SupportCase.objects.filter(pk=case.pk).update(opened_on=opened, status="closed", closed_at=closed)
    closed = figures.cases_closed([platform.pk], Period.year(YEAR))
    assert closed.total == 1 and closed.value("financing", f"{YEAR}-02") == 1
    last_year = figures.cases_closed([platform.pk], Period.year(YEAR - 1))
    assert last_year.total == 1 and last_year.value("financing", f"{YEAR - 1}-12") == 1
    opened = figures.cases_opened([platform.pk], Period.year(YEAR))
    assert opened.total == 1 and opened.value("financing", f"{YEAR}-01") == 1

    # Three years: the same counts, month by month (grouped in the database, not one count each).
    years = Period(datetime.date(YEAR - 2, 1, 1), datetime.date(YEAR, 12, 31))
    assert len(years.months) > figures.MONTHS_COUNTED_APART
    long = figures.cases_closed([platform.pk], years)
    assert long.total == 2
    assert long.value("financing", f"{YEAR}-02") == long.value("financing", f"{YEAR - 1}-12") == 1
    assert figures.cases_opened([platform.pk], years).total == 2

    midnight = at(YEAR, 1, 1, 0)
    meeting = make_meeting(platform, days=0, starts_at=midnight, ends_at=at(YEAR, 1, 1, 2))
    make_event(platform, "Nyårsträffen", starts_at=midnight, ends_at=at(YEAR, 1, 1, 2))
    assert figures.meetings([platform.pk], Period.year(YEAR)).value(meeting.kind, "held") == 1
    assert figures.meetings([platform.pk], Period.year(YEAR - 1)).value(meeting.kind, "held") == 0
    assert figures.events([platform.pk], Period.year(YEAR)).value("seminar", "events") == 1
    assert figures.events([platform.pk], Period.year(YEAR - 1)).value("seminar", "events") == 0
    # Any dates at all (the API takes them): no moment out of range.
    everything = Period(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
    assert figures.meetings([platform.pk], everything).value(meeting.kind, "held") == 1


def test_support_time(activity):
    period = Period.year(YEAR)
    table = figures.support_time(a(activity), period)
    in_cases = sum(
        e.minutes
        for e in CaseEntry.objects.all()
        if e.case.platform_id == activity.world.platform.pk and e.date.year == YEAR
    )
    outside = sum(
        e.minutes
        for e in TimeEntry.objects.all()
        if e.platform_id == activity.world.platform.pk and e.date.year == YEAR
    )
    assert table.column_sums == [in_cases, outside] == [165, 120]
    assert table.value("case:financing", "cases") == 90
    by_enterprise = figures.support_time_by_enterprise(a(activity), period)
    labels = {
        label: row[0] for (_k, label), row in zip(by_enterprise.rows, by_enterprise.values, strict=True)
    }
    assert labels == {"Hundcentret B": 45, "Återbruket A": 90, "Inte kopplad till något företag": 30}
    assert by_enterprise.total == 165
    # Without confidential cases, enterprise B's HR time is left out.
    assert figures.support_time_by_enterprise(a(activity), period, include_confidential=False).total == 120


def test_hours_and_minutes():
    assert hours_and_minutes(0) == "0 min"
    assert hours_and_minutes(45) == "45 min"
    assert hours_and_minutes(165) == "2 tim 45 min"
    assert hours_and_minutes(60 * 1234 + 5) == "1\xa0234 tim 05 min"
    assert decimal_hours(165) == Decimal("2.75")


def test_budget_equals_the_budget_overview(activity):
    result = figures.budget(a(activity), Period.year(YEAR))
    summary = budget_summary(Budget.objects.get(platform=activity.world.platform, year=YEAR))
    assert result.budget == summary.total.budget == Decimal("100000.00")
    assert result.committed == summary.total.committed == Decimal("25000.00")
    assert result.spent == summary.total.spent == Decimal("5000.00")
    assert result.left == summary.total.remaining == Decimal("70000.00")
    assert result.by_category.value("marketing", "committed") == Decimal("10000.00")


def test_a_year_without_budget(world):
    result = figures.budget([world.platform.pk], Period.year(2019))
    assert not result.has_budget and result.left is None and result.committed == 0


def test_meetings_and_events(activity):
    period = Period.year(YEAR)
    table = figures.meetings(a(activity), period)
    assert table.value("network", "held") == 1 and table.value("steering", "held") == 1
    present = Attendance.objects.filter(status="present").count()
    assert table.column_sums[1] == present == 3
    assert table.value("network", "absent") == 1
    events = figures.events(a(activity), period)
    assert events.value("seminar", "events") == 1
    assert events.value("seminar", "registered") == 6
    assert events.value("seminar", "participants") == 3


def test_a_meeting_and_an_event_with_nobody_recorded_count_too(activity):
    """Counted in one pass over the meetings (events) joined to their attendance (registrations):
    one with none is still held, and adds nobody."""
    platform = activity.world.platform
    make_meeting(platform, starts_at=at(YEAR, 5, 10, 13), ends_at=at(YEAR, 5, 10, 15))
    make_event(platform, "Tomma mässan", starts_at=at(YEAR, 10, 1), ends_at=at(YEAR, 10, 1, 15))
    period = Period.year(YEAR)
    table = figures.meetings(a(activity), period)
    assert table.value("network", "held") == 2
    assert [table.value("network", s) for s in ("present", "absent", "excused")] == [1, 1, 0]
    events = figures.events(a(activity), period)
    assert events.value("seminar", "events") == 2
    assert (events.value("seminar", "registered"), events.value("seminar", "participants")) == (6, 3)


def test_enterprises(activity):
    table = figures.enterprises(a(activity), Period.year(YEAR))
    assert table.value("active", "all") == 3
    assert table.value("active", "supported") == 2


def test_supported_by_time_alone(world):
    """An enterprise whose case was opened before the period counts as supported in it when time
    was spent on the case in the period; time on another platform's case does not count."""
    from stodplattform.support.testing import make_case, make_entry

    old = make_case(world.platform, enterprise=world.enterprise_a, title="Gammalt")
    SupportCase.objects.filter(pk=old.pk).update(opened_on=datetime.date(YEAR - 1, 6, 1))
    period = Period.year(YEAR)
    assert figures.enterprises([world.platform.pk], period).column_sums[1] == 0
    other = make_case(world.other_platform, enterprise=world.other_enterprise, title="Annat")
    make_entry(other, date=datetime.date(YEAR, 5, 1), minutes=30)
    assert figures.enterprises([world.platform.pk], period).column_sums[1] == 0
    make_entry(old, date=datetime.date(YEAR, 5, 1), minutes=30)
    table = figures.enterprises([world.platform.pk], period)
    assert table.column_sums[1] == 1
    assert figures.enterprises([world.platform.pk], Period.year(YEAR + 1)).column_sums[1] == 0


def test_key_figures(activity):
    sums = figures.key_figures(a(activity), YEAR)
    counted = KeyFigures.objects.filter(
        enterprise__platform=activity.world.platform, year=YEAR, status__in=["submitted", "checked"]
    )
    for name in ("employees", "occupied", "target_group", "ended_work"):
        for gender in GENDERS:
            assert sums.persons.value(name, gender) == sum(getattr(k, f"{name}_{gender}") for k in counted)
    assert sums.persons.value("employees", "women") == 8
    assert sums.reporting == 2 and sums.checked == 1
    assert sums.all_occupied == sum(k.all_occupied for k in counted) == 22
    assert sums.target_group_share == Decimal(11) / Decimal(22)
    assert sums.money.value("net_turnover", "sum") == Decimal("1600000.00")
    assert sums.money.value("result_after_financial_items", "sum") == Decimal("0.00")


def test_key_figures_over_years_are_each_year_s_sums_in_one_query(activity, django_assert_num_queries):
    enterprises = [activity.world.enterprise_a.pk, activity.world.enterprise_b.pk]
    years = [YEAR + 1, YEAR, YEAR - 1]
    with django_assert_num_queries(1):
        over = figures.key_figures_over_years(enterprises, years)
    assert list(over) == years
    assert over[YEAR].reporting > 0 and over[YEAR + 1].reporting == 0
    for year in years:
        one = figures.key_figures(None, year, enterprise_ids=enterprises)
        assert (over[year].year, over[year].reporting, over[year].checked) == (
            year,
            one.reporting,
            one.checked,
        )
        assert over[year].persons.values == one.persons.values
        assert over[year].money.values == one.money.values
        assert over[year].target_group_share == one.target_group_share


def test_an_empty_year_is_all_zeros(world):
    period = Period.year(2019)
    for table in (
        figures.cases_opened([world.platform.pk], period),
        figures.support_time([world.platform.pk], period),
        figures.meetings([world.platform.pk], period),
        figures.events([world.platform.pk], period),
        figures.key_figures([world.platform.pk], 2019).persons,
    ):
        assert table.is_empty
    assert figures.key_figures([world.platform.pk], 2019).target_group_share is None


@pytest.mark.parametrize("scale", [1, 4])
def test_queries_do_not_grow_with_the_data(world, scale, django_assert_max_num_queries):
    make_activity(world, scale=scale)
    period = Period.year(YEAR)
    with django_assert_max_num_queries(15):
        figures.cases_opened(a_ := [world.platform.pk], period)
        figures.cases_closed(a_, period)
        # One pass over the period's entries, which three tables sum (as the dashboard does).
        minutes = figures.case_minutes(a_, period)
        figures.support_time(a_, period, minutes=minutes)
        figures.support_time_by_enterprise(a_, period, minutes=minutes)
        figures.budget(a_, period)
        figures.meetings(a_, period)
        figures.events(a_, period)
        figures.enterprises(a_, period, minutes=minutes)
        figures.key_figures(a_, YEAR)


# -- Financing: what came of the applications for funding ----------------------------------


def test_financing_counts_applications_by_outcome_and_sums_what_was_granted(world):
    from stodplattform.financing.models import CallApplication, Outcome
    from stodplattform.financing.testing import make_call

    period = Period.year(YEAR)
    in_year = datetime.date(YEAR, 5, 10)
    calls = [make_call(world.platform, f"Utlysning {n}") for n in range(5)]
    rows = [
        (calls[0], world.enterprise_a, Outcome.GRANTED, Decimal("150000.00"), in_year),
        (calls[1], world.enterprise_a, Outcome.GRANTED, Decimal("25000.50"), in_year),
        (calls[2], world.enterprise_a, Outcome.REFUSED, None, in_year),
        # Decided the year before: not in this year's figures.
        (calls[3], world.enterprise_a, Outcome.GRANTED, Decimal("99999.00"), datetime.date(YEAR - 1, 12, 1)),
        # Only interested: not an application.
        (calls[4], world.enterprise_a, Outcome.INTERESTED, None, None),
        # Another platform's enterprise.
        (
            make_call(world.other_platform, "Annan"),
            world.other_enterprise,
            Outcome.GRANTED,
            Decimal("70000.00"),
            in_year,
        ),
    ]
    for call, enterprise, outcome, amount, decided in rows:
        CallApplication.objects.create(
            call=call, enterprise=enterprise, outcome=outcome, amount_granted=amount, decided_on=decided
        )
    counts, granted = figures.financing([world.platform.pk], period)
    assert counts.value("granted", "applications") == 2
    assert counts.value("refused", "applications") == 1
    assert counts.value("applied", "applications") == 0
    assert granted.value("granted", "amount") == Decimal("175000.50")
    # Both platforms: the other enterprise's grant is added.
    _counts, both = figures.financing([world.platform.pk, world.other_platform.pk], period)
    assert both.value("granted", "amount") == Decimal("245000.50")
