"""Test helpers for financing, on top of enterprises.testing.make_world."""

import datetime
from decimal import Decimal

from django.utils import timezone

from stodplattform.followup.models import KeyFigures

from .models import CallKind, FundingCall, QualityLabel, Tender


def make_call(platform=None, title="Utlysning", *, days=30, **extra) -> FundingCall:
    """An open call of ``platform`` (None: installation-wide) with a deadline ``days`` ahead."""
    defaults = {
        "kind": CallKind.FOUNDATION,
        "funder": "Stiftelsen Exempel",
        "url": "https://example.org/utlysning",
        "deadline": timezone.localdate() + datetime.timedelta(days=days),
        "amount_max": Decimal("100000"),
    }
    related = {k: extra.pop(k) for k in ("municipalities", "regions", "industries") if k in extra}
    defaults.update(extra)
    call = FundingCall.objects.create(platform=platform, title=title, **defaults)
    for name, values in related.items():
        getattr(call, name).set(values)
    return call


def make_tender(platform, title="Upphandling", *, offers=(), days=20, **extra) -> Tender:
    defaults = {"buyer": "Ludvika kommun", "deadline": timezone.localdate() + datetime.timedelta(days=days)}
    defaults.update(extra)
    tender = Tender.objects.create(platform=platform, title=title, **defaults)
    tender.offers.set(offers)
    return tender


def make_figures(enterprise, *, occupied: int, target_group: int, year=None, employees=0) -> KeyFigures:
    """Key figures with ``occupied`` people (employees counted among them) of whom ``target_group``."""
    return KeyFigures.objects.create(
        enterprise=enterprise,
        year=year or timezone.localdate().year - 1,
        employees_women=employees,
        occupied_women=occupied - employees,
        target_group_women=target_group,
    )


def make_label(enterprise, **extra) -> QualityLabel:
    today = timezone.localdate()
    defaults = {"kind": "certified", "awarded_on": today - datetime.timedelta(days=300)}
    defaults.update(extra)
    return QualityLabel.objects.create(enterprise=enterprise, **defaults)
