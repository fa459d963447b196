from django import template

from stodplattform.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown from the organiser, sanitised (no scripts, no styles, safe links)."""
    return render_markdown(text)
