from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column

MEMBER_COLUMNS = [
    Column("name", _("Name"), lambda m: m.user.full_name),
    Column("email", _("E-mail"), lambda m: m.user.email),
    Column("role", _("Role"), lambda m: m.get_role_display()),
    Column("enterprise", _("Enterprise"), lambda m: m.enterprise.name if m.enterprise_id else ""),
    Column("organisation", _("Organisation"), lambda m: m.organisation),
    Column("title", _("Title"), lambda m: m.title),
    Column("starts_on", _("From"), lambda m: m.starts_on),
    Column("ends_on", _("Ends on"), lambda m: m.ends_on),
]
