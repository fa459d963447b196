"""What a server process loads before its first request (``stodplattform.wsgi``)."""

import gc
from pathlib import Path

import django.forms
from django.apps import apps
from django.core.signals import request_finished
from django.forms.renderers import get_default_renderer
from django.template import engines


def compile_templates() -> int:
    """Compile every template of the project's apps, and Django's form templates (widgets,
    labels, error lists: Jinja2's, which the forms render through), into the template loaders'
    caches; returns how many.

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
    forms = Path(django.forms.__file__).parent / "jinja2"
    count += _compile(forms / "django" / "forms", get_default_renderer().get_template, forms)
    return count


def _compile(folder: Path, get_template, base: Path | None = None) -> int:
    base = base or folder
    names = [str(path.relative_to(base)) for path in sorted(folder.rglob("*.html"))]
    for name in names:
        get_template(name)
    return len(names)


# A full collection after every this many responses, once the person has their page.
COLLECT_EVERY = 20


class CollectBetweenRequests:
    """The garbage collector's full passes between requests instead of in the middle of one.

    After ``gc.freeze()`` the collector's own rule ran a full pass every thirty pages or so, in
    the middle of whichever request was running: 25-70 ms added to that page. Here the full
    pass is left to the end of every ``COLLECT_EVERY``-th request (Django's ``request_finished``,
    sent when the server closes the response it has sent), and the automatic one is made rare.
    Measured over 200 first views of ten pages (one process, SQLite, 5 000 enterprises): the
    longest pause inside a request 73 -> 2 ms; a pass between requests about 30 ms; peak
    memory unchanged (150 MB).
    """

    def __init__(self, every: int = COLLECT_EVERY):
        self.every, self.count = every, 0

    def install(self) -> None:
        gen0, gen1, _gen2 = gc.get_threshold()
        gc.set_threshold(gen0, gen1, 1000)
        request_finished.connect(self, weak=False, dispatch_uid="core.warm.collect")

    def __call__(self, **kwargs) -> None:
        self.count += 1
        if self.count % self.every == 0:
            gc.collect()
