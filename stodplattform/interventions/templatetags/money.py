from django import template

from stodplattform.core.money import sek as _sek

register = template.Library()


@register.filter
def sek(value):
    """{{ amount|sek }} → 12 500,00 kr"""
    return _sek(value)
