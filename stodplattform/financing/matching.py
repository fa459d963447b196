"""Which open calls fit which enterprises and prospects: one function per criterion.

A criterion the call leaves empty lets everyone through. What the platform does not know about
a candidate (a prospect has no legal form yet, an enterprise has given no key figures) does not
exclude it either: the call is shown, and the people who know can judge. Candidates are loaded
with a bounded number of queries (``enterprise_candidates``, ``prospect_candidates``); the
matching itself is plain Python over them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from stodplattform.enterprises.models import Status
from stodplattform.followup.models import KeyFigures
from stodplattform.support.models import Stage

from .models import FundingCall, Tender


@dataclass
class Candidate:
    """An enterprise or a prospect as the criteria read it; None is "not known"."""

    kind: str  # "enterprise" or "prospect"
    obj: object
    platform_id: int
    municipality_id: int
    region_id: int
    status: str
    legal_form: str | None = None
    year_founded: int | None = None
    employees: int | None = None
    industry_ids: frozenset[int] = field(default_factory=frozenset)
    offer_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return self.obj.name


# -- The criteria -------------------------------------------------------------------------


def reaches(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    """The call is the candidate's platform's, its region's, or the whole installation's."""
    if call.platform_id:
        return call.platform_id == c.platform_id
    return call.region_id is None or call.region_id == c.region_id


def legal_form_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    return not call.legal_forms or not c.legal_form or c.legal_form in call.legal_forms


def age_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    """Age in whole calendar years since the year founded; a prospect is not yet founded (0)."""
    if call.min_age_years is None and call.max_age_years is None:
        return True
    if c.kind == "prospect":
        age = 0
    elif c.year_founded is None:
        return True
    else:
        age = today.year - c.year_founded
    if call.min_age_years is not None and age < call.min_age_years:
        return False
    return call.max_age_years is None or age <= call.max_age_years


def size_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    """Employees at the end of the latest year with key figures."""
    if c.employees is None:
        return True
    if call.min_employees is not None and c.employees < call.min_employees:
        return False
    return call.max_employees is None or c.employees <= call.max_employees


def ids(obj, relation: str) -> frozenset[int]:
    """The ids of a call's (or tender's) many-to-many relation.

    Read once per object where the relation is prefetched (``with_criteria``): a start page
    tests each call against every enterprise of the platform. Changing the relation
    (``.set()``, ``.add()``) drops Django's prefetched list, and the ids are read anew.
    """
    prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(relation)
    if prefetched is None:
        return frozenset(getattr(obj, relation).values_list("pk", flat=True))
    memo = obj.__dict__.setdefault("_matching_ids", {})
    if relation not in memo or memo[relation][0] is not prefetched:
        memo[relation] = (prefetched, frozenset(o.pk for o in prefetched))
    return memo[relation][1]


def place_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    municipalities = ids(call, "municipalities")
    if municipalities and c.municipality_id not in municipalities:
        return False
    regions = ids(call, "regions")
    return not regions or c.region_id in regions


def industry_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    industries = ids(call, "industries")
    return not industries or not c.industry_ids or bool(industries & c.industry_ids)


def status_fits(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    return not call.statuses or c.status in call.statuses


def is_open(call: FundingCall, c: Candidate, today: datetime.date) -> bool:
    return call.is_open(today)


CRITERIA = (is_open, reaches, legal_form_fits, age_fits, size_fits, place_fits, industry_fits, status_fits)


def fits(call: FundingCall, candidate: Candidate, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return all(criterion(call, candidate, today) for criterion in CRITERIA)


def tender_fits(tender: Tender, c: Candidate, today: datetime.date | None = None) -> bool:
    """A tender fits an enterprise of its platform that offers one of the kinds bought."""
    today = today or timezone.localdate()
    if c.kind != "enterprise" or c.platform_id != tender.platform_id:
        return False
    if tender.deadline is not None and tender.deadline < today:
        return False
    return bool(ids(tender, "offers") & c.offer_ids)


# -- Loading ------------------------------------------------------------------------------


def with_criteria(calls):
    """Calls with what the criteria read, loaded in a fixed number of queries."""
    return calls.select_related("platform", "region").prefetch_related(
        "municipalities", "regions", "industries"
    )


def enterprise_candidates(queryset) -> list[Candidate]:
    """Candidates for enterprises (a queryset): three queries whatever their number."""
    latest = KeyFigures.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
    queryset = (
        queryset.exclude(status__in=[Status.CLOSED])
        .select_related("municipality", "platform")
        .prefetch_related("industries", "offers")
        .annotate(
            latest_employees=Subquery(
                latest.annotate(n=F("employees_women") + F("employees_men") + F("employees_other")).values(
                    "n"
                )[:1]
            )
        )
    )
    return [
        Candidate(
            kind="enterprise",
            obj=e,
            platform_id=e.platform_id,
            municipality_id=e.municipality_id,
            region_id=e.municipality.region_id,
            status=e.status,
            legal_form=e.legal_form or None,
            year_founded=e.year_founded,
            employees=e.latest_employees,
            industry_ids=frozenset(i.pk for i in e.industries.all()),
            offer_ids=frozenset(o.pk for o in e.offers.all()),
        )
        for e in queryset
    ]


def prospect_candidates(queryset) -> list[Candidate]:
    """Prospects not yet registered as an enterprise, as candidates (one query)."""
    return [
        Candidate(
            kind="prospect",
            obj=p,
            platform_id=p.platform_id,
            municipality_id=p.municipality_id,
            region_id=p.municipality.region_id,
            status=Status.IDEA if p.stage == Stage.IDEA else Status.STARTUP,
        )
        for p in queryset.filter(enterprise__isnull=True).select_related("municipality")
    ]


def match(calls, candidates: list[Candidate], today: datetime.date | None = None) -> list[tuple]:
    """[(call, [candidates it fits])] for every call, in the calls' order."""
    today = today or timezone.localdate()
    return [(call, [c for c in candidates if fits(call, c, today)]) for call in calls]


def match_tenders(tenders, candidates: list[Candidate], today: datetime.date | None = None) -> list[tuple]:
    today = today or timezone.localdate()
    return [(tender, [c for c in candidates if tender_fits(tender, c, today)]) for tender in tenders]
