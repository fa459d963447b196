"""The dashboards' charts: server-side SVG (pygal) in the house style of the budget chart.

Each chart is shown as an image beside a table with the same figures; each series is
labelled on its bars, so the chart reads without colour. Hidden (suppressed) values are
left out of the chart, never drawn.
"""

import pygal
from django.utils.translation import gettext as _

from stodplattform.core.durations import hours_and_minutes
from stodplattform.interventions.charts import STYLE


def _chart(kind, **extra):
    return kind(
        style=STYLE,
        width=900,
        height=extra.pop("height", 380),
        js=[],
        disable_xml_declaration=False,
        legend_at_bottom=True,
        show_y_guides=False,
        print_values=True,
        print_zeroes=False,
        **extra,
    )


def cases_chart(opened, closed) -> str:
    """Cases opened and closed per month (shown tables: their column totals)."""
    chart = _chart(pygal.Bar, value_formatter=lambda v: f"{v:.0f}")
    chart.x_labels = [label for _k, label in opened.columns]
    chart.add(_("Cases opened"), [_value(c) for c in _column_totals(opened)])
    chart.add(_("Cases closed"), [_value(c) for c in _column_totals(closed)])
    return chart.render(is_unicode=True)


def time_chart(shown) -> str:
    """Support time per category, in hours (labels in hours and minutes)."""
    rows = [(label, total) for _k, label, _cells, total in shown.rows if total and total.value]
    chart = _chart(
        pygal.HorizontalBar,
        height=max(200, 40 * len(rows) + 120),
        show_legend=False,
        value_formatter=lambda v: hours_and_minutes(round(v * 60)),
    )
    chart.x_labels = [label for label, _t in rows]
    chart.add(_("Time"), [t.value / 60 for _l, t in rows])
    return chart.render(is_unicode=True)


def budget_chart(budget) -> str:
    """Committed, spent and left of the year's budget, one labelled bar each."""
    chart = _chart(
        pygal.HorizontalBar,
        height=240,
        show_legend=False,
        value_formatter=lambda v: f"{v:,.0f} kr".replace(",", "\u00a0"),
    )
    items = [(_("Committed"), budget.committed), (_("Spent"), budget.spent)]
    if budget.left is not None:
        items.append((_("Left"), max(budget.left, 0)))
    chart.x_labels = [label for label, _v in items]
    chart.add(_("Budget"), [float(v) for _l, v in items])
    return chart.render(is_unicode=True)


def _column_totals(shown):
    if shown.column_totals is not None:
        return shown.column_totals
    return [row[c] for row in shown.cells[:1] for c in range(len(row))]


def _value(cell):
    return None if cell.hidden else cell.value
