"""What meetings put on each person's start page: next meetings, open action items, and for
coordinators the attendance per enterprise at this year's network meetings."""

import base64

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Platform, Role

from .models import ActionItem, Attendance, Kind, Meeting

NEXT_MEETINGS = 5
OPEN_ITEMS = 20


@provides("start", order=15)
def next_meetings(request):
    user = request.user
    meetings = list(Meeting.objects.visible_to(user).upcoming().select_related("platform")[:NEXT_MEETINGS])
    items = list(
        ActionItem.objects.open()
        .filter(owner=user)
        .select_related("meeting", "decision")
        .order_by("due_on", "pk")[:OPEN_ITEMS]
    )
    if not meetings and not items:
        return None
    return Panel(
        gettext_lazy("Your meetings and action items"),
        "meetings/panels/next_meetings.html",
        {"meetings": meetings, "items": items},
        size="wide",
    )


def attendance_by_enterprise(platform: Platform, year: int):
    """[(enterprise name, meetings present, network meetings held)] for a platform's network meetings
    that have started in ``year`` — three queries, whatever the number of meetings."""
    now = timezone.now()
    held = Meeting.objects.filter(
        platform=platform, kind=Kind.NETWORK, starts_at__year=year, starts_at__lte=now
    ).count()
    present = dict(
        Attendance.objects.filter(
            meeting__platform=platform,
            meeting__kind=Kind.NETWORK,
            meeting__starts_at__year=year,
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
    """A horizontal bar chart as an SVG data URI (server-side, no JavaScript); the table is the alternative."""
    try:
        import pygal
        from pygal.style import Style
    except ImportError:  # pragma: no cover - pygal is in the lock file; the table stays
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


@provides("start", order=35)
def network_attendance(request):
    """For coordinators: how many of this year's network meetings each enterprise came to."""
    coordinated = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not coordinated:
        return None
    year = timezone.localdate().year
    panels = []
    for platform in Platform.objects.filter(pk__in=coordinated).order_by("name")[:3]:
        rows, held = attendance_by_enterprise(platform, year)
        if not held:
            continue
        panels.append(
            Panel(
                _("Attendance at network meetings %(year)s – %(platform)s")
                % {"year": year, "platform": platform.name},
                "meetings/panels/attendance.html",
                {"rows": rows, "held": held, "chart": attendance_chart(rows, held), "platform": platform},
                size="wide",
            )
        )
    return panels or None
