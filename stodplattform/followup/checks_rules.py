"""The sustainability check's and the import's capabilities (django-rules).

Imported by ``checks_views`` (and the API), not autodiscovered: ``rules`` finds only ``rules.py``.
Which checks a person sees at all is ``SustainabilityCheck.objects.visible_to`` (404 outside it):
the enterprise's managers and its platform's coordinators, since the comments are for them alone.
"""

import rules

from stodplattform.platforms import access
from stodplattform.platforms.access import coordinates_platform_of, is_superuser, manages_enterprise
from stodplattform.platforms.models import Role

from .models import CheckStatus


@rules.predicate
def coordinates_platform_of_check(user, check):
    return check is not None and access.has_platform_role(
        user, check.enterprise.platform_id, {Role.COORDINATOR}
    )


@rules.predicate
def manages_enterprise_of_check(user, check):
    return check is not None and check.enterprise_id in access.managed_enterprise_ids(user)


@rules.predicate
def is_draft(user, check):
    return check is not None and check.status == CheckStatus.DRAFT


@rules.predicate
def is_submitted(user, check):
    return check is not None and check.status == CheckStatus.SUBMITTED


@rules.predicate
def works_with_checks(user):
    return bool(access.held_roles(user) & {Role.COORDINATOR, Role.MANAGER})


@rules.predicate
def coordinates_a_platform(user):
    return Role.COORDINATOR in access.held_roles(user)


# The enterprise's checks: its managers and its platform's coordinators.
rules.add_perm("followup.list_checks", is_superuser | works_with_checks)
rules.add_perm("followup.view_checks", is_superuser | coordinates_platform_of | manages_enterprise)
rules.add_perm("followup.add_check", is_superuser | coordinates_platform_of | manages_enterprise)
# A draft is filled in and sent by either; the coordinator agrees it or sends it back.
rules.add_perm(
    "followup.change_check",
    (is_superuser | coordinates_platform_of_check | manages_enterprise_of_check) & is_draft,
)
rules.add_perm("followup.agree_check", (is_superuser | coordinates_platform_of_check) & is_submitted)
# Key figures from a spreadsheet: coordinators, for their own platforms' enterprises.
rules.add_perm("followup.import_key_figures", is_superuser | coordinates_a_platform)
