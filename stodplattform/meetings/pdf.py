"""The minutes as a PDF for the archive (WeasyPrint; the layout is CSS in the template)."""

from django.template.loader import render_to_string
from django.utils import translation

from .models import ActionItem, AgendaItem, Decision, Meeting


def minutes_context(meeting: Meeting) -> dict:
    rows, by_enterprise = meeting.attendance_overview()
    return {
        "meeting": meeting,
        "items": list(AgendaItem.objects.filter(meeting=meeting).select_related("proposed_by")),
        "decisions": list(Decision.objects.filter(meeting=meeting).select_related("agenda_item")),
        "action_items": list(ActionItem.objects.filter(meeting=meeting).select_related("owner", "decision")),
        "additions": list(meeting.additions.select_related("added_by")),
        "attendance_rows": rows,
        "by_enterprise": by_enterprise,
    }


def minutes_pdf(meeting: Meeting, *, language: str = "sv") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("meetings/minutes_pdf.html", {**minutes_context(meeting), "LANG": language})
    return HTML(string=html).write_pdf()
