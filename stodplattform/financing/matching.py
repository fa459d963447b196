"""Which open calls fit which enterprises and prospects: one function per criterion.

A criterion the call leaves empty lets everyone through. What the platform does not know about
a candidate (a prospect has no legal form yet, an enterprise has given no key figures) does not
exclude it either: the call is shown, and the people who know can judge. Candidates are loaded
with a bounded number of queries (``enterprise_candidates``, ``prospect_candidates``); the
matching itself is plain Python over them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise, Status
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


def reaches(call: _Read, c: Candidate, today: datetime.date) -> bool:
    """The call is the candidate's platform's, its region's, or the whole installation's."""
    if call.platform_id:
        return call.platform_id == c.platform_id
    return call.region_id is None or call.region_id == c.region_id


def legal_form_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
    return not call.legal_forms or not c.legal_form or c.legal_form in call.legal_forms


def age_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
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


def size_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
    """Employees at the end of the latest year with key figures."""
    if c.employees is None:
        return True
    if call.min_employees is not None and c.employees < call.min_employees:
        return False
    return call.max_employees is None or c.employees <= call.max_employees


def ids(related) -> frozenset[int]:
    """The ids of a many-to-many relation (prefetched by ``with_criteria``: no query)."""
    return frozenset(o.pk for o in related.all())


@dataclass(frozen=True)
class _Read:
    """A call as the criteria read it, taken once per call: a start page tests each call against
    every enterprise of the platform, and reading its relations for each candidate was most of
    the page's time (320 of a coordinator's 450 ms, profiled)."""

    call: FundingCall
    platform_id: int | None
    region_id: int | None
    legal_forms: list
    statuses: list
    min_age_years: int | None
    max_age_years: int | None
    min_employees: int | None
    max_employees: int | None
    municipality_ids: frozenset[int]
    region_ids: frozenset[int]
    industry_ids: frozenset[int]


def _read(call: FundingCall, links: dict | None = None) -> _Read:
    """The call as the criteria read it: its places and industries from ``links`` (``_links``
    of a list of calls) when given, else from its relations prefetched by ``with_criteria``."""
    if links is not None:
        municipality_ids, region_ids, industry_ids = (
            frozenset(links[name].get(call.pk, ())) for name in ("municipalities", "regions", "industries")
        )
    else:
        municipality_ids, region_ids, industry_ids = (
            ids(call.municipalities),
            ids(call.regions),
            ids(call.industries),
        )
    return _Read(
        call=call,
        platform_id=call.platform_id,
        region_id=call.region_id,
        legal_forms=call.legal_forms,
        statuses=call.statuses,
        min_age_years=call.min_age_years,
        max_age_years=call.max_age_years,
        min_employees=call.min_employees,
        max_employees=call.max_employees,
        municipality_ids=municipality_ids,
        region_ids=region_ids,
        industry_ids=industry_ids,
    )


def _links(calls) -> dict[str, dict[int, list[int]]]:
    """{relation: {call id: [linked ids]}} for the calls' places and industries, read as ids
    from the link tables, three queries: prefetched, they made a model object of every
    municipality a call names (5.6 ms of a coordinator's start page, for 31 calls)."""
    pks = [call.pk for call in calls]
    found = {}
    for name, column in (
        ("municipalities", "municipality_id"),
        ("regions", "region_id"),
        ("industries", "industry_id"),
    ):
        through = getattr(FundingCall, name).through
        rows = through.objects.filter(fundingcall_id__in=pks).order_by().values_list("fundingcall_id", column)
        found[name] = {}
        for call_id, linked_id in rows:
            found[name].setdefault(call_id, []).append(linked_id)
    return found


def place_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
    if call.municipality_ids and c.municipality_id not in call.municipality_ids:
        return False
    return not call.region_ids or c.region_id in call.region_ids


def industry_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
    return not call.industry_ids or not c.industry_ids or bool(call.industry_ids & c.industry_ids)


def status_fits(call: _Read, c: Candidate, today: datetime.date) -> bool:
    return not call.statuses or c.status in call.statuses


def is_open(call: _Read, c: Candidate, today: datetime.date) -> bool:
    return call.call.is_open(today)


CRITERIA = (is_open, reaches, legal_form_fits, age_fits, size_fits, place_fits, industry_fits, status_fits)


def fits(call: FundingCall, candidate: Candidate, today: datetime.date | None = None) -> bool:
    return _fits(_read(call), candidate, today or timezone.localdate())


def _fits(call: _Read, candidate: Candidate, today: datetime.date, criteria=CRITERIA) -> bool:
    # A loop, not all() over a generator, which was four times as slow: a start page asks this
    # for every call and candidate (31 calls x 156 candidates: 7.3 -> 1.8 ms).
    for criterion in criteria:  # noqa: SIM110
        if not criterion(call, candidate, today):
            return False
    return True


# What compares the call with a candidate; whether the call is open is asked once per call.
COMPARED = tuple(c for c in CRITERIA if c is not is_open)


def tender_fits(tender: Tender, c: Candidate, today: datetime.date | None = None) -> bool:
    """A tender fits an enterprise of its platform that offers one of the kinds bought."""
    return _tender_fits(tender, ids(tender.offers), c, today or timezone.localdate())


def _tender_fits(tender: Tender, wanted: frozenset[int], c: Candidate, today: datetime.date) -> bool:
    if c.kind != "enterprise" or c.platform_id != tender.platform_id:
        return False
    if tender.deadline is not None and tender.deadline < today:
        return False
    return bool(wanted & c.offer_ids)


# -- Loading ------------------------------------------------------------------------------


def with_criteria(calls):
    """Calls with what the criteria read, loaded in a fixed number of queries."""
    return calls.select_related("platform", "region").prefetch_related(
        "municipalities", "regions", "industries"
    )


CANDIDATE_FIELDS = (
    "name",
    "slug",
    "platform_id",
    "status",
    "legal_form",
    "year_founded",
    "municipality_id",
)


def enterprise_candidates(queryset) -> list[Candidate]:
    """Candidates for enterprises (a queryset): three queries whatever their number.

    Their industries and offers as ids, read from the link tables: prefetching them made a
    model object of each (a coordinator's 156 enterprises: 18 ms, against 6 so).
    """
    employees = F("employees_women") + F("employees_men") + F("employees_other")
    latest = KeyFigures.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
    queryset = queryset.exclude(status__in=[Status.CLOSED])
    # What the criteria read, and the name and address that lists and reminders show: whole
    # rows, with their platforms, were half the time of a coordinator's 156 candidates; the
    # region as a column, not with a municipality object for each (7.1 -> 4.8 ms).
    enterprises = queryset.only(*CANDIDATE_FIELDS).annotate(
        latest_employees=Subquery(latest.annotate(n=employees).values("n")[:1]),
        candidate_region_id=F("municipality__region_id"),
    )
    industries = _linked(Enterprise.industries.through, "industry_id", queryset)
    offers = _linked(Enterprise.offers.through, "offerkind_id", queryset)
    return [
        Candidate(
            kind="enterprise",
            obj=e,
            platform_id=e.platform_id,
            municipality_id=e.municipality_id,
            region_id=e.candidate_region_id,
            status=e.status,
            legal_form=e.legal_form or None,
            year_founded=e.year_founded,
            employees=e.latest_employees,
            industry_ids=frozenset(industries.get(e.pk, ())),
            offer_ids=frozenset(offers.get(e.pk, ())),
        )
        for e in enterprises
    ]


def _linked(through, column: str, enterprises) -> dict[int, list[int]]:
    """{enterprise id: [ids it links to]} from a many-to-many field's link table, one query."""
    found: dict[int, list[int]] = {}
    rows = through.objects.filter(enterprise_id__in=enterprises.values("pk")).values_list(
        "enterprise_id", column
    )
    for enterprise_id, linked_id in rows.order_by():
        found.setdefault(enterprise_id, []).append(linked_id)
    return found


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


def match(calls, candidates: list[Candidate], today: datetime.date | None = None) -> Iterator[tuple]:
    """(call, [candidates it fits]) for each call (a list, no relation prefetched), in the
    calls' order, as they are asked for: a start page that shows eight calls matches no more
    than it shows."""
    today = today or timezone.localdate()
    links = _links(calls) if calls else {}
    for call in calls:
        if not call.is_open(today):
            yield call, []
            continue
        read = _read(call, links)  # once per call, not once per candidate
        yield call, [c for c in candidates if _fits(read, c, today, COMPARED)]


def match_tenders(
    tenders, candidates: list[Candidate], today: datetime.date | None = None
) -> Iterator[tuple]:
    """(tender, [candidates it fits]) for each tender (a list, no relation prefetched), in the
    tenders' order, as they are asked for."""
    today = today or timezone.localdate()
    tenders = list(tenders)
    wanted: dict[int, set[int]] = {}
    if tenders:
        # The kinds bought as ids from the link table, one query: prefetched, they made a model
        # object of every kind each of a start page's 50 tenders buys.
        rows = Tender.offers.through.objects.filter(tender_id__in=[t.pk for t in tenders])
        for tender_id, kind_id in rows.order_by().values_list("tender_id", "offerkind_id"):
            wanted.setdefault(tender_id, set()).add(kind_id)
    for tender in tenders:
        kinds = frozenset(wanted.get(tender.pk, ()))
        yield tender, [c for c in candidates if _tender_fits(tender, kinds, c, today)]
