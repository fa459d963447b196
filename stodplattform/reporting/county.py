"""The county view: every platform of a region side by side, per year, with last year beside.

Each number is one of ``figures.py``'s, per platform (so a platform's column equals its own
dashboard), and small person counts are suppressed: the view is for regional observers.
The queries grow with the number of platforms in the region (a county has a handful), not
with the amount of data.
"""

from django.utils.translation import gettext as _

from . import figures
from .figures import CASES, COUNT, MINUTES, PERSONS, SEK, Period, Table
from .suppression import show


def _table(key, title, unit, rows, platforms, values):
    return Table(
        key, title, unit, rows, [(str(p.pk), p.name) for p in platforms], values, column_totals=False
    )


def region_tables(platforms, year: int, *, exact: bool = False) -> list:
    """The region's tables for one year: columns are the platforms, a total per row."""
    period = Period.year(year)
    per = []
    for platform in platforms:
        ids = [platform.pk]
        minutes = figures.case_minutes(ids, period)
        enterprises = figures.enterprises(ids, period, minutes=minutes)
        keys = figures.key_figures(ids, year)
        budget = figures.budget(ids, period)
        time = figures.support_time(ids, period, minutes=minutes)
        events = figures.events(ids, period)
        per.append(
            {
                "enterprises": enterprises.column_sums,
                "persons": [keys.persons.values[0], keys.persons.values[2]],
                "participants": events.column_sums[2],
                "cases": [figures.cases_opened(ids, period).total, figures.cases_closed(ids, period).total],
                "minutes": time.column_sums,
                "money": [budget.budget or 0, budget.committed, budget.spent],
            }
        )
    gender_rows = [(g, str(figures.GENDER_LABELS[g])) for g in figures.GENDERS]
    employees = _("Employees")
    occupied = _("Occupied but not employed")
    person_rows = [("employees_" + k, ", ".join([employees, label.lower()])) for k, label in gender_rows]
    person_rows += [("occupied_" + k, ", ".join([occupied, label.lower()])) for k, label in gender_rows]
    person_rows.append(("participants", _("Participants at events")))

    def column(p):
        return p["persons"][0] + p["persons"][1] + [p["participants"]]

    persons = [[column(p)[r] for p in per] for r in range(len(person_rows))]
    tables = [
        _table(
            "region_enterprises",
            _("Enterprises"),
            COUNT,
            [("all", _("Enterprises")), ("supported", _("Supported during the year"))],
            platforms,
            [[p["enterprises"][i] for p in per] for i in range(2)],
        ),
        _table(
            "region_persons",
            _("People in the enterprises, by gender"),
            PERSONS,
            person_rows,
            platforms,
            persons,
        ),
        _table(
            "region_cases",
            _("Support cases"),
            CASES,
            [("opened", _("Cases opened")), ("closed", _("Cases closed"))],
            platforms,
            [[p["cases"][i] for p in per] for i in range(2)],
        ),
        _table(
            "region_time",
            _("Time spent on support"),
            MINUTES,
            [("cases", _("In cases")), ("outside", _("Outside cases"))],
            platforms,
            [[p["minutes"][i] for p in per] for i in range(2)],
        ),
        _table(
            "region_budget",
            _("Interventions' budget"),
            SEK,
            [("budget", _("Budget")), ("committed", _("Committed")), ("spent", _("Spent"))],
            platforms,
            [[p["money"][i] for p in per] for i in range(3)],
        ),
    ]
    return [show(t, exact=exact) for t in tables]


def with_last_year(this_year, last_year):
    """(table, rows) where each row is (label, [(cell, last year's cell), …], (total, last total))."""
    pairs = []
    for now, before in zip(this_year, last_year, strict=True):
        rows = []
        for (_k, label, cells, total), (_k2, _l2, old_cells, old_total) in zip(
            now.rows, before.rows, strict=True
        ):
            rows.append((label, list(zip(cells, old_cells, strict=True)), (total, old_total)))
        pairs.append((now, rows))
    return pairs
