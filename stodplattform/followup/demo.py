"""Demo key figures: three years for every demo enterprise, invented and marked as such.

The figures are made up (source "demo data", shown on every year's page as invented); they grow a
little from year to year and keep every rule (parts never larger than their wholes). The years
are the three before this one. The oldest is checked everywhere; the middle one is checked for
most; last year's are self-reported, a draft at one enterprise, and missing at Luddes Hundcenter,
so that its manager's start page asks for them and the coordinator's overview shows the gap.
"""

import random
from decimal import Decimal

from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.models import Membership, Role

from . import checks_demo, services
from .models import FigureStatus, Source

MISSING_LAST_YEAR = "luddes-hundcenter"
DRAFT_LAST_YEAR = "odla-po-angen-i-ludvika"
# Last year's figures already checked by the coordinator at these.
CHECKED_LAST_YEAR = {"atervinningsbutiken"}
# The middle year still self-reported (not yet checked) at these.
SELF_REPORTED_MIDDLE_YEAR = {"hantverkstan-i-smedjebacken"}


def _round(value, step=1000) -> Decimal:
    return Decimal(int(value / step) * step).quantize(Decimal("0.01"))


def invented_figures(seed: str, age: int) -> dict:
    """A plausible year for a small work-integrating social enterprise; ``age`` 0 is the oldest year."""
    rng = random.Random(f"{seed}-{age}")
    growth = 1 + 0.08 * age
    employees = [rng.randint(1, 4), rng.randint(1, 4), rng.choice([0, 0, 1])]
    occupied = [rng.randint(1, 5), rng.randint(1, 5), rng.choice([0, 1])]
    supported = [rng.randint(0, e) for e in employees]
    target = [rng.randint((e + o + 1) // 2, e + o) for e, o in zip(employees, occupied, strict=True)]
    supervisors = [rng.randint(1, 2), rng.randint(0, 2), 0]
    trained = [rng.randint(0, s) for s in supervisors]
    goods = rng.randint(600, 2400) * 1000 * growth
    public = rng.randint(150, 900) * 1000 * growth
    values = {
        "sales_goods_services": _round(goods),
        "sales_public_buyers": _round(public),
        "net_turnover": _round(goods) + _round(public) + _round(rng.randint(0, 60) * 1000),
        "grants": _round(rng.randint(50, 600) * 1000),
        "result_after_financial_items": _round(rng.randint(-150, 250) * 1000),
        "wage_bill": _round(sum(employees) * rng.randint(230, 320) * 1000),
        "employees_fte": Decimal(sum(employees) * rng.randint(6, 9)) / 10,
    }
    for name, counts in (
        ("employees", employees),
        ("supported_employees", supported),
        ("occupied", occupied),
        ("target_group", target),
        ("supervisors", supervisors),
        ("supervisors_trained", trained),
    ):
        for gender, count in zip(("women", "men", "other"), counts, strict=True):
            values[f"{name}_{gender}"] = count
    ended = rng.randint(1, 5)
    for index in range(ended):
        outcome = rng.choice(["ended_work", "ended_work", "ended_studies", "ended_seeking", "ended_other"])
        gender = "women" if index % 2 else "men"
        values[f"{outcome}_{gender}"] = values.get(f"{outcome}_{gender}", 0) + 1
    return values


def load(context: dict) -> None:
    last = services.last_year()
    years = [last - 2, last - 1, last]
    for platform in (context["platform"], context["other_platform"]):
        coordinator = (
            Membership.objects.current()
            .filter(platform=platform, role=Role.COORDINATOR)
            .select_related("user")
            .order_by("pk")
            .first()
            .user
        )
        for enterprise in Enterprise.objects.filter(platform=platform).order_by("pk"):
            manager = (
                Membership.objects.current()
                .filter(enterprise=enterprise, role=Role.MANAGER)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            by = manager.user if manager else coordinator
            for age, year in enumerate(years):
                if year == last and enterprise.slug == MISSING_LAST_YEAR:
                    continue
                figures = services.save_key_figures(
                    enterprise=enterprise,
                    year=year,
                    values=invented_figures(enterprise.slug, age),
                    by=by,
                    source=Source.DEMO,
                )
                if year == last and enterprise.slug == DRAFT_LAST_YEAR:
                    continue
                figures = services.submit_key_figures(figures=figures, by=by)
                checked = (
                    year == last - 2
                    or (year == last - 1 and enterprise.slug not in SELF_REPORTED_MIDDLE_YEAR)
                    or (year == last and enterprise.slug in CHECKED_LAST_YEAR)
                )
                if checked and figures.status != FigureStatus.CHECKED:
                    services.check_key_figures(figures=figures, by=coordinator)
    # Three agreed sustainability checks per enterprise.
    checks_demo.load(context)
