"""What meetings put on each person's start page: the next meetings and their open action items
(two queries). The coordinators' attendance chart is on the meetings page."""

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
