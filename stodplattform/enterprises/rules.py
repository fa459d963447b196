"""The enterprise registry's capabilities (django-rules, autodiscovered)."""

import rules

from stodplattform.platforms.access import (
    coordinates_platform,
    coordinates_platform_of,
    is_superuser,
    manages_enterprise,
    steers_platform_of,
)

rules.add_perm("enterprises.add_enterprise", is_superuser | coordinates_platform)
rules.add_perm("enterprises.change_enterprise", is_superuser | coordinates_platform_of | manages_enterprise)
# Fields that place an enterprise in the registry: platform, status, listing, address in URLs.
rules.add_perm("enterprises.change_enterprise_registry", is_superuser | coordinates_platform_of)
# The history names people: the platform's coordinators and steering group, and the managers.
rules.add_perm(
    "enterprises.view_enterprise_history",
    is_superuser | coordinates_platform_of | steers_platform_of | manages_enterprise,
)
# The search synonyms of a platform: its coordinators keep them.
rules.add_perm("enterprises.manage_synonyms", is_superuser | coordinates_platform)
