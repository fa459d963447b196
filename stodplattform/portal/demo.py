"""The demo installation: every app contributes its part, in the order of INSTALLED_APPS.

An app with demo data has a ``demo`` module with ``load(context)``, which may read
what earlier apps put in ``context`` (the platforms, the people), and ``LOGINS``, the
(role, e-mail) pairs that ``./serve`` prints.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction

from stodplattform.core.audit import acting_as


def demo_modules():
    for config in apps.get_app_configs():
        if f"{config.name}.demo" == __name__:
            continue  # the loader itself
        if config.name.startswith("stodplattform.") and find_spec(f"{config.name}.demo"):
            yield import_module(f"{config.name}.demo")


def logins() -> list[tuple[str, str]]:
    found = []
    for module in demo_modules():
        found.extend(getattr(module, "LOGINS", []))
    # The superuser last: it is the one to try least.
    return sorted(found, key=lambda login: login[1] == "admin@example.org")


@transaction.atomic
def load_demo() -> dict:
    modules = list(demo_modules())
    context: dict = {}
    # The accounts part makes the admin, who is then the actor in the history.
    modules[0].load(context)
    with acting_as(context.get("admin")):
        for module in modules[1:]:
            module.load(context)
    return context
