"""What financing puts on start pages (matched calls and tenders, with deadlines) and on the
showcase (ready for reserved contracts, quality labels)."""

from itertools import islice

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.core.permissions import can
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Role
from stodplattform.support.models import Prospect

from . import matching, services
from .models import (
    CallApplication,
    FundingCall,
    QualityLabel,
    ReservedEvidence,
    Tender,
    TenderResponse,
)

# Calls and tenders shown on a start page, nearest deadline first.
SHOWN = 8


@provides("start", order=35)
def financing(request):
    """Managers: the open calls and tenders that fit their enterprises. Coordinators: the open
    calls of their platforms with how many enterprises and prospects each fits."""
    user = request.user
    coordinated = access.platforms_with_role(user, {Role.COORDINATOR})
    managed = access.managed_enterprise_ids(user)
    if not coordinated and not managed:
        return None
    today = timezone.localdate()
    platforms = set(coordinated) | set(
        Enterprise.objects.filter(pk__in=managed).values_list("platform_id", flat=True)
    )
    calls = list(
        FundingCall.objects.open(today).for_platforms(platforms).order_by("continuous", "deadline", "pk")[:50]
    )
    tenders = list(
        Tender.objects.open(today).filter(platform_id__in=platforms).order_by("deadline", "pk")[:50]
    )
    enterprises = Enterprise.objects.filter(Q(platform_id__in=coordinated) | Q(pk__in=managed))
    candidates = matching.enterprise_candidates(enterprises)
    if coordinated:
        candidates += matching.prospect_candidates(Prospect.objects.filter(platform_id__in=coordinated))

    def call_rows():
        for call, fitting in matching.match(calls, candidates, today):
            own = [c for c in fitting if c.kind == "enterprise" and c.obj.pk in managed]
            if own or (coordinated and call.platform_id in (None, *coordinated)):
                yield {"call": call, "fitting": fitting, "own": own}

    # Matched only as far as shown (and one more, to know there are more): each call is tested
    # against every candidate, 8 ms for 50 calls and a coordinator's 156 enterprises.
    rows = list(islice(call_rows(), SHOWN + 1))
    more_calls, rows = len(rows) > SHOWN, rows[:SHOWN]
    tender_rows = list(
        islice(
            (
                {"tender": t, "fitting": f, "own": [c for c in f if c.obj.pk in managed]}
                for t, f in matching.match_tenders(tenders, candidates, today)
                if f or coordinated
            ),
            SHOWN,
        )
    )
    applications = {
        (a.call_id, a.enterprise_id): a
        for a in CallApplication.objects.filter(enterprise_id__in=managed, call__in=[r["call"] for r in rows])
    }
    for row in rows:
        row["own"] = [(c, applications.get((row["call"].pk, c.obj.pk))) for c in row["own"]]
    responses = {
        (r.tender_id, r.enterprise_id): r
        for r in TenderResponse.objects.filter(
            enterprise_id__in=managed, tender__in=[r["tender"] for r in tender_rows]
        )
    }
    for row in tender_rows:
        row["own"] = [(c, responses.get((row["tender"].pk, c.obj.pk))) for c in row["own"]]
    if coordinated:
        # Who marked interest, counted per call and tender over the coordinated platforms.
        called = _interest_counts(
            CallApplication.objects.filter(call__in=[r["call"] for r in rows]), "call_id", coordinated
        )
        tendered = _interest_counts(
            TenderResponse.objects.filter(tender__in=[r["tender"] for r in tender_rows]),
            "tender_id",
            coordinated,
        )
        for row in rows:
            row["interested"] = called.get(row["call"].pk, 0)
        for row in tender_rows:
            row["interested"] = tendered.get(row["tender"].pk, 0)
    if not rows and not tender_rows and not coordinated:
        return None
    return Panel(
        _("Funding and procurement"),
        "financing/panels/financing.html",
        {
            "rows": rows,
            "more_calls": more_calls,
            "tender_rows": tender_rows,
            "coordinates": bool(coordinated),
            "can_add_call": can(user, "financing.add_call"),
        },
    )


def _interest_counts(queryset, key, platforms) -> dict[int, int]:
    rows = (
        queryset.filter(enterprise__platform_id__in=platforms, outcome="interested")
        .values(key)
        .annotate(n=Count("pk"))
    )
    return {row[key]: row["n"] for row in rows}


@provides("showcase", order=10)
def reserved_and_labels(request, enterprise):
    """On the showcase: "can bid for reserved contracts" when both requirements hold, the quality
    labels with the date checked, and links for those who keep them."""
    today = timezone.localdate()
    evidence = ReservedEvidence.objects.filter(enterprise=enterprise).first()
    figures = services.reserved_share(enterprise)
    labels = [label for label in QualityLabel.objects.filter(enterprise=enterprise) if label.is_valid(today)]
    keeps = request.user.is_authenticated and can(request.user, "financing.act_for_enterprise", enterprise)
    ready = services.is_ready_for_reserved(evidence, figures)
    if not (ready or labels or keeps):
        return None
    return Panel(
        _("Procurement and quality"),
        "financing/panels/showcase.html",
        {"enterprise": enterprise, "ready": ready, "evidence": evidence, "labels": labels, "keeps": keeps},
    )
