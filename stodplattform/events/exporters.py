"""The attendee list as columns, for CSV and XLSX."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


ATTENDEE_COLUMNS = [
    Column("name", _("Name"), lambda r: r.name),
    Column("email", _("E-mail"), lambda r: r.email),
    Column("organisation", _("Organisation"), lambda r: r.organisation),
    Column("status", _("Status"), lambda r: r.get_status_display()),
    Column("registered", _("Registered"), lambda r: _local(r.created_at)),
    Column("checked_in", _("Checked in"), lambda r: _local(r.checked_in_at)),
    Column("note", _("Note"), lambda r: r.note),
]
