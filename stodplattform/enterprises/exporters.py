from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from stodplattform.core.addresses import addresses
from stodplattform.core.exports import Column, Joined
from stodplattform.lib.text import lines

from .models import Enterprise, OpeningHours

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def _list(text):
    return lines(text) if text else []


def _codes(joined):
    return joined.split("; ") if joined else []


class _JoinedAnyOrder(Joined):
    """Joined without ORDER BY (its expression is written once); the caller sorts."""

    template = "%(function)s(%(expressions)s, '; ')"


def _hours(joined):
    """The usual opening hours as in OpenStreetMap's opening_hours, e.g. "Mo 10:00-18:00; Sa 10:00-14:00".

    ``joined`` is "weekday HH:MM:SS-HH:MM:SS" per interval, in any order (``with_public_fields``).
    """
    if not joined:
        return ""
    days = {}
    for interval in sorted(joined.split("; ")):
        weekday, times = interval.split(" ", 1)
        opens, closes = times.split("-")
        days.setdefault(int(weekday), []).append(f"{opens[:5]}-{closes[:5]}")
    return "; ".join(f"{DAY_CODES[day]} {','.join(times)}" for day, times in sorted(days.items()))


def public_columns(site_url: str) -> list[Column]:
    """The public fields of the directory (open data), read straight from the database.

    Each column names the field that ``values_list`` reads; the page address is built from
    the slug as text, with no ``reverse()`` per row. The queryset comes through
    ``with_public_fields`` for the SNI codes and opening hours.
    """
    site, page = site_url.rstrip("/"), addresses("enterprises-detail")
    return [
        Column("name", _("Name"), field="name"),
        Column("slug", _("Short name"), field="slug"),
        Column("url", _("Page"), lambda slug: site + page(slug), field="slug"),
        Column("org_number", _("Organisation number"), field="org_number"),
        Column("legal_form", _("Legal form"), field="legal_form"),
        Column("status", _("Status"), field="status"),
        Column("platform", _("Platform"), field="platform__slug"),
        Column("municipality_code", _("Municipality code"), field="municipality__code"),
        Column("municipality", _("Municipality"), field="municipality__name"),
        Column("street_address", _("Visiting address"), field="street_address"),
        Column("postcode", _("Postcode"), field="postcode"),
        Column("city", _("Town"), field="city"),
        Column("website", _("Website"), field="website"),
        Column("email", _("E-mail"), field="email"),
        Column("phone", _("Phone"), field="phone"),
        Column("sni_codes", _("SNI codes"), _codes, field="sni_codes"),
        Column("year_founded", _("Year founded"), field="year_founded"),
        Column("goods", _("Goods"), _list, field="offers_goods"),
        Column("services", _("Services"), _list, field="offers_services"),
        Column("sells_to_private", _("Sells to private customers"), field="sells_to_private"),
        Column("sells_to_companies", _("Sells to companies"), field="sells_to_companies"),
        Column("sells_to_public", _("Sells to the public sector"), field="sells_to_public"),
        Column("opening_hours", _("Opening hours"), _hours, field="opening_hours_text"),
        Column("social_links", _("Social media"), _list, field="social_links"),
        Column("description", _("Description"), field="description"),
    ]


def with_public_fields(queryset):
    """Each enterprise's SNI codes and opening hours as one text each, by subqueries (no query per row)."""
    links = Enterprise.industries.through.objects.filter(enterprise=OuterRef("pk")).order_by()
    codes = links.values("enterprise").annotate(codes=Joined("industry__code")).values("codes")
    interval = Concat(
        Cast("weekday", CharField()),
        Value(" "),
        Cast("opens", CharField()),
        Value("-"),
        Cast("closes", CharField()),
        output_field=CharField(),
    )
    hours = (
        OpeningHours.objects.filter(enterprise=OuterRef("pk"))
        .order_by()
        .values("enterprise")
        .annotate(text=_JoinedAnyOrder(interval))
        .values("text")
    )
    return queryset.annotate(sni_codes=Subquery(codes), opening_hours_text=Subquery(hours))
