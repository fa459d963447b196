"""The benchmark's data set and pages: every app contributes its part (bench/run uses them).

An app with a part has a ``bench`` module with any of:

- ``generate(context)`` – add its synthetic rows (bulk inserts), reading what earlier apps
  put in ``context`` (``random``, ``platforms``, ``enterprises``, ``platforms_made`` …);
- ``clear()`` – delete its generated rows (called in reverse order for ``--replace``);
- ``real_rows()`` / ``generated_rows()`` – how many rows are not / are generated, told by the
  app's marker (people at ``accounts.bench.BENCH_DOMAIN``, platforms whose slug starts with
  ``platforms.bench.BENCH_PREFIX`` and what belongs to them);
- ``LOGINS`` – (role, e-mail) the benchmark signs in as;
- ``pages()`` – the pages to measure under load: dicts with ``name``, ``path`` and ``role``
  (``None`` for the public);
- ``first_views()`` – the pages a signed-in person opens, measured once per fresh session
  (bench/firstviews.py): dicts as for ``pages()``, with ``admin``, the path of the
  benchmark's admin change list of the same table to compare with (``/_bench/admin/…``), and
  ``sums``, true for a page that sums that table's rows instead of listing them (held to the
  floor's target only).

The loader calls the apps in the order of INSTALLED_APPS, as the demo loader does.
"""

import random
from importlib import import_module
from importlib.util import find_spec

from auditlog.context import disable_auditlog
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from stodplattform.core.audit import acting_as
from stodplattform.core.pagecache import bump_generation
from stodplattform.enterprises.models import Enterprise
from stodplattform.events.models import Event, Registration
from stodplattform.financing import bench as financing_bench
from stodplattform.financing.models import FundingCall, QualityLabel, Tender
from stodplattform.followup.models import KeyFigures, Score, SustainabilityCheck
from stodplattform.interventions.models import Intervention
from stodplattform.meetings.models import AgendaItem, Attendance, Meeting
from stodplattform.platforms.bench import BENCH_PREFIX, scaled
from stodplattform.platforms.models import Platform
from stodplattform.support import bench as support_bench
from stodplattform.support.models import CaseEntry, SupportCase


class BenchDataError(Exception):
    """The generator refuses: the message says why and which option overrides it."""


def bench_modules():
    for config in apps.get_app_configs():
        if f"{config.name}.bench" == __name__:
            yield import_module(__name__)
        elif config.name.startswith("stodplattform.") and find_spec(f"{config.name}.bench"):
            yield import_module(f"{config.name}.bench")


def _sum(name: str) -> int:
    return sum(getattr(module, name)() for module in bench_modules() if hasattr(module, name))


def count_real_rows() -> int:
    """Rows of people, platforms and enterprises that the generator did not make."""
    return _sum("real_rows")


def count_generated_rows() -> int:
    return _sum("generated_rows")


def all_logins() -> dict[str, str]:
    found = {}
    for module in bench_modules():
        found.update(dict(getattr(module, "LOGINS", [])))
    return found


def all_pages() -> list[dict]:
    found = []
    for module in bench_modules():
        if hasattr(module, "pages"):
            found.extend(module.pages())
    return found


def all_first_views() -> list[dict]:
    found = []
    for module in bench_modules():
        if hasattr(module, "first_views"):
            found.extend(module.first_views())
    return found


def counts() -> dict[str, int]:
    return {
        "platforms": Platform.objects.filter(slug__startswith=BENCH_PREFIX).count(),
        "enterprises": Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX).count(),
        "support cases": SupportCase.objects.filter(platform__slug__startswith=BENCH_PREFIX).count(),
        "tenders": Tender.objects.filter(platform__slug__startswith=BENCH_PREFIX).count(),
    }


def describe_data() -> str:
    """The capabilities' part of the data set, in words (bench/run's report)."""
    mine = {"platform__slug__startswith": BENCH_PREFIX}
    n = {
        "cases": SupportCase.objects.filter(**mine).count(),
        "entries": CaseEntry.objects.filter(case__platform__slug__startswith=BENCH_PREFIX).count(),
        "interventions": Intervention.objects.filter(**mine).count(),
        "meetings": Meeting.objects.filter(**mine).count(),
        "agenda": AgendaItem.objects.filter(meeting__platform__slug__startswith=BENCH_PREFIX).count(),
        "attendance": Attendance.objects.filter(meeting__platform__slug__startswith=BENCH_PREFIX).count(),
        "events": Event.objects.filter(**mine).count(),
        "registrations": Registration.objects.filter(event__platform__slug__startswith=BENCH_PREFIX).count(),
        "figures": KeyFigures.objects.filter(enterprise__platform__slug__startswith=BENCH_PREFIX).count(),
        "checks": SustainabilityCheck.objects.filter(
            enterprise__platform__slug__startswith=BENCH_PREFIX
        ).count(),
        "scores": Score.objects.filter(
            sustainability_check__enterprise__platform__slug__startswith=BENCH_PREFIX
        ).count(),
        "calls": FundingCall.objects.filter(description__startswith=financing_bench.MARK).count(),
        "tenders": Tender.objects.filter(**mine).count(),
        "labels": QualityLabel.objects.filter(enterprise__platform__slug__startswith=BENCH_PREFIX).count(),
    }
    return (
        f"{n['cases']:,} support cases with {n['entries']:,} entries, {n['interventions']:,} interventions, "
        f"{n['meetings']:,} meetings with {n['agenda']:,} agenda items and {n['attendance']:,} attendance rows, "
        f"{n['events']:,} events with {n['registrations']:,} registrations, "
        f"{n['figures']:,} years of key figures, {n['checks']:,} sustainability checks with "
        f"{n['scores']:,} scores, {n['calls']:,} funding calls, {n['tenders']:,} procurement "
        f"opportunities, {n['labels']:,} quality labels"
    )


def expected_counts(*, enterprises: int, platforms: int) -> dict[str, int]:
    """What counts() gives after generating this size: a data set made before the capabilities
    had their part (or of another size) is made anew."""
    return {
        "platforms": platforms,
        "enterprises": enterprises,
        "support cases": scaled({"enterprises": enterprises}, support_bench.CASES),
        "tenders": scaled({"enterprises": enterprises}, financing_bench.TENDERS),
    }


@transaction.atomic
def generate_bench_data(
    *, enterprises: int, platforms: int, seed: int, replace=False, force=False, say=None
) -> dict:
    """Generate the synthetic national data set; the same seed gives the same data.

    ``say`` is called with a line of progress now and then (the big parts take minutes).
    """
    if enterprises < 1 or platforms < 1:
        raise BenchDataError("Give at least one platform and one enterprise.")
    real = count_real_rows()
    if real and not force:
        raise BenchDataError(
            f"This database holds {real} people, platforms or enterprises that the generator did not "
            "make (real or demo data). Generate into an empty database, or give --force to add "
            "synthetic data beside them."
        )
    if count_generated_rows():
        if not replace:
            raise BenchDataError(
                "This database already holds generated benchmark data. Give --replace to delete it "
                "and generate it again."
            )
        # Bulk inserts wrote no history, and deleting them writes none either (a history
        # entry for each of 200 000 cases would take longer than making them).
        with disable_auditlog():
            for module in reversed(list(bench_modules())):
                if hasattr(module, "clear"):
                    module.clear()
    modules = [module for module in bench_modules() if hasattr(module, "generate")]
    context: dict = {
        "random": random.Random(seed),
        "enterprises": enterprises,
        "platforms": platforms,
        "say": say,
    }
    # The accounts part makes the superuser, who is then the actor in any history written.
    modules[0].generate(context)
    with acting_as(context.get("admin")):
        for module in modules[1:]:
            if say:
                say(f"== {module.__name__}")
            module.generate(context)
    bump_generation()  # the rows were bulk-inserted, which sends no signal
    return context


# -- The portal's own pages ------------------------------------------------------------


def pages() -> list[dict]:
    platform = Platform.objects.filter(slug__startswith=BENCH_PREFIX).order_by("pk").first()
    found = [
        {"name": "floor", "path": reverse("bench-floor"), "role": None},
        {"name": "home", "path": reverse("home"), "role": None},
        {"name": "login page", "path": reverse("account_login"), "role": None},
        {"name": "platforms", "path": reverse("platforms-list"), "role": None},
    ]
    if platform:
        found.append({"name": "platform page", "path": platform.get_absolute_url(), "role": None})
    for role in all_logins():
        found.append({"name": f"start page ({role})", "path": reverse("portal-start"), "role": role})
    return found


def first_views() -> list[dict]:
    # Each role's start page, where signing in leads.
    return [{"name": "start page", "path": reverse("portal-start"), "role": role} for role in all_logins()]
