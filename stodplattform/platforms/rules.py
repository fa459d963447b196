"""The platforms' capabilities (django-rules, autodiscovered)."""

import rules

from .access import coordinates_platform, is_platform_member, is_superuser

rules.add_perm("platforms.view_platform_internal", is_superuser | is_platform_member)
# Invite people, change roles, end memberships, read the platform's history of people.
rules.add_perm("platforms.manage_members", is_superuser | coordinates_platform)
