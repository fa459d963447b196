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

The start page is ordered by what needs the person first. Keep to these ranges of
``order`` so that every app's panels fit together:

- 0–29: **action today** – lists of things waiting for this person, each with its count
  and "show all" (new requests 10, overdue cases 12, minutes to check 14, applications to
  prepare 16, reports due 18, reports to close 20, decisions awaited 22, the manager's own
  applications 24, …). Keep them short (``size="half"``), a handful of rows each.
- 30–59: **overviews** – the person's open work and what is coming (open cases 30,
  meetings and action items 32, events 40, budget 45, figures, roles 55).
- 60 and above: **links and long tables** – one click away (the enterprise table 60, folded
  for coordinators), and gentle suggestions (a second factor 90).

``urgent=True`` puts a panel above all the others whatever its order (an invitation to
answer, a warning about the installation).
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
    # The panel's id on the page; by default its template's name ("support-cases").
    key: str = ""

    @property
    def slug(self) -> str:
        return self.key or self.template.rsplit("/", 1)[-1].removesuffix(".html").replace("_", "-")


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
