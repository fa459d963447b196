"""Who holds which role where, and for which period: the access primitives.

Every capability builds its permissions (its own ``rules.py``) and its
``visible_to`` querysets from these predicates, so pages, exports and the API
read one vocabulary. Two kinds of answer follow from them:

* querysets scoped to a user: a record outside the scope answers 404, so nobody
  learns that it exists;
* capabilities (``rules`` permissions such as ``enterprises.change_enterprise``):
  a record in scope but a role too low answers 403 (``core.permissions.require``).

A user's current roles are read once per request and cached on the user object.
Roles are memberships (``Membership``): of a platform, or of an enterprise for
the ``manager`` role.
"""

import rules

from .models import Membership, Platform, RegionalRole, Role

# Roles whose holders work with confidential matters: a second factor is required
# of them where settings.MFA_REQUIRED_ROLES says so.
PLATFORM_ROLES = {Role.COORDINATOR, Role.STEERING, Role.COOPTED, Role.OBSERVER}
# Roles of those who work with a platform's people: all but the observer, who sees figures.
WORKING_ROLES = {Role.COORDINATOR, Role.STEERING, Role.COOPTED, Role.MANAGER}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _current(user) -> list[tuple[int, str, int | None]]:
    """(platform id, role, enterprise id) of the user's current memberships, cached per request."""
    cache = getattr(user, "_current_roles", None)
    if cache is None:
        cache = list(
            Membership.objects.current().filter(user=user).values_list("platform_id", "role", "enterprise_id")
        )
        user._current_roles = cache
    return cache


def platform_roles(user) -> dict[int, set[str]]:
    """{platform id: {roles}} of the user's current memberships (manager roles included)."""
    if not _authenticated(user):
        return {}
    roles: dict[int, set[str]] = {}
    for platform_id, role, _enterprise_id in _current(user):
        roles.setdefault(platform_id, set()).add(role)
    return roles


def managed_enterprise_ids(user) -> set[int]:
    """Ids of the enterprises the user currently manages."""
    if not _authenticated(user):
        return set()
    return {enterprise_id for _p, role, enterprise_id in _current(user) if role == Role.MANAGER}


def platforms_with_role(user, roles) -> list[int]:
    return [pid for pid, held in platform_roles(user).items() if held & set(roles)]


def has_platform_role(user, platform_id, roles) -> bool:
    return bool(platform_roles(user).get(platform_id, set()) & set(roles))


def held_roles(user) -> set[str]:
    """Every role the user holds anywhere today."""
    return {role for _p, role, _e in _current(user)} if _authenticated(user) else set()


def coordinated_platforms(user):
    """The platforms the user coordinates: all for a superuser."""
    if getattr(user, "is_superuser", False):
        return Platform.objects.all()
    return Platform.objects.filter(pk__in=platforms_with_role(user, {Role.COORDINATOR}))


def regions_with_role(user, roles) -> list[int]:
    """Ids of the regions where the user holds one of ``roles`` (``RegionalRole.Kind``) today."""
    if not _authenticated(user):
        return []
    cache = getattr(user, "_regional_roles", None)
    if cache is None:
        cache = list(RegionalRole.objects.current().filter(user=user).values_list("region_id", "role"))
        user._regional_roles = cache
    return sorted({region_id for region_id, role in cache if role in set(roles)})


def observed_platforms(user) -> list[int]:
    """Ids of the platforms whose figures the user may see as an observer: the platforms where
    they hold the observer membership, and every platform with a municipality in a region they
    observe."""
    ids = set(platforms_with_role(user, {Role.OBSERVER}))
    regions = regions_with_role(user, {RegionalRole.Kind.OBSERVER})
    if regions:
        ids |= set(
            Platform.objects.filter(municipalities__region_id__in=regions)
            .values_list("pk", flat=True)
            .distinct()
        )
    return sorted(ids)


def forget(user) -> None:
    """Drop the cached roles, e.g. after a membership changed within a request."""
    for name in ("_current_roles", "_regional_roles"):
        if hasattr(user, name):
            delattr(user, name)


# -- Predicates, for the apps' rules.py -----------------------------------------
# A predicate that takes an object reads only its ``pk`` or ``platform_id``, so any
# app's record that belongs to a platform can be asked about.


@rules.predicate
def is_superuser(user):
    return getattr(user, "is_superuser", False)


@rules.predicate
def coordinates_platform(user, platform):
    return platform is not None and has_platform_role(user, platform.pk, {Role.COORDINATOR})


@rules.predicate
def is_platform_member(user, platform):
    return platform is not None and platform.pk in platform_roles(user)


@rules.predicate
def coordinates_platform_of(user, obj):
    """The user coordinates the platform that ``obj`` (with a ``platform_id``) belongs to."""
    return obj is not None and has_platform_role(user, obj.platform_id, {Role.COORDINATOR})


@rules.predicate
def steers_platform_of(user, obj):
    return obj is not None and has_platform_role(user, obj.platform_id, {Role.STEERING})


@rules.predicate
def manages_enterprise(user, enterprise):
    return enterprise is not None and enterprise.pk in managed_enterprise_ids(user)


@rules.predicate
def observes_region(user, region):
    return region is not None and region.pk in regions_with_role(user, {RegionalRole.Kind.OBSERVER})


@rules.predicate
def coordinates_region(user, region):
    return region is not None and region.pk in regions_with_role(user, {RegionalRole.Kind.COORDINATOR})


@rules.predicate
def works_on_platform(user, platform):
    """Holds a working role on the platform: anyone but an observer (who sees figures, never people)."""
    return platform is not None and has_platform_role(user, platform.pk, WORKING_ROLES)
