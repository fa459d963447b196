"""Every figure the platform reports, computed once, in the database.

One function per figure, for a set of platforms and a ``Period``. The dashboards, the
funder's report, the county view, the exports and the API all call these functions, so
they can never disagree. Each returns a ``Table`` (or a small dataclass holding tables):
plain numbers, rows and columns with their labels; what may be shown to whom (small person
counts suppressed, ``suppression.py``) is decided by the caller.

Every function runs a fixed number of queries whatever the amount of data (grouped
``values().annotate()``). A period's bounds are compared with the stored values as they are
(a day with a date, a moment with the local day's first moment), never by converting every
row (``starts_at__date``, ``ExtractMonth``): on SQLite that is a Python call per row, and no
index can be used for it.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from stodplattform.enterprises.models import Enterprise
from stodplattform.enterprises.models import Status as EnterpriseStatus
from stodplattform.events.models import Event, Registration, RegistrationStatus
from stodplattform.events.models import Kind as EventKind
from stodplattform.financing.models import CallApplication
from stodplattform.financing.models import Outcome as FundingOutcome
from stodplattform.followup.models import GENDERS, MONEY_FIELDS, PERSON_COUNTS, FigureStatus, KeyFigures
from stodplattform.interventions.models import HOLDING, SETTLED, Budget, Expense, Intervention
from stodplattform.interventions.models import Category as InterventionCategory
from stodplattform.meetings.models import Kind as MeetingKind
from stodplattform.meetings.models import Meeting
from stodplattform.support.models import (
    CaseEntry,
    CaseMinutesMonth,
    Category,
    SupportCase,
    TimeCategory,
    TimeEntry,
)

from .models import FunderReport

ZERO = Decimal("0.00")

# What a table's numbers are: person counts are the ones small numbers are protected in.
PERSONS = "persons"
CASES = "cases"
COUNT = "count"
MINUTES = "minutes"
SEK = "sek"
SENSITIVE = {PERSONS, CASES}


# -- The period ----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValidationError(_("The period ends before it starts."), code="period_reversed")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def half_year(cls, year: int, half: int) -> "Period":
        if half not in (1, 2):
            raise ValidationError(_("A half-year is 1 or 2."), code="half_year")
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31))

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def months(self) -> list[tuple[int, int]]:
        months, (year, month) = [], (self.start.year, self.start.month)
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @property
    def is_calendar_year(self) -> bool:
        return self == Period.year(self.start.year)

    def __str__(self):
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{formats.date_format(self.start, 'j F Y')} – {formats.date_format(self.end, 'j F Y')}"


def day_starts(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of ``first`` and of the day after ``last``, local time: a moment ``t`` is
    on one of the days from ``first`` to ``last`` when ``start <= t < end``."""
    # Within what a moment in UTC can hold (the API takes any date, 0001-01-01 too).
    first, last = max(first, datetime.date(1, 1, 2)), min(last, datetime.date(9999, 12, 30))
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def _during(field: str, first: datetime.date, last: datetime.date) -> Q:
    """``field`` (a moment) on one of the days from ``first`` to ``last``."""
    start, end = day_starts(first, last)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _month_spans(period: Period) -> list[tuple[str, datetime.date, datetime.date]]:
    """(column key, first day, last day) of each month of the period, cut to the period."""
    spans = []
    for y, m in period.months:
        first = max(period.start, datetime.date(y, m, 1))
        following = datetime.date(y + 1, 1, 1) if m == 12 else datetime.date(y, m + 1, 1)
        spans.append((f"{y}-{m:02d}", first, min(period.end, following - datetime.timedelta(days=1))))
    return spans


# Up to this many months (a year, a half-year, any period of up to two years), one count per
# month in one query; a longer period (any dates, from the API) is grouped by year and month.
MONTHS_COUNTED_APART = 24


def _by_category_and_month(cases, field: str, period: Period, *, moment: bool) -> dict:
    """{(category, month key): count} of ``cases`` (already limited to the period) by ``field``
    (a date, or a moment): one count per month, each a range the database compares, instead of
    the month worked out of every row (on SQLite a Python call per row)."""
    spans, counts = _month_spans(period), {}
    if len(spans) > MONTHS_COUNTED_APART:
        rows = (
            cases.order_by()
            .values("category", y=ExtractYear(field), m=ExtractMonth(field))
            .annotate(n=Count("pk"))
        )
        return {(row["category"], f"{row['y']}-{row['m']:02d}"): row["n"] for row in rows}
    for n, (_key, first, last) in enumerate(spans):
        within = (
            _during(field, first, last) if moment else Q(**{f"{field}__gte": first, f"{field}__lte": last})
        )
        counts[f"m{n}"] = Count("pk", filter=within)
    found = {}
    for row in cases.order_by().values("category").annotate(**counts):
        for n, (key, _first, _last) in enumerate(spans):
            if row[f"m{n}"]:
                found[(row["category"], key)] = row[f"m{n}"]
    return found


def month_label(year: int, month: int) -> str:
    return formats.date_format(datetime.date(year, month, 1), "M Y")


# -- Tables --------------------------------------------------------------------------


@dataclass
class Table:
    """A figure as rows × columns of numbers, with labels; sums along rows and columns."""

    key: str
    title: str
    unit: str
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    values: list[list] = field(default_factory=list)
    # Whether the rows add up to a meaningful total (a column of counts does; a list of
    # different measures does not).
    column_totals: bool = True
    row_totals: bool = True
    # Columns that count things, not people (meetings held): never suppressed as persons.
    plain_columns: tuple = ()
    # Rows of numbers that are no people (a plan): never suppressed either.
    plain_rows: tuple = ()
    # Rows known only as a whole (event participants, whose gender is not recorded): their
    # total by row key. Their cells are None, "not recorded", and so is any cell not known.
    whole_rows: dict = field(default_factory=dict)
    # What a reader needs to know to read the table right (shown under it, exported with it).
    note: str = ""

    @property
    def sensitive(self) -> bool:
        return self.unit in SENSITIVE

    def value(self, row: str, column: str):
        r = [k for k, _l in self.rows].index(row)
        c = [k for k, _l in self.columns].index(column)
        return self.values[r][c]

    def row_total(self, row: str):
        return self.row_sums[[k for k, _l in self.rows].index(row)]

    @property
    def row_sums(self) -> list:
        """Each row's total: its recorded cells summed, or a whole row's own total (None when
        nothing in the row is recorded)."""
        sums = []
        for (key, _label), row in zip(self.rows, self.values, strict=True):
            if key in self.whole_rows:
                sums.append(self.whole_rows[key])
            elif all(v is None for v in row):
                sums.append(None)
            else:
                sums.append(sum((v for v in row if v is not None), self._zero))
        return sums

    @property
    def column_sums(self) -> list:
        return [
            sum((row[c] for row in self.values if row[c] is not None), self._zero)
            for c in range(len(self.columns))
        ]

    @property
    def total(self):
        return sum((v for v in self.row_sums if v is not None), self._zero)

    @property
    def _zero(self):
        return ZERO if self.unit == SEK else 0

    @property
    def is_empty(self) -> bool:
        return not any(v for row in self.values for v in row) and not any(self.whole_rows.values())


def _grid(rows, columns, found: dict, zero=0) -> list[list]:
    return [[found.get((r, c), zero) for c, _l in columns] for r, _l in rows]


# -- Cases -----------------------------------------------------------------------------


def _month_columns(period: Period) -> list[tuple[str, str]]:
    return [(f"{y}-{m:02d}", month_label(y, m)) for y, m in period.months]


def cases_opened(platform_ids, period: Period) -> Table:
    """Support cases opened in the period, by category and month."""
    found = _by_category_and_month(
        SupportCase.objects.filter(platform_id__in=platform_ids, opened_on__range=(period.start, period.end)),
        "opened_on",
        period,
        moment=False,
    )
    columns = _month_columns(period)
    categories = [(c.value, str(c.label)) for c in Category]
    return Table(
        "cases_opened", _("Cases opened"), CASES, categories, columns, _grid(categories, columns, found)
    )


def cases_closed(platform_ids, period: Period) -> Table:
    """Support cases closed in the period (still closed), by category and month."""
    found = _by_category_and_month(
        SupportCase.objects.filter(platform_id__in=platform_ids, status="closed").filter(
            _during("closed_at", period.start, period.end)
        ),
        "closed_at",
        period,
        moment=True,
    )
    columns = _month_columns(period)
    categories = [(c.value, str(c.label)) for c in Category]
    return Table(
        "cases_closed", _("Cases closed"), CASES, categories, columns, _grid(categories, columns, found)
    )


# -- Hours of support -------------------------------------------------------------------


def case_minutes(platform_ids, period: Period) -> list[tuple[str, int | None, bool, int]]:
    """(category, enterprise id, confidential, minutes) of the time logged on the platforms'
    cases in the period, which ``support_time`` and ``support_time_by_enterprise`` both sum.

    A period of whole months (a year, a half-year) reads the monthly sums (``CaseMinutesMonth``):
    a platform's year at 5 000 enterprises is 2 400 sums instead of 11 000 entries, each found
    through its case (SQLite 15 -> 2 ms, PostgreSQL 26 -> 3). Other periods read the entries.
    """
    if period.start.day == 1 and period.end.day == calendar.monthrange(period.end.year, period.end.month)[1]:
        return list(
            CaseMinutesMonth.objects.filter(
                platform_id__in=platform_ids, month__range=(period.start, period.end)
            )
            .order_by()
            .values_list("category", "enterprise_id", "confidential")
            .annotate(s=Sum("minutes"))
        )
    return list(
        CaseEntry.objects.filter(case__platform_id__in=platform_ids, date__range=(period.start, period.end))
        .order_by()
        .values_list("case__category", "case__enterprise_id", "case__confidential")
        .annotate(s=Sum("minutes"))
    )


def support_time(platform_ids, period: Period, *, minutes=None) -> Table:
    """Minutes of support by category: on cases (by the case's category) and outside cases.
    ``minutes``: ``case_minutes()`` of the same platforms and period, when already read."""
    in_cases: dict[str, int] = {}
    for category, _enterprise_id, _confidential, n in (
        case_minutes(platform_ids, period) if minutes is None else minutes
    ):
        in_cases[category] = in_cases.get(category, 0) + (n or 0)
    outside = dict(
        TimeEntry.objects.filter(platform_id__in=platform_ids, date__range=(period.start, period.end))
        .order_by()
        .values_list("category")
        .annotate(s=Sum("minutes"))
    )
    rows, values = [], []
    for c in Category:
        rows.append((f"case:{c.value}", str(c.label)))
        values.append([in_cases.get(c.value) or 0, 0])
    for c in TimeCategory:
        rows.append((f"time:{c.value}", str(c.label)))
        values.append([0, outside.get(c.value) or 0])
    columns = [("cases", _("In cases")), ("outside", _("Outside cases"))]
    return Table("support_time", _("Time spent on support"), MINUTES, rows, columns, values)


def support_time_by_enterprise(
    platform_ids, period: Period, *, include_confidential: bool = True, minutes=None
) -> Table:
    """Minutes spent on cases per enterprise (cases without an enterprise on one row).

    ``include_confidential=False`` leaves confidential HR cases out: for those who may not
    know that an enterprise has one. ``minutes``: as for ``support_time``.
    """
    by_enterprise: dict[int | None, int] = {}
    for _category, enterprise_id, confidential, n in (
        case_minutes(platform_ids, period) if minutes is None else minutes
    ):
        if include_confidential or not confidential:
            by_enterprise[enterprise_id] = by_enterprise.get(enterprise_id, 0) + (n or 0)
    # The names of those enterprises after, in the database's order: joined to every entry for
    # its enterprise's name, a platform's year of entries (33 000 at 5 000 enterprises) took
    # 16 ms on SQLite, against 10.
    unattached = by_enterprise.pop(None, 0)
    named = (
        Enterprise.objects.filter(pk__in=list(by_enterprise)).order_by("name", "pk").values_list("pk", "name")
    )
    rows, values = [], []
    for enterprise_id, name in named:
        rows.append((str(enterprise_id), name))
        values.append([by_enterprise[enterprise_id]])
    if unattached:
        rows.append(("none", _("Not linked to an enterprise")))
        values.append([unattached])
    return Table(
        "support_time_by_enterprise",
        _("Time spent on cases per enterprise"),
        MINUTES,
        rows,
        [("minutes", _("Time"))],
        values,
        row_totals=False,
    )


# -- Budget ------------------------------------------------------------------------------


@dataclass
class BudgetFigures:
    """The interventions' budget of the period's years: total, committed, spent and left."""

    budget: Decimal | None
    by_category: Table

    @property
    def has_budget(self) -> bool:
        return self.budget is not None

    @property
    def committed(self) -> Decimal:
        return self.by_category.column_sums[0]

    @property
    def spent(self) -> Decimal:
        return self.by_category.column_sums[1]

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed - self.spent


def budget(platform_ids, period: Period) -> BudgetFigures:
    """Committed and spent per category, as the budget overview counts them.

    An intervention holds its approved amount while it runs (committed = approved − spent)
    and what it spent once settled; the budget is that of the period's calendar years.
    """
    budgets = Budget.objects.filter(platform_id__in=platform_ids, year__in=period.years)
    total = budgets.aggregate(s=Sum("total"))["s"]
    interventions = Intervention.objects.filter(budget__in=budgets)
    held = dict(
        interventions.filter(status__in=HOLDING)
        .order_by()
        .values_list("category")
        .annotate(s=Sum("approved_amount"))
    )
    spent = {
        (category, status in HOLDING): amount
        for category, status, amount in Expense.objects.filter(intervention__in=interventions)
        .order_by()
        .values_list("intervention__category", "intervention__status")
        .annotate(s=Sum("amount"))
        if status in HOLDING or status in SETTLED
    }
    rows = [(c.value, str(c.label)) for c in InterventionCategory]
    values = []
    for key, _label in rows:
        spent_holding = _q(sum((v for (c, h), v in spent.items() if c == key and h), ZERO))
        spent_settled = _q(sum((v for (c, h), v in spent.items() if c == key and not h), ZERO))
        committed = _q(held.get(key) or ZERO) - spent_holding
        values.append([committed, spent_holding + spent_settled])
    columns = [("committed", _("Committed")), ("spent", _("Spent"))]
    table = Table("budget", _("Interventions' budget"), SEK, rows, columns, values)
    return BudgetFigures(budget=_q(total) if total is not None else None, by_category=table)


def _q(amount) -> Decimal:
    # SQLite sums decimals as floating point: round back to öre.
    return Decimal(amount or 0).quantize(Decimal("0.01"))


# -- Meetings and events ------------------------------------------------------------------


def meetings(platform_ids, period: Period) -> Table:
    """Meetings held in the period (started by now) and their attendance, by kind of meeting."""
    # Held: started by today (a planned meeting is not yet held).
    until = max(period.start, min(period.end, timezone.localdate()))
    # One pass over the meetings joined to their attendance: each meeting counted once.
    statuses = ("present", "absent", "excused")
    found = {
        kind: counts
        for kind, *counts in Meeting.objects.filter(
            _during("starts_at", period.start, until), platform_id__in=platform_ids
        )
        .order_by()
        .values_list("kind")
        .annotate(
            held=Count("pk", distinct=True),
            **{s: Count("attendance", filter=Q(attendance__status=s)) for s in statuses},
        )
    }
    rows = [(k.value, str(k.label)) for k in MeetingKind]
    columns = [
        ("held", _("Meetings held")),
        ("present", _("Present")),
        ("absent", _("Absent")),
        ("excused", pgettext("attendance", "Excused")),
    ]
    values = [found.get(k, [0] * (1 + len(statuses))) for k, _l in rows]
    return Table(
        "meetings",
        _("Meetings and attendance"),
        PERSONS,
        rows,
        columns,
        values,
        row_totals=False,
        plain_columns=("held",),
    )


def events(platform_ids, period: Period) -> Table:
    """Events in the period by kind: how many, places confirmed and participants checked in."""
    # One pass over the events joined to their registrations: each event counted once.
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    found = {
        kind: (n, registered, attended)
        for kind, n, registered, attended in Event.objects.filter(
            _during("starts_at", period.start, period.end), platform_id__in=platform_ids
        )
        .order_by()
        .values_list("kind")
        .annotate(
            n=Count("pk", distinct=True),
            registered=Count("registrations", filter=confirmed),
            attended=Count("registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)),
        )
    }
    rows = [(k.value, str(k.label)) for k in EventKind]
    columns = [("events", _("Events")), ("registered", _("Registered")), ("participants", _("Participants"))]
    values = [list(found.get(k, (0, 0, 0))) for k, _l in rows]
    return Table(
        "events",
        _("Events and participants"),
        PERSONS,
        rows,
        columns,
        values,
        row_totals=False,
        plain_columns=("events",),
    )


# -- Financing -----------------------------------------------------------------------------


def _applications(platform_ids, period: Period):
    """The enterprises' applications for funding that were sent or decided in the period: a
    decided one counts on its decision's day, one still waiting on the day it was recorded."""
    decided = Q(decided_on__range=(period.start, period.end))
    waiting = Q(outcome=FundingOutcome.APPLIED) & _during("created_at", period.start, period.end)
    return CallApplication.objects.filter(enterprise__platform_id__in=platform_ids).filter(
        Q(outcome__in=[FundingOutcome.GRANTED, FundingOutcome.REFUSED]) & decided | waiting
    )


def financing(platform_ids, period: Period) -> tuple[Table, Table]:
    """Applications for funding by outcome (applied and waiting, granted, refused), and the
    amount granted: what came of the financing support (funding calls, "Sök med stöd")."""
    # Counted and summed in one pass: the amount granted is the granted applications' sum.
    found = {
        outcome: (n, amount)
        for outcome, n, amount in _applications(platform_ids, period)
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"), amount=Sum("amount_granted"))
    }
    granted = found.get(FundingOutcome.GRANTED, (0, None))[1]
    outcomes = [FundingOutcome.APPLIED, FundingOutcome.GRANTED, FundingOutcome.REFUSED]
    rows = [(o.value, str(o.label)) for o in outcomes]
    counts = Table(
        "financing",
        _("Applications for funding"),
        COUNT,
        rows,
        [("applications", _("Applications"))],
        [[found.get(o.value, (0, None))[0]] for o in outcomes],
        row_totals=False,
    )
    amount = Table(
        "financing_granted",
        _("Funding granted"),
        SEK,
        [("granted", str(FundingOutcome.GRANTED.label))],
        [("amount", _("Amount granted"))],
        [[_q(granted or ZERO)]],
        row_totals=False,
        column_totals=False,
    )
    return counts, amount


# -- Enterprises ---------------------------------------------------------------------------


def enterprises(platform_ids, period: Period, *, minutes=None) -> Table:
    """The platforms' enterprises by status today, and of them those supported in the period
    (a case opened, or time spent on one, in the period). ``minutes``: as for ``support_time``."""
    everyone = dict(
        Enterprise.objects.filter(platform_id__in=platform_ids)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    # The enterprises with time on a case come from the one pass over the period's entries
    # (case_minutes); those with a case opened in the period off the (platform, opened_on, ...)
    # index. Counted apart, each case looked up in the entries' index was 7 ms of a dashboard's
    # 88 (SQLite, 6 700 cases).
    worked_on = {
        enterprise_id
        for _category, enterprise_id, _confidential, _n in (
            case_minutes(platform_ids, period) if minutes is None else minutes
        )
        if enterprise_id is not None
    }
    opened = SupportCase.objects.filter(
        platform_id__in=platform_ids,
        enterprise__isnull=False,
        opened_on__range=(period.start, period.end),
    ).values("enterprise_id")
    supported = dict(
        Enterprise.objects.filter(Q(pk__in=worked_on) | Q(pk__in=opened))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    rows = [(s.value, str(s.label)) for s in EnterpriseStatus]
    columns = [("all", _("Enterprises")), ("supported", _("Supported in the period"))]
    values = [[everyone.get(s, 0), supported.get(s, 0)] for s, _l in rows]
    return Table("enterprises", _("Enterprises by status"), COUNT, rows, columns, values, row_totals=False)


# -- Key figures -----------------------------------------------------------------------------

PERSON_LABELS = {
    "employees": gettext_lazy("Employees at year end"),
    "supported_employees": gettext_lazy("of whom with employment support"),
    "occupied": gettext_lazy("Occupied but not employed"),
    "target_group": gettext_lazy("From the target group"),
    "supervisors": gettext_lazy("Supervisors"),
    "supervisors_trained": gettext_lazy("of whom trained during the year"),
    "ended_work": gettext_lazy("Ended: to work"),
    "ended_studies": gettext_lazy("Ended: to studies"),
    "ended_seeking": gettext_lazy("Ended: actively job-seeking"),
    "ended_other": gettext_lazy("Ended: other"),
}
GENDER_LABELS = {
    "women": gettext_lazy("Women"),
    "men": gettext_lazy("Men"),
    "other": gettext_lazy("Other or not stated"),
}
# The funder's follow-up's own words, for the people reached.
REACHED_GENDER_LABELS = {**GENDER_LABELS, "other": gettext_lazy("Other/not stated")}
MONEY_LABELS = {
    "net_turnover": gettext_lazy("Net turnover"),
    "sales_goods_services": gettext_lazy("of which goods and services"),
    "sales_public_buyers": gettext_lazy("of which sold to public buyers"),
    "grants": gettext_lazy("Grants and operating support"),
    "result_after_financial_items": gettext_lazy("Result after financial items"),
    "wage_bill": gettext_lazy("Wage bill"),
}
# Self-reported and checked figures count; a draft is not yet the enterprise's word.
REPORTED = (FigureStatus.SUBMITTED, FigureStatus.CHECKED)


@dataclass
class KeyFigureSums:
    """The enterprises' key figures for one year, summed."""

    year: int
    reporting: int
    checked: int
    persons: Table
    money: Table

    @property
    def all_occupied(self) -> int:
        return self.persons.row_sums[0] + self.persons.row_sums[2]

    @property
    def target_group_share(self) -> Decimal | None:
        """As ``KeyFigures.target_group_share``, over the sums."""
        if not self.all_occupied:
            return None
        return Decimal(self.persons.row_sums[3]) / Decimal(self.all_occupied)


def _reported(platform_ids, enterprise_ids):
    figures = KeyFigures.objects.filter(status__in=REPORTED)
    if platform_ids is not None:
        figures = figures.filter(enterprise__platform_id__in=platform_ids)
    if enterprise_ids is not None:
        figures = figures.filter(enterprise_id__in=enterprise_ids)
    return figures


def _key_figure_aggregates() -> dict:
    return {
        "reporting": Count("pk"),
        "checked": Count("pk", filter=Q(status=FigureStatus.CHECKED)),
        **{f"{name}_{g}": Sum(f"{name}_{g}") for name in PERSON_COUNTS for g in GENDERS},
        **{m: Sum(m) for m in MONEY_FIELDS},
    }


def key_figures(platform_ids, year: int, *, enterprise_ids=None) -> KeyFigureSums:
    """The key figures of the platforms' enterprises (or the given ones) for one year, summed."""
    sums = _reported(platform_ids, enterprise_ids).filter(year=year).aggregate(**_key_figure_aggregates())
    return _key_figure_sums(year, sums)


def key_figures_over_years(enterprise_ids, years) -> dict[int, KeyFigureSums]:
    """An enterprise's (or several's) key figures per year, in one query grouped by year (one
    query a year, each with its 42 sums made anew, was 15 of a manager's figures page's 23 ms)."""
    found = {
        row["year"]: row
        for row in _reported(None, enterprise_ids)
        .filter(year__in=years)
        .order_by()
        .values("year")
        .annotate(**_key_figure_aggregates())
    }
    return {year: _key_figure_sums(year, found.get(year, {})) for year in years}


def _key_figure_sums(year: int, sums: dict) -> KeyFigureSums:
    """The tables of one year's sums (``sums``: the aggregates by name; a year nothing was
    reported for has none)."""
    rows = [(name, str(PERSON_LABELS[name])) for name in PERSON_COUNTS]
    columns = [(g, str(GENDER_LABELS[g])) for g in GENDERS]
    persons = Table(
        "key_figures",
        _("The enterprises' key figures"),
        PERSONS,
        rows,
        columns,
        [[sums.get(f"{name}_{g}") or 0 for g in GENDERS] for name in PERSON_COUNTS],
        # Rows are parts of one another (of whom …): no grand total across them.
        column_totals=False,
    )
    money = Table(
        "key_figures_money",
        _("The enterprises' finances"),
        SEK,
        [(m, str(MONEY_LABELS[m])) for m in MONEY_FIELDS],
        [("sum", _("Sum"))],
        [[_q(sums.get(m))] for m in MONEY_FIELDS],
        column_totals=False,
        row_totals=False,
    )
    return KeyFigureSums(year, sums.get("reporting") or 0, sums.get("checked") or 0, persons, money)


# -- People reached ------------------------------------------------------------------------


def people_reached(platform_ids, period: Period, *, events_table: Table | None = None) -> Table:
    """People reached by the platform as a structural effort, planned and actual, by gender as
    the funder's follow-up counts them (women, men, other/not stated), and in all.

    * planned: as the coordinator entered it in the report to the funder, for the period's
      calendar years (nothing entered: not recorded). A plan is no person: never suppressed;
    * through interventions: as reported on the interventions of the period's budget years
      (each report counts its people by gender);
    * at events: the participants checked in at the period's events. Registrations record no
      gender, so the row has its total only; its gender cells are None ("not recorded").

    Counts, not persons: someone reached twice is counted twice. Three queries; two when given
    the period's ``events()`` table (the same platforms and period), whose participants it takes.
    """
    planned = FunderReport.objects.filter(platform_id__in=platform_ids, year__in=period.years).aggregate(
        **{g: Sum(f"people_planned_{g}") for g in GENDERS}
    )
    reported = Intervention.objects.filter(
        platform_id__in=platform_ids, budget__year__in=period.years
    ).aggregate(**{g: Sum(f"people_reached_{g}") for g in GENDERS})
    if events_table is not None:
        participants = events_table.column_sums[[k for k, _l in events_table.columns].index("participants")]
    else:
        participants = Registration.objects.filter(
            _during("event__starts_at", period.start, period.end),
            event__platform_id__in=platform_ids,
            status=RegistrationStatus.CONFIRMED,
            checked_in_at__isnull=False,
        ).count()
    planned_row = (
        [planned[g] or 0 for g in GENDERS]
        if any(v is not None for v in planned.values())
        else [None] * len(GENDERS)
    )
    return Table(
        "people_reached",
        _("People reached"),
        PERSONS,
        [
            ("planned", _("Planned")),
            ("interventions", _("Through interventions")),
            ("events", _("At events")),
        ],
        [(g, str(REACHED_GENDER_LABELS[g])) for g in GENDERS],
        [planned_row, [reported[g] or 0 for g in GENDERS], [None] * len(GENDERS)],
        # Planned and reached are different measures: no total down the rows.
        column_totals=False,
        # A plan reveals nobody: shown as entered, small or not (the funder has it already, in
        # the application).
        plain_rows=("planned",),
        whole_rows={"events": participants},
        note=_("Events do not record gender: their participants are counted in the total only."),
    )
