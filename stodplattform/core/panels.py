"""Panels that the capabilities contribute to shared pages, such as each person's start page.

The start page (in ``portal``) knows no capability: it asks every app's
``panels.py`` for what it has for the person at hand, the way pretix's
dashboard widgets work. A provider takes the request and returns a ``Panel``,
a list of them, or None when it has nothing to show; it makes its own bounded
number of queries.

    from stodplattform.core.panels import Panel, provides

    @provides("start", order=20)
    def my_cases(request):
        cases = SupportCase.objects.visible_to(request.user).open()[:10]
        if cases:
            return Panel(_("My cases"), "support/panels/my_cases.html", {"cases": cases})
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules

_providers: dict[str, list[tuple[int, str, Callable]]] = {}


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    # "wide" spans the page, "half" shares a row with another half panel.
    size: str = "wide"
    # Shown above the panels, e.g. a notice that needs action first.
    urgent: bool = False
    html: str = ""

    @property
    def slug(self) -> str:
        return self.template.rsplit("/", 1)[-1].removesuffix(".html").replace("_", "-")


def provides(slot: str, order: int = 50):
    """Register a provider of panels for ``slot`` (e.g. "start" or "account")."""

    def register(func):
        key = f"{func.__module__}.{func.__qualname__}"
        entries = _providers.setdefault(slot, [])
        if key not in {k for _o, k, _f in entries}:
            entries.append((order, key, func))
            entries.sort(key=lambda item: (item[0], item[1]))
        return func

    return register


def collect(slot: str, request, **about) -> list[Panel]:
    """The panels every provider has for this request, rendered, in order.

    ``about`` names what the page shows (the showcase passes ``enterprise=``); the slot's
    providers take it as keyword arguments.
    """
    panels = []
    for order, _key, provider in _providers.get(slot, []):
        result = provider(request, **about)
        for panel in result if isinstance(result, list) else [result]:
            if panel is None:
                continue
            panel.order = panel.order if panel.order != 50 else order
            panel.html = render_to_string(panel.template, {"panel": panel, **panel.context}, request)
            panels.append(panel)
    return sorted(panels, key=lambda p: (not p.urgent, p.order))


def autodiscover() -> None:
    autodiscover_modules("panels")
