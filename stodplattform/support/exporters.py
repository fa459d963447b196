"""The inbox as a download: exactly the cases that are filtered, never more."""

from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column

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
