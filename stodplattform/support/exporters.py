"""The inbox as a download (exactly the cases that are filtered, never more), and the time outside cases."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.durations import decimal_hours
from stodplattform.core.exports import Column, csv_response, xlsx_response

CASE_COLUMNS = [
    Column("reference", _("Reference"), lambda c: c.reference),
    Column("title", _("Title"), lambda c: str(c.display_title)),
    Column("category", _("Category"), lambda c: c.get_category_display()),
    Column("priority", _("Priority"), lambda c: c.get_priority_display()),
    Column("status", _("Status"), lambda c: c.get_status_display()),
    Column("outcome", _("Outcome"), lambda c: c.get_outcome_display()),
    Column("opened_on", _("Opened"), lambda c: c.opened_on.isoformat()),
    Column("due_on", _("Due date"), lambda c: c.due_on.isoformat() if c.due_on else ""),
    Column("assignee", _("Assignee"), lambda c: c.assignee.full_name if c.assignee else ""),
    Column("enterprise", _("Enterprise"), lambda c: c.enterprise.name if c.enterprise else ""),
    Column("prospect", _("Prospect"), lambda c: c.prospect.name if c.prospect else ""),
    Column("requester", _("Requester"), lambda c: c.requester_name),
    Column("confidential", _("Confidential"), lambda c: c.confidential),
    Column("platform", _("Platform"), lambda c: c.platform.name),
]

# Time outside cases: the minutes as logged and the same time in hours (decimal, for sums).
TIME_COLUMNS = [
    Column("date", _("Date"), lambda e: e.date.isoformat()),
    Column("category", _("Category"), lambda e: e.get_category_display()),
    Column("person", _("Who"), lambda e: e.person.full_name if e.person else ""),
    Column("minutes", pgettext_lazy("time spent", "Minutes"), lambda e: e.minutes),
    Column("hours", _("Hours"), lambda e: decimal_hours(e.minutes), number_format="0.00"),
    Column("note", _("Note"), lambda e: e.note),
    Column("platform", _("Platform"), lambda e: e.platform.name),
]


def time_response(entries, fmt: str, filename: str):
    if fmt == "csv":
        return csv_response(filename, TIME_COLUMNS, entries.iterator(chunk_size=2000))
    return xlsx_response(filename, TIME_COLUMNS, entries.iterator(chunk_size=2000), title=filename)
