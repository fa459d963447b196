"""What events put on each person's start page."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import Event, Exhibitor


@provides("start", order=40)
def coming_events(request):
    """The organiser: coming events of the platforms they coordinate, with places taken."""
    user = request.user
    if not (user.is_superuser or access.platforms_with_role(user, {Role.COORDINATOR})):
        return None
    # The ten first, then their registrations counted: counted in one go with the choice, every
    # coming event's registrations were joined and grouped before ten were kept (a superuser's
    # start page at 2 000 events: most of its time).
    coming = Event.objects.organised_by(user).upcoming().values("pk")[:10]
    events = list(
        Event.objects.filter(pk__in=coming)
        .select_related("platform")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    return Panel(_("Coming events"), "events/panels/coming_events.html", {"events": events})


@provides("start", order=42)
def fairs(request):
    """A manager: coming fairs on their enterprise's platform, and whether their enterprise exhibits."""
    user = request.user
    managed = access.managed_enterprise_ids(user)
    if not managed:
        return None
    platform_ids = access.platforms_with_role(user, {Role.MANAGER})
    events = list(
        Event.objects.filter(platform_id__in=platform_ids)
        .with_fair()
        .upcoming()
        .annotate(
            exhibiting=Exists(Exhibitor.objects.filter(event=OuterRef("pk"), enterprise_id__in=managed))
        )[:10]
    )
    if not events:
        return None
    return Panel(_("Fairs for your enterprise"), "events/panels/fairs.html", {"events": events}, size="half")
