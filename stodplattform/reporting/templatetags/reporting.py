from django import template

from stodplattform.core.durations import hours_and_minutes
from stodplattform.core.money import sek
from stodplattform.core.numbers import grouped

from ..figures import MINUTES, SEK

register = template.Library()


@register.filter
def figure(cell, unit):
    """{{ cell|figure:table.unit }}: hours and minutes, kronor, or a count ("< 5" when hidden,
    "–" when not recorded)."""
    if cell is None:
        return ""
    if getattr(cell, "hidden", False):
        return str(cell)
    value = getattr(cell, "value", cell)
    if value is None:
        return "–"  # not recorded (the table's note says why)
    if unit == MINUTES:
        return hours_and_minutes(value)
    if unit == SEK:
        return sek(value)
    return grouped(value)


@register.filter
def minutes(value):
    """{{ minutes|minutes }} → 12 tim 30 min."""
    return hours_and_minutes(value)


@register.filter
def share(value):
    """0.5 → 50 %; None → –."""
    if value is None:
        return "–"
    return f"{grouped(round(value * 100))}\u00a0%"
