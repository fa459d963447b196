"""Test helpers for interventions, on top of enterprises.testing.make_world."""

import datetime
from decimal import Decimal

from stodplattform.platforms.models import Role
from stodplattform.platforms.testing import make_member, make_user

from . import services
from .models import Budget, Category, Intervention, Outcome

YEAR = 2026


def steering_group(platform):
    """The platform's current steering members, with one added if it has none (platform B of the
    world has none), so that a decision by circulation can be recorded."""
    members = list(services.steering_member_choices(platform))
    if not members:
        user = make_user(f"steering.{platform.slug}")
        make_member(platform, user, Role.STEERING)
        members = [user]
    return members


def decided_on(year=YEAR) -> datetime.date:
    """1 February of ``year``, or today if that is still ahead (a decision is never in the future)."""
    return min(datetime.date(year, 2, 1), datetime.date.today())


def make_budget(platform, *, year=YEAR, total="100000.00", by=None) -> Budget:
    return services.create_budget(platform=platform, year=year, total=Decimal(total), funder="Finsam", by=by)


def make_intervention(
    world,
    *,
    state="draft",
    enterprise=None,
    requested="10000.00",
    approved=None,
    platform=None,
    year=YEAR,
    **extra,
) -> Intervention:
    """An intervention of ``world.platform`` (or ``platform``) brought to ``state`` through the services."""
    platform = platform or world.platform
    enterprise = world.enterprise_a if enterprise is None and platform == world.platform else enterprise
    coordinator = world.coordinator if platform == world.platform else world.outsider
    fields = {
        "title": "Handledarkurs",
        "purpose": "Syfte",
        "expected_effect": "Effekt",
        "category": Category.SUPERVISOR_TRAINING,
        "requested_amount": Decimal(requested),
        "supplier": "Leverantör AB",
        "starts_on": datetime.date(year, 3, 1),
        "ends_on": datetime.date(year, 5, 31),
    }
    fields.update(extra)
    intervention = services.create_intervention(
        platform=platform, year=year, enterprises=[enterprise] if enterprise else [], by=coordinator, **fields
    )
    if state == "draft":
        return intervention
    services.submit_intervention(intervention, by=coordinator)
    if state == "submitted":
        return intervention
    services.prepare_intervention(intervention, recommendation="Bifall", by=coordinator)
    if state == "prepared":
        return intervention
    if state == "rejected":
        services.record_decision(
            intervention,
            outcome=Outcome.REJECTED,
            agreed_by=steering_group(platform),
            decided_on=decided_on(year),
            text="Nej",
            by=coordinator,
        )
        return Intervention.objects.get(pk=intervention.pk)
    services.approve_intervention(
        intervention,
        amount=Decimal(approved or requested),
        agreed_by=steering_group(platform),
        decided_on=decided_on(year),
        by=coordinator,
    )
    if state == "in_progress":
        services.start_intervention(intervention, by=coordinator)
    if state in ("reported", "closed"):
        services.report_intervention(
            intervention,
            done="Gjort",
            people_reached_women=2,
            people_reached_men=1,
            people_reached_other=1,
            assessment="Bra",
            by=coordinator,
        )
    if state == "closed":
        services.close_intervention(intervention, by=coordinator)
    if state == "cancelled":
        services.cancel_intervention(intervention, by=coordinator)
    return Intervention.objects.get(pk=intervention.pk)
