from django import template

from stodplattform.core.durations import hours_and_minutes

register = template.Library()


@register.filter
def minutes(value):
    """{{ minutes|minutes }} → 12 tim 30 min."""
    return hours_and_minutes(value)
