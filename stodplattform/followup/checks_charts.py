"""The sustainability checks over the years: server-side SVG (pygal), shown as an image beside a table."""

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

# Oldest light, newest dark: the years stay apart in grey scale too, and the values are printed.
YEAR_COLOURS = ("#9fc5e8", "#6fa8dc", "#3d85c6", "#0b5394", "#073763")

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#495057",
    colors=YEAR_COLOURS,
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=11,
    title_font_size=16,
)
YEARS_SHOWN = len(YEAR_COLOURS)


def history_chart(history) -> str:
    """Each area's score per year as horizontal bars, the years in order (SVG text)."""
    shown = list(range(len(history.checks)))[-YEARS_SHOWN:]
    colours = YEAR_COLOURS[-len(shown) :] if len(shown) < YEARS_SHOWN else YEAR_COLOURS
    style = Style(**{**STYLE.to_dict(), "colors": colours})
    chart = pygal.HorizontalBar(
        style=style,
        width=900,
        height=140 + len(history.rows) * (len(shown) * 12 + 18),
        js=[],  # no script (and no CDN): the SVG is shown as an image
        disable_xml_declaration=False,
        legend_at_bottom=True,
        print_values=True,
        range=(0, 5),
        show_y_guides=False,
        x_title=_("Score 1 (weak) – 5 (strong)"),
    )
    # pygal draws the first label at the bottom: reverse so that the areas read top to bottom.
    rows = list(reversed(history.rows))
    chart.x_labels = [str(label) for _area, label, _scores in rows]
    for index in shown:
        chart.add(str(history.checks[index].year), [scores[index] for _a, _l, scores in rows])
    return chart.render(is_unicode=True)
