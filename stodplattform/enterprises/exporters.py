from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column, Joined
from stodplattform.lib.text import lines

from .models import Enterprise


def _list(text):
    return lines(text) if text else []


def _codes(joined):
    return joined.split("; ") if joined else []


def public_columns(site_url: str) -> list[Column]:
    """The public fields of the directory (open data), read straight from the database.

    Each column names the field that ``values_list`` reads; the page address is built from
    the slug as text, with no ``reverse()`` per row.
    """
    prefix, suffix = reverse("enterprises-detail", args=["-"]).rsplit("-", 1)
    prefix = site_url.rstrip("/") + prefix
    return [
        Column("name", _("Name"), field="name"),
        Column("slug", _("Short name"), field="slug"),
        Column("url", _("Page"), lambda slug: prefix + slug + suffix, field="slug"),
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
        Column("sells_to_public", _("Sells to the public sector"), field="sells_to_public"),
        Column("description", _("Description"), field="description"),
    ]


def with_sni_codes(queryset):
    """Each enterprise's SNI codes as one text, by a subquery (no query per row)."""
    links = Enterprise.industries.through.objects.filter(enterprise=OuterRef("pk")).order_by()
    codes = links.values("enterprise").annotate(codes=Joined("industry__code")).values("codes")
    return queryset.annotate(sni_codes=Subquery(codes))
