from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "stodplattform.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from stodplattform.core.audit import track

        from . import calendar  # noqa: F401  (registers the meetings in everyone's calendar feed)
        from .models import ActionItem, Addition, AgendaItem, Attendance, Decision, Meeting, Reply, Series

        track(Series)
        # agenda_sent_at is the reminder command's bookkeeping, not a change to the meeting.
        track(Meeting, exclude_fields=["agenda_sent_at"])
        track(AgendaItem)
        track(Attendance)
        track(Reply)
        track(Decision)
        track(ActionItem, exclude_fields=["due_soon_sent_at", "overdue_sent_at"])
        track(Addition)
