"""The one place that decides who may see and do what.

Pages, exports and the API all ask this module. Two kinds of answer:

* querysets scoped to a user (``scope_enterprises``, ``scope_platforms``): a record
  outside the scope answers 404, so nobody learns that it exists;
* capabilities (``rules`` permissions such as ``enterprises.change_enterprise``):
  a record in scope but a role too low answers 403 (``require``).

A user's roles are read once per request and cached on the user object.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from stodplattform.platforms.models import Role

# Platform roles that see all the enterprises of their platform behind login. Co-opted
# support people see only what they are assigned to (DESIGN.md), which comes with cases
# and meetings; until then they see what the public sees.
ENTERPRISE_VIEW_ROLES = {Role.COORDINATOR, Role.STEERING}
# Platform roles that may read the change history (it names people).
HISTORY_ROLES = {Role.COORDINATOR, Role.STEERING}


def platform_roles(user) -> dict[int, set[str]]:
    """{platform id: {roles}} of the user's current memberships."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cache = getattr(user, "_platform_roles", None)
    if cache is None:
        from stodplattform.platforms.models import Membership

        cache = {}
        for platform_id, role in (
            Membership.objects.current().filter(user=user).values_list("platform_id", "role")
        ):
            cache.setdefault(platform_id, set()).add(role)
        user._platform_roles = cache
    return cache


def managed_enterprise_ids(user) -> set[int]:
    """Ids of the enterprises the user currently manages."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_managed_ids", None)
    if cache is None:
        from stodplattform.enterprises.models import EnterpriseManager

        cache = set(
            EnterpriseManager.objects.current().filter(user=user).values_list("enterprise_id", flat=True)
        )
        user._managed_ids = cache
    return cache


def platforms_with_role(user, roles) -> list[int]:
    return [pid for pid, held in platform_roles(user).items() if held & set(roles)]


def coordinated_platforms(user):
    """The platforms whose enterprises the user may add: all for a superuser."""
    from stodplattform.platforms.models import Platform

    if user.is_superuser:
        return Platform.objects.all()
    return Platform.objects.filter(pk__in=platforms_with_role(user, {Role.COORDINATOR}))


def has_platform_role(user, platform_id, roles) -> bool:
    return bool(platform_roles(user).get(platform_id, set()) & set(roles))


def forget(user) -> None:
    """Drop the cached roles, e.g. after a membership changed within a request."""
    for attr in ("_platform_roles", "_managed_ids"):
        if hasattr(user, attr):
            delattr(user, attr)


# -- Scoped querysets ---------------------------------------------------------


def scope_enterprises(queryset, user, *, editable=False):
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    roles = {Role.COORDINATOR} if editable else ENTERPRISE_VIEW_ROLES
    return queryset.filter(
        Q(platform_id__in=platforms_with_role(user, roles)) | Q(pk__in=managed_enterprise_ids(user))
    )


def reachable_enterprises(queryset, user):
    """What a user may open: the public directory plus the enterprises they work with."""
    public = queryset.model.objects.public().values("pk")
    if not getattr(user, "is_authenticated", False):
        return queryset.filter(pk__in=public)
    internal = scope_enterprises(queryset.model.objects.all(), user).values("pk")
    return queryset.filter(Q(pk__in=public) | Q(pk__in=internal))


def reachable_platforms(queryset, user):
    """Public platforms, and the non-public ones the user is a member of."""
    public = queryset.model.objects.public().values("pk")
    member = scope_platforms(queryset.model.objects.all(), user).values("pk")
    return queryset.filter(Q(pk__in=public) | Q(pk__in=member))


def scope_platforms(queryset, user):
    """Platforms a signed-in user is a member of (any role)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(pk__in=list(platform_roles(user)))


# -- Capabilities -------------------------------------------------------------


@rules.predicate
def is_superuser(user):
    return getattr(user, "is_superuser", False)


@rules.predicate
def coordinates_platform(user, platform):
    return platform is not None and has_platform_role(user, platform.pk, {Role.COORDINATOR})


@rules.predicate
def coordinates_enterprise_platform(user, enterprise):
    return enterprise is not None and has_platform_role(user, enterprise.platform_id, {Role.COORDINATOR})


@rules.predicate
def manages_enterprise(user, enterprise):
    return enterprise is not None and enterprise.pk in managed_enterprise_ids(user)


@rules.predicate
def sees_enterprise_history(user, enterprise):
    return enterprise is not None and has_platform_role(user, enterprise.platform_id, HISTORY_ROLES)


@rules.predicate
def is_platform_member(user, platform):
    return platform is not None and platform.pk in platform_roles(user)


can_edit_enterprise = is_superuser | coordinates_enterprise_platform | manages_enterprise

rules.add_perm("enterprises.add_enterprise", is_superuser | coordinates_platform)
rules.add_perm("enterprises.change_enterprise", can_edit_enterprise)
# Fields that place an enterprise in the registry: platform, status, listing, address in URLs.
rules.add_perm("enterprises.change_enterprise_registry", is_superuser | coordinates_enterprise_platform)
rules.add_perm(
    "enterprises.view_enterprise_history",
    is_superuser | sees_enterprise_history | manages_enterprise,
)
rules.add_perm("platforms.view_platform_internal", is_superuser | is_platform_member)


def can(user, perm: str, obj=None) -> bool:
    return user.has_perm(perm, obj)


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (403) unless the user holds the capability."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
