"""The platform whose identity (name, logo, colour) a page wears in its header and footer."""

from django import template

from stodplattform.platforms.models import Platform

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
