"""What the enterprise registry puts on each person's start page."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, When
from django.utils.translation import gettext_lazy as _

from stodplattform.core.addresses import addresses
from stodplattform.core.panels import Panel, provides
from stodplattform.core.permissions import can
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import Enterprise, Status, review_due_q

# Rows on one page of the panel.
PAGE_SIZE = 20


@provides("start", order=60)
def enterprises(request):
    """The enterprises the person works with, a page at a time, and whose public profile needs confirming."""
    user = request.user
    roles = access.held_roles(user)
    coordinated = set(access.platforms_with_role(user, {Role.COORDINATOR}))
    managed = access.managed_enterprise_ids(user)
    can_create = user.is_superuser or bool(coordinated)
    visible = Enterprise.objects.visible_to(user)
    # One query for the badges, the total (for the pager), the platforms and the profiles to
    # confirm, of all the enterprises and not only the page shown.
    editable = Q() if user.is_superuser else Q(pk__in=Enterprise.objects.editable_by(user).values("pk"))
    counts: dict[str, int] = {}
    platforms = set()
    due = 0
    for status, platform_id, n, n_due in (
        visible.order_by()
        .values_list("status", "platform_id")
        .annotate(n=Count("pk"), due=Count("pk", filter=review_due_q() & editable))
    ):
        counts[status] = counts.get(status, 0) + n
        platforms.add(platform_id)
        due += n_due
    total = sum(counts.values())
    if not total and not can_create:
        return None
    # The panel shows a page of them, those whose profile needs confirming first: a national
    # coordinator or a superuser has thousands. The pager's count is the one above: no COUNT query.
    paginator = Paginator(
        visible.select_related("platform", "municipality")
        # What the rows show and the permission rule reads; not the profile's long texts.
        .only(
            "name",
            "slug",
            "status",
            "is_public",
            "reviewed_at",
            "created_at",
            "platform_id",
            "platform__name",
            "platform__is_public",
            "municipality__name",
        )
        .annotate(due_first=Case(When(review_due_q(), then=0), default=1))
        .order_by("due_first", "platform__name", "name", "pk"),
        PAGE_SIZE,
    )
    paginator.count = total
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    edit_url, page_url = addresses("enterprises-edit"), addresses("enterprises-detail")
    confirm_url = addresses("enterprises-confirm")
    for enterprise in rows:
        # The registry's own rule, read from the roles cached for this request: no query per row.
        enterprise.editable = can(user, "enterprises.change_enterprise", enterprise)
        enterprise.managed = enterprise.pk in managed
        enterprise.edit_url = edit_url(enterprise.slug)
        enterprise.page_url = page_url(enterprise.slug)
        enterprise.confirm_url = confirm_url(enterprise.slug)
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
            "page": page,
            "several_platforms": len(platforms) > 1,
            "status_counts": [(s.label, counts.get(s.value, 0)) for s in Status],
            "review_due": due,
            "can_create": can_create,
            # Folded for coordinators: the whole platform's list is long, and not today's work.
            "fold": bool(coordinated) or user.is_superuser,
            # Coordinators keep their platforms' search synonyms.
            "synonym_platforms": list(access.coordinated_platforms(user).only("slug", "name")[:20])
            if can_create
            else [],
        },
    )
