"""The minutes' monthly sums (CaseMinutesMonth): kept by every write the application makes, equal
to the entries they sum, and made anew by a command that is safe to run twice."""

import datetime
import io
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.models import Sum
from django.urls import reverse

from stodplattform.reporting import figures
from stodplattform.reporting.figures import Period
from stodplattform.support.forms import CaseForm, EntryForm
from stodplattform.support.models import CaseEntry, CaseMinutesMonth, Category, SupportCase
from stodplattform.support.services import add_entry, save_case, sum_case_minutes
from stodplattform.support.testing import make_case, make_cases

YEAR = datetime.date.today().year - 1


@pytest.fixture
def cases(world):
    return make_cases(world)


def _from_entries(platform_ids, period):
    """What the figures read off the entries themselves: the sums must say the same."""
    return sorted(
        (
            CaseEntry.objects.filter(
                case__platform_id__in=platform_ids, date__range=(period.start, period.end)
            )
            .order_by()
            .values_list("case__category", "case__enterprise_id", "case__confidential")
            .annotate(s=Sum("minutes"))
        ),
        key=str,
    )


def _add(case, day, minutes, by):
    form = EntryForm({"kind": "note", "date": day.isoformat(), "minutes": str(minutes), "text": "Samtal"})
    assert form.is_valid(), form.errors
    return add_entry(case, form, by=by)


def _same(world, period=None):
    period = period or Period.year(YEAR)
    ids = [world.platform.pk, world.other_platform.pk]
    assert sorted(figures.case_minutes(ids, period), key=str) == _from_entries(ids, period)


def test_entries_added_through_the_service_are_summed_by_month(world, cases):
    _add(cases.case_a, datetime.date(YEAR, 2, 3), 90, world.coordinator)
    _add(cases.case_a, datetime.date(YEAR, 2, 28), 30, world.coordinator)
    _add(cases.conf_a, datetime.date(YEAR, 3, 1), 45, world.coopted)
    _add(cases.other, datetime.date(YEAR, 2, 3), 500, world.superuser)
    sums = {
        (s.platform_id, s.month, s.category, s.enterprise_id, s.confidential): s.minutes
        for s in CaseMinutesMonth.objects.all()
    }
    assert sums == {
        (world.platform.pk, datetime.date(YEAR, 2, 1), "financing", world.enterprise_a.pk, False): 120,
        (world.platform.pk, datetime.date(YEAR, 3, 1), "hr", world.enterprise_a.pk, True): 45,
        (
            world.other_platform.pk,
            datetime.date(YEAR, 2, 1),
            "financing",
            world.other_enterprise.pk,
            False,
        ): 500,
    }
    _same(world)
    _same(world, Period.half_year(YEAR, 1))
    # A period that is not whole months reads the entries: the 28th of February is outside.
    part = Period(datetime.date(YEAR, 2, 1), datetime.date(YEAR, 2, 27))
    assert figures.support_time([world.platform.pk], part).value("case:financing", "cases") == 90
    assert (
        figures.support_time([world.platform.pk], Period.year(YEAR)).value("case:financing", "cases") == 120
    )


def test_changing_what_a_case_is_summed_by_moves_its_minutes(world, cases):
    _add(cases.case_a, datetime.date(YEAR, 4, 2), 60, world.coordinator)
    _add(cases.case_a, datetime.date(YEAR, 6, 9), 15, world.coordinator)
    form = CaseForm(
        {
            "title": cases.case_a.title,
            "category": Category.HR,
            "priority": cases.case_a.priority,
            "enterprise": world.enterprise_b.pk,
            "confidential": "on",
            "description": cases.case_a.description,
        },
        instance=SupportCase.objects.get(pk=cases.case_a.pk),
        enterprises=world.platform.enterprises.all(),
    )
    assert form.is_valid(), form.errors
    save_case(form, by=world.coordinator)
    assert set(
        CaseMinutesMonth.objects.values_list("category", "enterprise_id", "confidential", "minutes")
    ) == {
        ("hr", world.enterprise_b.pk, True, 60),
        ("hr", world.enterprise_b.pk, True, 15),
    }
    _same(world)
    # Without confidential cases, the minutes are not B's to show.
    table = figures.support_time_by_enterprise(
        [world.platform.pk], Period.year(YEAR), include_confidential=False
    )
    assert table.total == 0


def test_a_registered_prospects_cases_take_its_enterprise(client, world, cases):
    case = make_case(world.platform, prospect=cases.prospect, title="Idé", category=Category.STARTUP)
    _add(case, datetime.date(YEAR, 5, 5), 40, world.coordinator)
    assert CaseMinutesMonth.objects.get().enterprise_id is None
    client.force_login(world.coordinator)
    url = reverse("support-prospect-register", args=[cases.prospect.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update(name="Cykelköket ek. för.", org_number="")
    assert client.post(url, data).status_code == 302
    cases.prospect.refresh_from_db()
    assert CaseMinutesMonth.objects.get().enterprise_id == cases.prospect.enterprise_id is not None
    _same(world)


def test_a_note_without_time_still_counts_its_enterprise_as_worked_with(world, cases):
    _add(cases.case_a, datetime.date(YEAR, 9, 9), 0, world.coordinator)
    assert CaseMinutesMonth.objects.get().minutes == 0
    _same(world)
    year = Period.year(YEAR)
    rows = figures.support_time_by_enterprise([world.platform.pk], year).rows
    assert [label for _key, label in rows] == [world.enterprise_a.name]


def test_a_form_from_before_anothers_change_moves_the_minutes_back(world, cases):
    _add(cases.case_a, datetime.date(YEAR, 4, 2), 60, world.coordinator)
    shown = SupportCase.objects.get(pk=cases.case_a.pk)  # the page as one person opened it
    data = {
        "title": shown.title,
        "category": shown.category,
        "priority": shown.priority,
        "enterprise": world.enterprise_a.pk,
        "description": shown.description,
    }
    # Someone else makes it an HR case meanwhile.
    SupportCase.objects.filter(pk=shown.pk).update(category=Category.HR)
    sum_case_minutes(platform_ids=[world.platform.pk], months=[datetime.date(YEAR, 4, 2)])
    assert CaseMinutesMonth.objects.get().category == Category.HR
    # The first person saves the page they opened (a new title): the category goes back with it.
    form = CaseForm(
        {**data, "title": "Ny rubrik"}, instance=shown, enterprises=world.platform.enterprises.all()
    )
    assert form.is_valid(), form.errors
    assert "category" not in form.changed_data
    save_case(form, by=world.coordinator)
    assert CaseMinutesMonth.objects.get().category == shown.category == Category.FINANCING
    _same(world)


def test_the_command_sums_anew_and_is_safe_to_run_twice(world, cases):
    _add(cases.case_a, datetime.date(YEAR, 1, 10), 30, world.coordinator)
    _add(cases.other, datetime.date(YEAR, 11, 30), 20, world.superuser)
    # Changed outside the application: the sums say what they said until the command runs.
    CaseEntry.objects.filter(case=cases.case_a).update(minutes=75)
    assert figures.support_time([world.platform.pk], Period.year(YEAR)).column_sums[0] == 30
    out = io.StringIO()
    call_command("sum_case_minutes", stdout=out)
    first = sorted(CaseMinutesMonth.objects.values_list("platform_id", "month", "category", "minutes"))
    call_command("sum_case_minutes", stdout=out)
    assert (
        sorted(CaseMinutesMonth.objects.values_list("platform_id", "month", "category", "minutes")) == first
    )
    assert len(first) == 2
    assert figures.support_time([world.platform.pk], Period.year(YEAR)).column_sums[0] == 75
    _same(world)


def test_months_are_summed_on_the_platforms_named():
    with pytest.raises(ValueError):
        sum_case_minutes(months=[datetime.date(YEAR, 1, 1)])


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the tests' in-memory SQLite refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entries_written_at_once_on_one_platform_are_all_summed(world, cases):
    """Ten people log time on the platform's cases in the same month at the same moment: each
    sums the month anew after the platform's lock, so no one's minutes are lost."""
    threads_wanted = 10
    barrier = threading.Barrier(threads_wanted)
    errors = []

    def log(n):
        try:
            barrier.wait()
            case = cases.case_a if n % 2 else cases.conf_a
            with transaction.atomic():
                _add(case, datetime.date(YEAR, 8, 1 + n), 10 + n, world.coordinator)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log, args=(n,)) for n in range(threads_wanted)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert CaseMinutesMonth.objects.aggregate(s=Sum("minutes"))["s"] == sum(
        10 + n for n in range(threads_wanted)
    )
    _same(world)
