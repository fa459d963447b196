"""Who may keep calls, tenders, evidence and labels (django-rules, autodiscovered)."""

import rules

from stodplattform.platforms import access
from stodplattform.platforms.access import coordinates_platform, is_superuser, manages_enterprise
from stodplattform.platforms.models import RegionalRole, Role


@rules.predicate
def keeps_call(user, call):
    """A platform's call: its coordinators; a region's: a coordinator named for the region;
    the installation's: a superuser (who may keep any)."""
    if call is None:
        return False
    if call.platform_id:
        return access.has_platform_role(user, call.platform_id, {Role.COORDINATOR})
    if call.region_id:
        return call.region_id in access.regions_with_role(user, {RegionalRole.Kind.COORDINATOR})
    return False


@rules.predicate
def coordinates_enterprise_platform(user, enterprise):
    return enterprise is not None and access.has_platform_role(
        user, enterprise.platform_id, {Role.COORDINATOR}
    )


@rules.predicate
def may_keep_calls(user):
    return bool(
        access.platforms_with_role(user, {Role.COORDINATOR})
        or access.regions_with_role(user, {RegionalRole.Kind.COORDINATOR})
    )


@rules.predicate
def coordinates_tender_platform(user, tender):
    return tender is not None and access.has_platform_role(user, tender.platform_id, {Role.COORDINATOR})


rules.add_perm("financing.add_call", is_superuser | may_keep_calls)
rules.add_perm("financing.change_call", is_superuser | keeps_call)
# Seeking support for an enterprise, recording evidence and labels: its manager or its coordinator.
rules.add_perm(
    "financing.act_for_enterprise", is_superuser | manages_enterprise | coordinates_enterprise_platform
)
# Marking interest in a matched call or tender: the enterprise's own manager (coordinators see it).
rules.add_perm("financing.mark_interest", is_superuser | manages_enterprise)
rules.add_perm("financing.see_matches", is_superuser | coordinates_platform)
rules.add_perm("financing.change_tender", is_superuser | coordinates_tender_platform)
