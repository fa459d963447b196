"""Attendance at a platform's network meetings over a year: a summary of a bounded size.

The figure has a fixed number of bars (the enterprises grouped by the share of the meetings they
came to) and the list names only the few that came least: one bar or row per enterprise grew with
the platform (167 bars, 190 KB of page on a large one).
"""

import base64

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from stodplattform.platforms.models import Membership, Platform, Role

from .models import Attendance, Kind, Meeting

# The enterprises that came least, named for a follow-up; the others are counted.
LEAST_SHOWN = 10


def _groups():
    return [
        ("none", _("No meeting")),
        ("some", _("Under half of them")),
        ("most", _("Half of them or more")),
        ("all", _("Every meeting")),
    ]


def _group(attended: int, held: int) -> str:
    if not attended:
        return "none"
    if attended >= held:
        return "all"
    return "most" if 2 * attended >= held else "some"


def attendance_summary(platform: Platform, year: int) -> dict | None:
    """The attendance of the enterprises (those with a manager, and any that came) at the network
    meetings that have started in ``year``, or None if none has: three queries, whatever the
    number of meetings or enterprises."""
    meetings = Meeting.objects.filter(
        platform=platform, kind=Kind.NETWORK, starts_at__year=year, starts_at__lte=timezone.now()
    )
    held = meetings.count()
    if not held:
        return None
    present = {
        (pk, name): n
        for pk, name, n in Attendance.objects.filter(
            meeting__in=meetings, status=Attendance.Status.PRESENT, enterprise__isnull=False
        )
        .values_list("enterprise_id", "enterprise__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    }
    managed = (
        Membership.objects.current()
        .filter(platform=platform, role=Role.MANAGER, enterprise__isnull=False)
        .values_list("enterprise_id", "enterprise__name")
        .distinct()
        .order_by()
    )
    attended = {key: present.get(key, 0) for key in [*managed, *present]}
    counts = dict.fromkeys((key for key, _label in _groups()), 0)
    for n in attended.values():
        counts[_group(n, held)] += 1
    least = sorted(((n, name) for (_pk, name), n in attended.items()))[:LEAST_SHOWN]
    enterprises = len(attended)
    return {
        "platform": platform,
        "held": held,
        "enterprises": enterprises,
        "groups": [(label, counts[key]) for key, label in _groups()],
        # Of every enterprise's possible meetings, the share attended, in whole percent.
        "rate": round(100 * sum(attended.values()) / (held * enterprises)) if enterprises else 0,
        "least": [(name, n) for n, name in least],
        "others": max(0, enterprises - LEAST_SHOWN),
    }


def attendance_chart(summary: dict) -> str:
    """A bar chart of the groups as an SVG data URI (server-side, no JavaScript; the table is the
    alternative). Four bars, whatever the number of enterprises.

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
    groups = summary["groups"]
    chart = pygal.HorizontalBar(
        style=style,
        show_legend=False,
        width=700,
        height=40 * len(groups) + 60,
        range=(0, max(summary["enterprises"], 1)),
        print_values=True,
        js=[],
        disable_xml_declaration=True,
    )
    chart.x_labels = [label for label, _n in groups]
    chart.add(_("Enterprises"), [n for _label, n in groups])
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def attendance_overviews(platforms, year: int) -> list[dict]:
    found = []
    for platform in platforms:
        summary = attendance_summary(platform, year)
        if summary:
            found.append({**summary, "chart": attendance_chart(summary)})
    return found
