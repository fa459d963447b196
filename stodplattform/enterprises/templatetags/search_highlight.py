"""Mark the words a search matched: ``{{ enterprise.name|highlight:search_query }}``.

The text is escaped first, then the matched words are wrapped in ``<mark>``; the result is
safe HTML whatever the enterprise wrote.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from stodplattform.enterprises.search import WORD, highlight_words, term

register = template.Library()


@register.filter
def highlight(text, query):
    text = str(text or "")
    if not query:
        return text
    return mark_safe(  # noqa: S308 (every piece is escaped)
        "".join(
            f"<mark>{escape(w)}</mark>" if marked else escape(w) for w, marked in highlight_words(text, query)
        )
    )


@register.filter
def snippet(text, query, length=24):
    """About ``length`` words of ``text`` around the first matched word, highlighted."""
    text = str(text or "")
    parts = text.split()
    start = 0
    if query and query.groups:
        exact, prefixes = query.highlight
        for i, part in enumerate(parts):
            found = [term(w) for w in WORD.findall(part)]
            if any(t in exact or t.startswith(prefixes) for t in found):
                start = max(0, i - length // 3)
                break
    chosen = parts[start : start + length]
    result = " ".join(chosen)
    if start > 0:
        result = "… " + result
    if start + length < len(parts):
        result += " …"
    return highlight(result, query) if query else result


@register.filter
def matched_offers(enterprise, query):
    """The goods and services lines that the search matched."""
    if not query or not query.groups:
        return []
    exact, prefixes = query.highlight
    return [
        line
        for line in enterprise.goods_list + enterprise.services_list
        if any(term(w) in exact or term(w).startswith(prefixes) for w in WORD.findall(line))
    ]


@register.filter
def card_offers(enterprise, query):
    """The card's first three goods and services, those that the search matched first."""
    matched = matched_offers(enterprise, query)
    rest = [line for line in enterprise.goods_list + enterprise.services_list if line not in matched]
    return (matched + rest)[:3]
