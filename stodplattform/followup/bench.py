"""The benchmark's key figures: three years for every enterprise (15 000 rows at 5 000), and a
sustainability check with ten scores for a third of the enterprises.

Scaled with ``--enterprises`` as the enterprises are. The years are the three before this one
(``services.last_year()`` and the two before), none before the enterprise was founded (the
form refuses such a year too). The oldest year is checked, the middle one mostly, last year's
mostly self-reported, some still drafts. The figures are plausible for a small work-integrating
social enterprise and keep the model's rules (``KeyFigures.clean``): no part larger than its
whole, the turnover's parts not above it. Marked as invented: the source is "demo data" (the
year's page says so) and every score's comment begins "Syntetisk testdata". Inserted in bulk;
no audit history is written for them.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises import bench as enterprises_bench
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.bench import BENCH_PREFIX, progress, staff_by_platform
from stodplattform.platforms.models import Role

from . import services
from .models import (
    Area,
    CheckStatus,
    FigureStatus,
    KeyFigures,
    Score,
    Source,
    SustainabilityCheck,
)

YEARS = 3
CHUNK = 5000
MARK = "Syntetisk testdata för belastningsmätning."
COMMENTS = [
    "Tydligt syfte i stadgarna, förankrat i styrelsen.",
    "Ekonomin är sårbar: en stor kund står för mycket av omsättningen.",
    "Handledarna behöver mer utbildning i stödjande arbetsledning.",
    "Medarbetarna deltar i beslut på månatliga möten.",
    "Rutiner för arbetsmiljön finns men följs inte alltid upp.",
    "Bra spridning av kunder mellan privata och offentliga köpare.",
]


def _kr(thousands: float) -> Decimal:
    return Decimal(round(thousands) * 1000).quantize(Decimal("0.01"))


def _figures(rng, enterprise_id: int, year: int, growth: float) -> KeyFigures:
    """One plausible year: every part drawn within its whole."""
    employees = [rng.randint(0, 6), rng.randint(0, 6), rng.choice([0, 0, 0, 1])]
    occupied = [rng.randint(0, 8), rng.randint(0, 8), rng.choice([0, 0, 1])]
    supported = [rng.randint(0, e) for e in employees]
    target = [rng.randint((e + o) // 2, e + o) for e, o in zip(employees, occupied, strict=True)]
    supervisors = [rng.randint(0, 2), rng.randint(0, 2), 0]
    trained = [rng.randint(0, s) for s in supervisors]
    goods = _kr(rng.randint(200, 4000) * growth)
    public = _kr(rng.randint(0, 1500) * growth)
    values = {
        "sales_goods_services": goods,
        "sales_public_buyers": public,
        "net_turnover": goods + public + _kr(rng.randint(0, 80)),
        "grants": _kr(rng.randint(0, 800)),
        "result_after_financial_items": _kr(rng.randint(-300, 400)),
        "wage_bill": _kr(sum(employees) * rng.randint(180, 330)),
        "employees_fte": Decimal(sum(employees) * rng.randint(5, 10)) / 10,
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
    for _ in range(rng.randint(0, 6)):
        outcome = rng.choice(["ended_work", "ended_work", "ended_studies", "ended_seeking", "ended_other"])
        key = f"{outcome}_{rng.choice(['women', 'men'])}"
        values[key] = values.get(key, 0) + 1
    return KeyFigures(enterprise_id=enterprise_id, year=year, source=Source.DEMO, **values)


def _status(rng, age: int) -> str:
    """age 0 is the oldest year: checked; the middle year mostly; last year's mostly reported."""
    draw = rng.random()
    if age == 0:
        return FigureStatus.CHECKED
    if age == 1:
        return FigureStatus.CHECKED if draw < 0.8 else FigureStatus.SUBMITTED
    return (
        FigureStatus.CHECKED if draw < 0.1 else FigureStatus.SUBMITTED if draw < 0.75 else FigureStatus.DRAFT
    )


def generate(context: dict) -> None:
    rng = context["random"]
    platforms, enterprises = context["platforms_made"], context["enterprises_made"]
    last = services.last_year()
    years = list(range(last - YEARS + 1, last + 1))
    coordinators = staff_by_platform(platforms, [Role.COORDINATOR])
    now = timezone.now()
    made = checks = scores = 0
    for start in range(0, len(enterprises), CHUNK // YEARS):
        rows = []
        for enterprise in enterprises[start : start + CHUNK // YEARS]:
            checker = (coordinators[enterprise.platform_id] or [None])[0]
            for age, year in enumerate(years):
                if enterprise.year_founded and year < enterprise.year_founded:
                    continue
                figures = _figures(rng, enterprise.pk, year, 1 + 0.06 * age)
                figures.status = _status(rng, age)
                if figures.status != FigureStatus.DRAFT:
                    # Reported in the spring after the year, checked some weeks later.
                    reported = datetime.datetime(year + 1, 3, rng.randint(1, 28), 10, tzinfo=datetime.UTC)
                    figures.submitted_at = min(reported, now)
                if figures.status == FigureStatus.CHECKED:
                    figures.checked_at = min(
                        figures.submitted_at + datetime.timedelta(days=rng.randint(3, 40)), now
                    )
                    figures.checked_by_id = checker
                rows.append(figures)
        KeyFigures.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
        progress(context, f"   key figures: {made:,} years")

    # A sustainability check for every third enterprise: last year's, agreed for most.
    checked = enterprises[::3]
    made_checks = SustainabilityCheck.objects.bulk_create(
        [
            SustainabilityCheck(
                enterprise_id=e.pk,
                year=last,
                status=CheckStatus.AGREED if rng.random() < 0.7 else CheckStatus.SUBMITTED,
            )
            for e in checked
        ],
        batch_size=1000,
    )
    for c in made_checks:
        if c.status == CheckStatus.AGREED:
            c.agreed_at = now - datetime.timedelta(days=rng.randint(1, 300))
    SustainabilityCheck.objects.bulk_update(
        [c for c in made_checks if c.agreed_at], ["agreed_at"], batch_size=1000
    )
    checks = len(made_checks)
    rows = [
        Score(
            sustainability_check_id=c.pk,
            area=area,
            score=rng.choice([2, 3, 3, 4, 4, 5, 1]),
            comment=f"{MARK} {rng.choice(COMMENTS)}",
        )
        for c in made_checks
        for area in Area.values
    ]
    Score.objects.bulk_create(rows, batch_size=2000)
    scores = len(rows)
    progress(context, f"   sustainability checks: {checks:,} with {scores:,} scores")


def clear() -> None:
    generated = Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX)
    Score.objects.filter(sustainability_check__enterprise__in=generated).delete()
    SustainabilityCheck.objects.filter(enterprise__in=generated).delete()
    KeyFigures.objects.filter(enterprise__in=generated).delete()


def _manager_enterprise() -> Enterprise | None:
    """The benchmark's manager's enterprise (enterprises.bench.LOGINS)."""
    (email,) = [e for role, e in enterprises_bench.LOGINS if role == "manager"]
    return Enterprise.objects.filter(memberships__user__email=email).order_by("pk").first()


def first_views() -> list[dict]:
    admin = "/_bench/admin/followup/keyfigures/"
    first = f"{BENCH_PREFIX}1"
    found = [
        {
            "name": "key figures overview",
            "path": reverse("followup-overview", args=[first]),
            "role": "coordinator",
            "admin": admin,
        }
    ]
    # An enterprise of the first platform with figures, the manager's if it has any.
    mine = _manager_enterprise()
    figures = (
        KeyFigures.objects.filter(enterprise__platform__slug=first)
        .select_related("enterprise")
        .order_by("-year", "enterprise_id")
    )
    if mine and mine.platform.slug == first and figures.filter(enterprise=mine).exists():
        figures = figures.filter(enterprise=mine)
        roles = ("coordinator", "manager")
    else:
        roles = ("coordinator",)
    year = figures.first()
    if year:
        slug = year.enterprise.slug
        found += [
            {
                "name": "an enterprise's key figures",
                "path": reverse("followup-enterprise", args=[slug]),
                "role": role,
                "admin": admin,
            }
            for role in roles
        ]
        found += [
            {
                "name": "a year's key figures",
                "path": reverse("followup-year", args=[slug, year.year]),
                "role": role,
                "admin": admin,
            }
            for role in roles
        ]
    # The form opens on a year not yet checked (a checked year sends one to its page).
    open_year = figures.exclude(status=FigureStatus.CHECKED).first()
    if open_year:
        found.append(
            {
                "name": "key figures form",
                "path": reverse("followup-edit", args=[open_year.enterprise.slug, open_year.year]),
                "role": roles[-1],
                "admin": admin,
            }
        )
    found.append({"name": "admin: key figures", "path": admin, "role": "superuser"})
    return found
