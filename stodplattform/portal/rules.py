"""The top floor's capabilities (django-rules, autodiscovered)."""

import rules

from stodplattform.platforms import access
from stodplattform.platforms.models import Role


@rules.predicate
def coordinates_a_platform(user):
    return bool(access.platforms_with_role(user, {Role.COORDINATOR}))


# Look up, export and erase one person's personal data (which persons: portal.services.may_act_for).
rules.add_perm("portal.manage_personal_data", access.is_superuser | coordinates_a_platform)
