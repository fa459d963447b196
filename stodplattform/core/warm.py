"""What a server process loads before its first request (``stodplattform.wsgi``)."""

from pathlib import Path

import django.forms
from django.apps import apps
from django.forms.renderers import get_default_renderer
from django.template import engines


def compile_templates() -> int:
    """Compile every template of the project's apps, and the form widgets' templates, into the
    template loader's cache; returns how many.

    Otherwise each process compiles a template the first time a request renders it: a
    coordinator's first case inbox in a new process took 10 ms more than the next one
    (SQLite, 5 000 enterprises). Compiled before ``gc.freeze()``, their node trees are also
    kept out of the garbage collector's passes. About 0.2 s a process for 200 templates.
    """
    count = 0
    engine = engines["django"]
    for config in apps.get_app_configs():
        if not config.name.startswith("stodplattform"):
            continue
        count += _compile(Path(config.path) / "templates", engine.get_template)
    root = Path(__file__).resolve().parents[1] / "templates"
    count += _compile(root, engine.get_template)
    widgets = Path(django.forms.__file__).parent / "templates"
    count += _compile(widgets / "django" / "forms" / "widgets", get_default_renderer().get_template, widgets)
    return count


def _compile(folder: Path, get_template, base: Path | None = None) -> int:
    base = base or folder
    names = [str(path.relative_to(base)) for path in sorted(folder.rglob("*.html"))]
    for name in names:
        get_template(name)
    return len(names)
