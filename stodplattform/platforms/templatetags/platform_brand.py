"""The platform whose identity (name, logo, colour) a page wears in its header and footer."""

from django import template
from django.urls import reverse

from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

register = template.Library()

# Context names of objects that belong to a platform, in the order they are looked for.
OWNERS = ("enterprise", "event", "meeting", "series", "intervention", "case", "budget")


@register.simple_tag(takes_context=True)
def brand_platform(context):
    """The page's platform, or None for the pages of the whole installation.

    A view may name it (``brand_platform``); otherwise a ``platform`` in the context, or the
    platform of the enterprise, event, meeting … the page is about.
    """
    if "brand_platform" in context:
        return context["brand_platform"]
    platform = context.get("platform")
    if isinstance(platform, Platform):
        return platform
    for name in OWNERS:
        owner = context.get(name)
        platform = getattr(owner, "platform", None) if owner is not None else None
        if isinstance(platform, Platform):
            return platform
    return None


# The work sections of the top menu, and the roles of those who use them (a superuser sees all).
WORK_MENU = (
    ("cases", "support-inbox", {Role.COORDINATOR, Role.COOPTED, Role.MANAGER}),
    ("meetings", "meetings-list", {Role.COORDINATOR, Role.STEERING, Role.COOPTED, Role.MANAGER}),
    ("interventions", "interventions-list", {Role.COORDINATOR, Role.STEERING, Role.MANAGER}),
)


@register.simple_tag(takes_context=True)
def work_menu(context):
    """{section: url} of the sections (cases, meetings, interventions) the signed-in person works in.

    Read from the roles cached on the user for this request: none for a visitor, at most one query.
    """
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return {}
    roles = access.held_roles(user)
    return {
        section: reverse(url_name)
        for section, url_name, users in WORK_MENU
        if user.is_superuser or roles & users
    }
