"""What meetings put on each person's start page: the next meetings and their open action items
(two queries), and the minutes the person is named to check (one query, a second when there are any). The coordinators'
attendance chart is on the meetings page."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from stodplattform.core.panels import Panel, provides

from .models import ActionItem, Meeting

NEXT_MEETINGS = 5
OPEN_ITEMS = 20


@provides("start", order=32)
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


MINUTES_TO_CHECK = 10


@provides("start", order=5)
def minutes_to_check(request):
    """Minutes to check (justera): held meetings whose named checker is this person, not yet locked."""
    user = request.user
    # The person's own first, off the checker index (most people are named on none), then the
    # person's scope around those: with the scope in the same WHERE, SQLite read every meeting
    # of the person's platforms (3.6 ms for a manager named on none).
    named = list(
        Meeting.objects.filter(checker=user, locked_at__isnull=True, starts_at__lt=timezone.now())
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)[:100]
    )
    if not named:
        return None
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(pk__in=named)
        .select_related("platform")
        .order_by("starts_at", "pk")[:MINUTES_TO_CHECK]
    )
    if not meetings:
        return None
    return Panel(
        gettext_lazy("Minutes to check"),
        "meetings/panels/minutes_to_check.html",
        {"meetings": meetings},
    )
