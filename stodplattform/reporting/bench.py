"""The benchmark's reporting: no rows of its own (the figures are the other apps' rows, which
their bench modules generate), but its pages.

* ``pages()`` – the public statistics of the first benchmark platform and of its county
  (anonymous, cached after the first request) and the coordinator's dashboard;
* ``first_views()`` – the coordinator's first view of the platform dashboard and of the
  report to the funder, beside the admin change lists of the tables they sum (support cases,
  interventions).
"""

from django.urls import reverse

from stodplattform.platforms.bench import BENCH_PREFIX
from stodplattform.platforms.models import Platform


def _platform():
    return Platform.objects.filter(slug=f"{BENCH_PREFIX}1").first()


def pages() -> list[dict]:
    platform = _platform()
    if platform is None:
        return []
    found = [
        {
            "name": "public statistics, platform",
            "path": reverse("reporting-public-platform", args=[platform.slug]),
            "role": None,
        },
        {
            "name": "dashboard (coordinator)",
            "path": reverse("reporting-dashboard", args=[platform.slug]),
            "role": "coordinator",
        },
    ]
    region = platform.municipalities.values_list("region__code", flat=True).order_by("code").first()
    if region:
        found.append(
            {
                "name": "public statistics, county",
                "path": reverse("reporting-public-region", args=[region]),
                "role": None,
            }
        )
    return found


def first_views() -> list[dict]:
    platform = _platform()
    if platform is None:
        return []
    return [
        {
            "name": "platform dashboard",
            "path": reverse("reporting-dashboard", args=[platform.slug]),
            "role": "coordinator",
            "admin": "/_bench/admin/support/supportcase/",
        },
        {
            "name": "report to the funder",
            "path": reverse("reporting-report", args=[platform.slug]),
            "role": "coordinator",
            "admin": "/_bench/admin/interventions/intervention/",
        },
    ]
