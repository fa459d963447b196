from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def _hours(enterprise):
    """The usual opening hours as in OpenStreetMap's opening_hours, e.g. "Mo 10:00-18:00; Sa 10:00-14:00"."""
    days = {}
    for interval in enterprise.opening_hours.all():
        days.setdefault(interval.weekday, []).append(f"{interval.opens:%H:%M}-{interval.closes:%H:%M}")
    return "; ".join(f"{DAY_CODES[day]} {','.join(times)}" for day, times in sorted(days.items()))


def _url(enterprise):
    return settings.SITE_URL.rstrip("/") + enterprise.get_absolute_url()


# The public fields of the directory: open data.
PUBLIC_COLUMNS = [
    Column("name", _("Name"), lambda e: e.name),
    Column("slug", _("Short name"), lambda e: e.slug),
    Column("url", _("Page"), _url),
    Column("org_number", _("Organisation number"), lambda e: e.org_number),
    Column("legal_form", _("Legal form"), lambda e: e.legal_form),
    Column("status", _("Status"), lambda e: e.status),
    Column("platform", _("Platform"), lambda e: e.platform.slug),
    Column("municipality_code", _("Municipality code"), lambda e: e.municipality.code),
    Column("municipality", _("Municipality"), lambda e: e.municipality.name),
    Column("street_address", _("Visiting address"), lambda e: e.street_address),
    Column("postcode", _("Postcode"), lambda e: e.postcode),
    Column("city", _("Town"), lambda e: e.city),
    Column("website", _("Website"), lambda e: e.website),
    Column("email", _("E-mail"), lambda e: e.email),
    Column("phone", _("Phone"), lambda e: e.phone),
    Column("sni_codes", _("SNI codes"), lambda e: [i.code for i in e.industries.all()]),
    Column("year_founded", _("Year founded"), lambda e: e.year_founded),
    Column("goods", _("Goods"), lambda e: e.goods_list),
    Column("services", _("Services"), lambda e: e.services_list),
    Column("sells_to_private", _("Sells to private customers"), lambda e: e.sells_to_private),
    Column("sells_to_companies", _("Sells to companies"), lambda e: e.sells_to_companies),
    Column("sells_to_public", _("Sells to the public sector"), lambda e: e.sells_to_public),
    Column("opening_hours", _("Opening hours"), _hours),
    Column("social_links", _("Social media"), lambda e: e.social_list),
    Column("description", _("Description"), lambda e: e.description),
]
