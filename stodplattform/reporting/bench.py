"""The benchmark's reporting: no rows of its own (the figures are the other apps' rows, which
their bench modules generate), but its pages.

* ``pages()`` – the public statistics of the first benchmark platform and of its county
  (anonymous, cached after the first request), the coordinator's dashboard, and the report to
  the funder as a page, a PDF and an XLSX (made anew each time, as a coordinator downloads it;
  the PDF and XLSX one at a time, for at least 20 s). The first platform is one of the largest
  (the enterprises are dealt out in turn: the first 20 of 30 platforms have one more);
* ``first_views()`` – the coordinator's first view of the platform dashboard and of the
  report to the funder, beside the admin change lists of the tables they sum (support cases,
  interventions): they sum those rows instead of listing them, so their target is the floor's
  (``bench/firstviews.py``).
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
        {
            "name": "report to the funder (coordinator)",
            "path": reverse("reporting-report", args=[platform.slug]),
            "role": "coordinator",
        },
    ]
    report = reverse("reporting-report", args=[platform.slug])
    found += [
        {
            "name": f"report to the funder, {fmt.upper()} (coordinator)",
            "path": f"{report}?format={fmt}",
            "role": "coordinator",
            "connections": 1,
            "min_duration": 20,
        }
        for fmt in ("pdf", "xlsx")
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
            "sums": True,
        },
        {
            "name": "report to the funder",
            "path": reverse("reporting-report", args=[platform.slug]),
            "role": "coordinator",
            "admin": "/_bench/admin/interventions/intervention/",
            "sums": True,
        },
    ]
