"""A year's key figures' status badge, the same wherever the figures are listed."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from stodplattform.followup.models import FigureStatus

register = template.Library()

_WORDS = "followup_tags.figures_badge"
_CLASS = {FigureStatus.CHECKED: "text-bg-success", FigureStatus.SUBMITTED: "text-bg-warning"}


@register.simple_tag(takes_context=True)
def figures_badge(context, figures):
    """ "Missing" for None, else the figures' status.

    A tag, not an included template: the overview has a badge in each of 150 cells, and the
    words are translated once per page.
    """
    words = context.render_context.get(_WORDS)
    if words is None:
        words = context.render_context[_WORDS] = {
            **{value: str(label) for value, label in FigureStatus.choices},
            None: gettext("Missing"),
        }
    if figures is None:
        return format_html('<span class="badge text-bg-light border">{}</span>', words[None])
    status = figures.status
    return format_html(
        '<span class="badge {}">{}</span>',
        _CLASS.get(status, "text-bg-secondary"),
        words.get(status, status),
    )
