"""What the showcase page derives from an enterprise: the week's hours, today, schema.org.

Works on prefetched ``opening_hours``, ``opening_exceptions`` and ``photos``: no queries.
"""

import datetime
import json
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django.conf import settings
from django.utils.safestring import mark_safe

from .models import SCHEMA_DAYS, Enterprise, Weekday

# How far ahead the page lists exceptions to the usual hours.
EXCEPTIONS_AHEAD_DAYS = 60


@dataclass
class Day:
    weekday: int
    name: str
    intervals: list = field(default_factory=list)
    is_today: bool = False


def week(enterprise: Enterprise, today: datetime.date) -> list[Day]:
    """Monday to Sunday with their intervals; empty when the enterprise gave no hours at all."""
    hours = list(enterprise.opening_hours.all())
    if not hours:
        return []
    days = [Day(value, label, is_today=value == today.weekday()) for value, label in Weekday.choices]
    for interval in hours:
        days[interval.weekday].intervals.append(interval)
    return days


def upcoming_exceptions(enterprise: Enterprise, today: datetime.date) -> list:
    last = today + datetime.timedelta(days=EXCEPTIONS_AHEAD_DAYS)
    return [e for e in enterprise.opening_exceptions.all() if today <= e.date <= last]


def directions_url(enterprise: Enterprise) -> str:
    """A route planner to the visiting address; a phone opens its own map app from it."""
    address = ", ".join(
        part
        for part in [enterprise.street_address, f"{enterprise.postcode} {enterprise.city}".strip()]
        if part
    )
    if not enterprise.street_address:
        return ""
    return "https://www.google.com/maps/dir/?api=1&destination=" + quote_plus(address)


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def json_ld(enterprise: Enterprise, today: datetime.date) -> str:
    """schema.org LocalBusiness for search engines, safe to put inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": enterprise.name,
        "url": _absolute(enterprise.get_absolute_url()),
    }
    if enterprise.description:
        data["description"] = enterprise.description
    if enterprise.street_address or enterprise.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": enterprise.street_address,
            "postalCode": enterprise.postcode,
            "addressLocality": enterprise.city,
            "addressRegion": enterprise.municipality.name,
            "addressCountry": "SE",
        }
    if enterprise.phone:
        data["telephone"] = enterprise.phone
    if enterprise.email:
        data["email"] = enterprise.email
    images = [enterprise.image.url] if enterprise.image else []
    images += [photo.image.url for photo in enterprise.photos.all()]
    if images:
        data["image"] = [_absolute(url) for url in images]
    same_as = ([enterprise.website] if enterprise.website else []) + enterprise.social_list
    if same_as:
        data["sameAs"] = same_as
    offers = [
        {"@type": "Offer", "itemOffered": {"@type": kind, "name": name}}
        for kind, names in (("Product", enterprise.goods_list), ("Service", enterprise.services_list))
        for name in names
    ]
    if offers:
        data["makesOffer"] = offers
    specification = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[interval.weekday]}",
            "opens": interval.opens.strftime("%H:%M"),
            "closes": interval.closes.strftime("%H:%M"),
        }
        for interval in enterprise.opening_hours.all()
    ]
    for exception in upcoming_exceptions(enterprise, today):
        special = {
            "@type": "OpeningHoursSpecification",
            "validFrom": exception.date.isoformat(),
            "validThrough": exception.date.isoformat(),
        }
        if exception.closed:
            # schema.org's way to say "closed that day": opens and closes at midnight.
            special.update(opens="00:00", closes="00:00")
        else:
            special.update(opens=exception.opens.strftime("%H:%M"), closes=exception.closes.strftime("%H:%M"))
        specification.append(special)
    if specification:
        data["openingHoursSpecification"] = specification
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # As Django's json_script: no "</script>" or "<!--" can end the element early.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above
