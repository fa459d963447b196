"""Demo sustainability checks: three agreed years for every demo enterprise.

Everything here is invented: every comment starts "Exempel:" and the scores are made up from
the enterprise's name, so the chart differs between enterprises. ``followup/demo.py`` calls
``load(context)``; each step goes through the services, so the history shows who did what.
"""

import zlib

from django.utils import timezone

from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.models import Membership, Role

from . import checks_services as services
from .models import Area

COMMENTS = {
    "purpose": "Exempel: syftet är tydligt och styrelsen följer upp det varje år.",
    "finances": "Exempel: intäkterna räcker, men bufferten är liten.",
    "organisation": "Exempel: fristående från kommunen, med en aktiv styrelse.",
    "staff": "Exempel: två handledare, en av dem nyutbildad.",
    "participation": "Exempel: medarbetarna är med på månadsmötena och i styrelsen.",
    "environment": "Exempel: återbruk och källsortering, men många transporter.",
    "social": "Exempel: gott rykte i bygden och nära samarbete med föreningarna.",
    "management": "Exempel: rutiner finns men följs inte alltid upp.",
    "work_environment": "Exempel: skyddsrond varje år och anpassade arbetsplatser.",
    "market": "Exempel: mer än hälften av intäkterna är arbetsträning som kommunen köper.",
}


def _score(enterprise, area, step) -> int:
    """A made-up score 1–5 that tends to rise a little year by year."""
    seed = zlib.crc32(f"{enterprise.slug}:{area}".encode())
    base = 1 + seed % 4  # 1–4
    return min(5, base + (step if seed % 3 else 0) // 2 + (1 if step and seed % 5 == 0 else 0))


def load(context) -> None:
    year = timezone.localdate().year
    coordinators = {}
    for membership in Membership.objects.filter(role=Role.COORDINATOR).select_related("user").order_by("pk"):
        coordinators.setdefault(membership.platform_id, membership.user)
    admin = context.get("admin")
    for enterprise in Enterprise.objects.order_by("pk"):
        coordinator = coordinators.get(enterprise.platform_id, admin)
        for step, check_year in enumerate(range(year - 3, year)):
            if enterprise.year_founded and check_year < enterprise.year_founded:
                continue
            scores = {area: (_score(enterprise, area, step), COMMENTS[area]) for area in Area.values}
            check = services.save_check(
                enterprise=enterprise, year=check_year, scores=scores, by=coordinator, submit=True
            )
            services.agree_check(check, by=coordinator)
