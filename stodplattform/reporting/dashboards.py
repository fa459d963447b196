"""What each dashboard shows: the figures of ``figures.py``, protected for the person at hand.

The page, its CSV and XLSX, the funder's report and the API read these, so a download holds
exactly what the page shows.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.followup.models import Area, CheckStatus, Score, SustainabilityCheck
from stodplattform.interventions.models import HOLDING, SETTLED, Intervention
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Region, RegionalRole, Role
from stodplattform.support.models import CaseEntry

from . import figures
from .figures import Period
from .suppression import ShownTable, show


def dashboard_platform(user, slug) -> Platform:
    """A platform the user is a member of or observes (others: 404), with the right to its
    figures (a role too low: 403). Pages and API alike."""
    ids = set(access.platform_roles(user)) | set(access.observed_platforms(user))
    platforms = Platform.objects.all() if user.is_superuser else Platform.objects.filter(pk__in=ids)
    platform = get_object_or_404(platforms, slug=slug)
    require(user, "reporting.view_dashboard", platform)
    return platform


def observed_region(user, code) -> Region:
    """A region the user observes (any region for a superuser); others 404."""
    regions = Region.objects.all()
    if not user.is_superuser:
        regions = regions.filter(pk__in=access.regions_with_role(user, {RegionalRole.Kind.OBSERVER}))
    return get_object_or_404(regions, code=code)


@dataclass
class Audience:
    """Who is looking: exact counts or protected ones, and whether per-enterprise and
    confidential content is theirs to see."""

    exact: bool
    per_enterprise: bool
    confidential: bool

    @classmethod
    def for_platform(cls, user, platform) -> "Audience":
        if user.has_perm("reporting.see_exact_counts", platform):
            return cls(exact=True, per_enterprise=True, confidential=True)
        # Steering members see the enterprises' names (not people), never confidential content.
        steering = user.is_authenticated and platform.pk in _steered(user)
        return cls(exact=False, per_enterprise=steering, confidential=False)


def _steered(user):
    return access.platforms_with_role(user, {Role.STEERING})


@dataclass
class PlatformDashboard:
    platforms: list[Platform]
    period: Period
    audience: Audience
    cases_opened: ShownTable
    cases_closed: ShownTable
    support_time: ShownTable
    support_time_by_enterprise: ShownTable | None
    budget: figures.BudgetFigures
    budget_table: ShownTable
    meetings: ShownTable
    events: ShownTable
    financing: ShownTable
    financing_granted: ShownTable
    enterprises: ShownTable
    key_figures: figures.KeyFigureSums
    key_persons: ShownTable
    key_money: ShownTable
    people_reached: ShownTable
    tables: list[ShownTable] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.period.start.year


def platform_dashboard(platforms, period: Period, audience: Audience) -> PlatformDashboard:
    """Every figure of the platforms (one or several) for the period, as the audience may see it."""
    ids = [p.pk for p in platforms]
    exact = audience.exact
    budget = figures.budget(ids, period)
    keys = figures.key_figures(ids, period.start.year)
    applications, granted = figures.financing(ids, period)
    minutes = figures.case_minutes(ids, period)
    by_enterprise = None
    if audience.per_enterprise:
        by_enterprise = show(
            figures.support_time_by_enterprise(
                ids, period, include_confidential=audience.confidential, minutes=minutes
            ),
            exact=exact,
        )
    # The events' participants are counted once, for their table and for the people reached.
    events = figures.events(ids, period)
    board = PlatformDashboard(
        platforms=list(platforms),
        period=period,
        audience=audience,
        cases_opened=show(figures.cases_opened(ids, period), exact=exact),
        cases_closed=show(figures.cases_closed(ids, period), exact=exact),
        support_time=show(figures.support_time(ids, period, minutes=minutes), exact=exact),
        support_time_by_enterprise=by_enterprise,
        budget=budget,
        budget_table=show(budget.by_category, exact=exact),
        meetings=show(figures.meetings(ids, period), exact=exact),
        events=show(events, exact=exact),
        financing=show(applications, exact=exact),
        financing_granted=show(granted, exact=exact),
        enterprises=show(figures.enterprises(ids, period, minutes=minutes), exact=exact),
        key_figures=keys,
        key_persons=show(keys.persons, exact=exact),
        key_money=show(keys.money, exact=exact),
        people_reached=show(figures.people_reached(ids, period, events_table=events), exact=exact),
    )
    board.tables = [
        t
        for t in (
            board.people_reached,
            board.cases_opened,
            board.cases_closed,
            board.support_time,
            board.support_time_by_enterprise,
            board.budget_table,
            board.meetings,
            board.events,
            board.financing,
            board.financing_granted,
            board.enterprises,
            board.key_persons,
            board.key_money,
        )
        if t is not None
    ]
    return board


# -- The manager's view of their own enterprise --------------------------------------


@dataclass
class EnterpriseYear:
    year: int
    reported: bool
    employees: int
    occupied: int
    target_group: int
    target_group_share: object
    ended_work: int
    net_turnover: object
    support_minutes: int
    interventions: object


def enterprise_years(enterprise: Enterprise, *, years: int = 5) -> tuple[list[EnterpriseYear], list[dict]]:
    """The enterprise over the last ``years`` calendar years, newest first: its key figures,
    the support it received (time on its cases, confidential ones too: the manager and the
    coordinators see those) and the interventions that served it."""
    this_year = timezone.localdate().year
    span = list(range(this_year, this_year - years, -1))
    sums = figures.key_figures_over_years([enterprise.pk], span)
    minutes = dict(
        CaseEntry.objects.filter(case__enterprise=enterprise, date__gte=datetime.date(span[-1], 1, 1))
        .order_by()
        .values_list("date__year")
        .annotate(s=Sum("minutes"))
    )
    interventions = list(
        Intervention.objects.filter(
            enterprises=enterprise, budget__year__in=span, status__in=HOLDING | SETTLED
        )
        .order_by("-budget__year", "title")
        .values("pk", "title", "category", "status", "approved_amount", "budget__year")
    )
    money = {}
    for row in interventions:
        money[row["budget__year"]] = money.get(row["budget__year"], 0) + (row["approved_amount"] or 0)
    rows = []
    for year in span:
        s = sums[year]
        totals = dict(zip([k for k, _l in s.persons.rows], s.persons.row_sums, strict=True))
        rows.append(
            EnterpriseYear(
                year=year,
                reported=bool(s.reporting),
                employees=totals["employees"],
                occupied=totals["occupied"],
                target_group=totals["target_group"],
                target_group_share=s.target_group_share,
                ended_work=totals["ended_work"],
                net_turnover=s.money.value("net_turnover", "sum") if s.reporting else None,
                support_minutes=minutes.get(year, 0),
                interventions=money.get(year),
            )
        )
    return rows, interventions


@dataclass
class AreaScores:
    area: str
    label: str
    scores: list  # per year of ``years``, None where no agreed check


def sustainability_over_years(
    enterprise: Enterprise, user, *, years: int = 5
) -> tuple[list[int], list[AreaScores]]:
    """The agreed sustainability checks' scores per area over the last ``years`` years (newest
    first), read through the checks the person may see: nothing for those who may not."""
    this_year = timezone.localdate().year
    span = list(range(this_year, this_year - years, -1))
    found = {
        (year, area): score
        for year, area, score in Score.objects.filter(
            sustainability_check__in=SustainabilityCheck.objects.visible_to(user).filter(
                enterprise=enterprise, status=CheckStatus.AGREED, year__in=span
            )
        ).values_list("sustainability_check__year", "area", "score")
    }
    if not found:
        return span, []
    return span, [
        AreaScores(area, str(label), [found.get((y, area)) for y in span]) for area, label in Area.choices
    ]
