"""A case's status badges, the same wherever a case is listed."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext, pgettext

from stodplattform.support.models import CaseStatus

register = template.Library()

_WORDS = "support_tags.case_badges"
_STATUS_CLASS = {"new": "text-bg-primary", "closed": "text-bg-secondary", "waiting": "text-bg-light border"}


@register.simple_tag(takes_context=True)
def case_badges(context, case):
    """Its status, and whether it is overdue or confidential.

    A tag, not an included template: in a 50-row inbox the include was half the table's time.
    The words are translated once per page (``get_status_display()`` translates every status
    of the list each time it is called).
    """
    words = context.render_context.get(_WORDS)
    if words is None:
        words = context.render_context[_WORDS] = {
            **{value: str(label) for value, label in CaseStatus.choices},
            "overdue": pgettext("case", "overdue"),
            "confidential": gettext("confidential"),
        }
    badges = [(_STATUS_CLASS.get(case.status, "text-bg-info"), words.get(case.status, case.status))]
    if case.is_overdue:
        badges.append(("text-bg-danger", words["overdue"]))
    if case.confidential:
        badges.append(("text-bg-dark", words["confidential"]))
    return format_html_join(" ", '<span class="badge {}">{}</span>', badges)
