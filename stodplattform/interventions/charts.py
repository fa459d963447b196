"""The budget chart: server-side SVG (pygal), shown as an image with a table alternative beside it."""

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#495057",
    # Committed, spent, remaining: distinguishable also in grey scale.
    colors=("#0b5394", "#b45f06", "#6aa84f"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)


def budget_chart(summary) -> str:
    """Committed, spent and remaining per category, as a horizontal stacked bar chart (SVG text)."""
    chart = pygal.HorizontalStackedBar(
        style=STYLE,
        width=900,
        height=420,
        js=[],  # no script (and no CDN): the SVG is shown as an image
        disable_xml_declaration=False,
        legend_at_bottom=True,
        print_values=False,
        show_y_guides=False,
        value_formatter=lambda v: f"{v:,.0f}".replace(",", "\u00a0"),
    )
    rows = [(label, sums) for label, sums in summary.categories if sums.count or sums.budget]
    chart.x_labels = [str(label) for label, _sums in rows]
    chart.add(_("Committed"), [float(s.committed) for _l, s in rows])
    chart.add(_("Spent"), [float(s.spent) for _l, s in rows])
    chart.add(_("Remaining"), [float(max(s.remaining, 0)) if s.budget else None for _l, s in rows])
    return chart.render(is_unicode=True)
