"""What the enterprise registry puts on each person's start page."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.core.permissions import can
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import Enterprise, Status


@provides("start", order=20)
def enterprises(request):
    """The enterprises the person works with, and whose public profile needs confirming."""
    user = request.user
    roles = access.held_roles(user)
    coordinated = set(access.platforms_with_role(user, {Role.COORDINATOR}))
    managed = access.managed_enterprise_ids(user)
    can_create = user.is_superuser or bool(coordinated)
    rows = list(
        Enterprise.objects.visible_to(user)
        .select_related("platform", "municipality")
        .order_by("platform__name", "name")[:200]
    )
    if not rows and not can_create:
        return None
    # Addresses built as text from one reverse(): up to 200 rows.
    edit_prefix, edit_suffix = reverse("enterprises-edit", args=["-"]).split("/-/")
    page_prefix, page_suffix = reverse("enterprises-detail", args=["-"]).split("/-/")
    for enterprise in rows:
        # The registry's own rule, read from the roles cached for this request: no query per row.
        enterprise.editable = can(user, "enterprises.change_enterprise", enterprise)
        enterprise.managed = enterprise.pk in managed
        enterprise.edit_url = f"{edit_prefix}/{enterprise.slug}/{edit_suffix}"
        enterprise.page_url = f"{page_prefix}/{enterprise.slug}/{page_suffix}"
    counts = dict(
        Enterprise.objects.visible_to(user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    if Role.COORDINATOR in roles or user.is_superuser:
        title = _("Your platform's enterprises")
    elif Role.STEERING in roles:
        title = _("Enterprises on your platform")
    elif len(managed) == 1:
        title = _("Your enterprise")
    else:
        title = _("Your enterprises")
    return Panel(
        title,
        "enterprises/panels/enterprises.html",
        {
            "enterprises": rows,
            "several_platforms": len({e.platform_id for e in rows}) > 1,
            "status_counts": [(s.label, counts.get(s.value, 0)) for s in Status],
            "review_due": [e for e in rows if e.editable and e.review_due],
            "can_create": can_create,
            # Coordinators keep their platforms' search synonyms.
            "synonym_platforms": list(access.coordinated_platforms(user).only("slug", "name")[:20])
            if can_create
            else [],
        },
    )
