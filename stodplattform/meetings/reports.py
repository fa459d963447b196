"""Attendance per enterprise at a platform's network meetings over a year, as a table and a chart."""

import base64

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from stodplattform.platforms.models import Membership, Platform, Role

from .models import Attendance, Kind, Meeting


def attendance_by_enterprise(platform: Platform, year: int):
    """([(enterprise name, meetings attended, network meetings held)], held) for the network meetings
    that have started in ``year``: three queries, whatever the number of meetings."""
    held = Meeting.objects.filter(
        platform=platform, kind=Kind.NETWORK, starts_at__year=year, starts_at__lte=timezone.now()
    ).count()
    present = dict(
        Attendance.objects.filter(
            meeting__platform=platform,
            meeting__kind=Kind.NETWORK,
            meeting__starts_at__year=year,
            meeting__starts_at__lte=timezone.now(),
            status=Attendance.Status.PRESENT,
            enterprise__isnull=False,
        )
        .values_list("enterprise__name")
        .annotate(n=Count("meeting", distinct=True))
    )
    names = (
        Membership.objects.current()
        .filter(platform=platform, role=Role.MANAGER)
        .values_list("enterprise__name", flat=True)
        .distinct()
    )
    every = sorted(set(names) | set(present))
    return [(name, present.get(name, 0), held) for name in every], held


def attendance_chart(rows, held) -> str:
    """A horizontal bar chart as an SVG data URI (server-side, no JavaScript; the table is the alternative).

    An <img> with a data URI keeps pygal's inline styles out of the page's strict CSP.
    """
    try:
        import pygal
        from pygal.style import Style
    except ImportError:  # pragma: no cover - pygal is in the lock file; the table remains
        return ""
    style = Style(
        background="white",
        plot_background="white",
        font_family="DejaVu Sans, sans-serif",
        colors=("#0d6efd",),
    )
    chart = pygal.HorizontalBar(
        style=style,
        show_legend=False,
        width=700,
        height=max(160, 40 * len(rows) + 60),
        range=(0, max(held, 1)),
        print_values=True,
        js=[],
        disable_xml_declaration=True,
    )
    chart.x_labels = [name for name, _n, _h in rows]
    chart.add(_("Meetings attended"), [n for _name, n, _h in rows])
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def attendance_overviews(platforms, year: int) -> list[dict]:
    found = []
    for platform in platforms:
        rows, held = attendance_by_enterprise(platform, year)
        if held:
            found.append(
                {"platform": platform, "rows": rows, "held": held, "chart": attendance_chart(rows, held)}
            )
    return found
