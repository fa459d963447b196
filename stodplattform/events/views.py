"""Events: public pages and registration, and the organiser's pages (attendees, check-in, badges)."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stodplattform.core.actions import Action, action_bar
from stodplattform.core.calendar import ics_response
from stodplattform.core.exports import csv_response, xlsx_response
from stodplattform.core.forms import apply_errors
from stodplattform.core.pagecache import cache_public
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.access import coordinated_platforms, managed_enterprise_ids

from .exporters import ATTENDEE_COLUMNS
from .forms import (
    AttendeeFilterForm,
    EventForm,
    ExhibitorForm,
    FeedbackForm,
    ProgrammeFormSet,
    RegistrationForm,
)
from .models import Event, RegistrationStatus
from .services import (
    LinkError,
    add_exhibitor,
    cancel_registration,
    register,
    registration_from_token,
    remove_exhibitor,
    request_feedback,
    save_event,
    submit_feedback,
)

PAGE_SIZE = 20
ATTENDEE_PAGE_SIZE = 100


def _event(request, slug, perm=None) -> Event:
    """An event the user may see (404 otherwise), and the capability (403 otherwise)."""
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("platform"), slug=slug)
    if perm:
        require(request.user, perm, event)
    return event


# -- Public pages ---------------------------------------------------------------


@cache_public
def event_list(request):
    events = Event.objects.visible_to(request.user).upcoming().select_related("platform").with_counts()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = request.user.is_authenticated and coordinated_platforms(request.user).exists()
    return render(request, "events/list.html", {"page": page, "archive": False, "can_create": can_create})


@cache_public
def archive(request):
    events = Event.objects.visible_to(request.user).past().select_related("platform").with_counts()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/list.html", {"page": page, "archive": True})


def _json_ld(event: Event, exhibitors) -> str:
    """schema.org Event for search engines."""
    site = settings.SITE_URL.rstrip("/")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": site + event.get_absolute_url(),
        "organizer": {
            "@type": "Organization",
            "name": event.platform.name,
            "url": site + f"/plattformar/{event.platform.slug}/",
        },
        "maximumAttendeeCapacity": event.capacity,
    }
    if event.summary:
        data["description"] = event.summary
    places = []
    if event.venue or event.address:
        places.append({"@type": "Place", "name": event.venue or event.address, "address": event.address})
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    data["eventAttendanceMode"] = (
        "https://schema.org/MixedEventAttendanceMode"
        if len(places) == 2
        else "https://schema.org/OnlineEventAttendanceMode"
        if event.online_url
        else "https://schema.org/OfflineEventAttendanceMode"
    )
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if exhibitors:
        data["performer"] = [
            {
                "@type": "Organization",
                "name": e.enterprise.name,
                "url": site + e.enterprise.get_absolute_url(),
            }
            for e in exhibitors
        ]
    # Safe inside <script>: no "</" can close the element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _organiser_actions(event):
    """The organiser's pages of the event; on its day, checking people in is what comes next."""
    today = timezone.localdate()
    on_the_day = not event.is_past and timezone.localdate(event.starts_at) <= today <= timezone.localdate(
        event.ends_at
    )
    checkin = Action(_("Check-in"), reverse("events-checkin", args=[event.slug]))
    return action_bar(
        [
            Action(_("Edit"), reverse("events-edit", args=[event.slug])),
            Action(_("Attendees"), reverse("events-attendees", args=[event.slug])),
            checkin,
            Action(_("Name badges"), reverse("events-badges", args=[event.slug])),
        ],
        primary=checkin if on_the_day else None,
    )


# Not cached: the registration form carries a CSRF token, the page a CSP nonce.
def detail(request, slug):
    """The event page: programme, exhibitors and the registration form (POST registers)."""
    event = _event(request, slug)
    public_enterprises = Enterprise.objects.reachable_by(request.user).values("pk")
    exhibitors = list(
        event.exhibitors.filter(enterprise__in=public_enterprises).select_related(
            "enterprise", "enterprise__municipality"
        )
    )
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Looks like success to a robot; nothing is saved.
            return redirect(event)
        try:
            registration = register(
                event,
                language=translation.get_language() or "sv",
                **{k: form.cleaned_data[k] for k in ("name", "email", "organisation", "note")},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request,
                    _("You are registered. A confirmation has been sent to %(email)s.")
                    % {"email": registration.email},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The event is full: you are on the waiting list. We will e-mail %(email)s "
                        "if a place becomes free."
                    )
                    % {"email": registration.email},
                )
            return redirect(event)
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False)),
    )
    user = request.user
    organiser = user.is_authenticated and can(user, "events.change_event", event)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "programme": list(event.programme.all()),
            "exhibitors": exhibitors,
            "form": form,
            "state": event.registration_state(),
            "counts": counts,
            "places_left": max(event.capacity - counts["confirmed"], 0),
            "organiser": organiser,
            "actions": _organiser_actions(event) if organiser else None,
            "can_exhibit": user.is_authenticated
            and event.is_fair
            and not event.is_past
            and can(user, "events.exhibit", event),
            "json_ld": _json_ld(event, exhibitors),
            "retention_days": settings.EVENTS_RETENTION_DAYS,
        },
    )


def ics(request, slug):
    event = _event(request, slug)
    return ics_response([event.calendar_entry()], filename=event.slug, name=event.title)


def cancel(request, token):
    """Cancel by the link in the e-mail: a page that asks, then a POST that cancels. No login."""
    try:
        registration = registration_from_token(token, purpose="cancel")
    except LinkError as error:
        return render(request, "events/link_invalid.html", {"message": str(error)}, status=400)
    if request.method == "POST":
        try:
            promoted = cancel_registration(registration, receipt=True)
        except ValidationError as error:
            return render(
                request, "events/link_invalid.html", {"message": " ".join(error.messages)}, status=400
            )
        return render(
            request,
            "events/cancelled.html",
            {"event": registration.event, "promoted": promoted is not None, "email": registration.email},
        )
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


def feedback(request, token):
    try:
        registration = registration_from_token(token, purpose="feedback")
    except LinkError as error:
        return render(request, "events/link_invalid.html", {"message": str(error)}, status=400)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_feedback(registration, **form.cleaned_data)
        except ValidationError as error:
            return render(
                request, "events/link_invalid.html", {"message": " ".join(error.messages)}, status=400
            )
        return render(request, "events/feedback_thanks.html", {"event": registration.event})
    return render(request, "events/feedback.html", {"form": form, "event": registration.event})


# -- Arranging ---------------------------------------------------------------------


@login_required
def create(request):
    platforms = coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, platforms=platforms, initial={"platform": platforms.first()})
    programme = ProgrammeFormSet(request.POST or None, prefix="programme")
    if request.method == "POST" and form.is_valid() and programme.is_valid():
        require(request.user, "events.add_event", form.cleaned_data["platform"])
        event = save_event(form, programme, by=request.user)
        messages.success(request, _("%(title)s was created.") % {"title": event.title})
        return redirect(event)
    return render(request, "events/form.html", {"form": form, "programme": programme, "creating": True})


@login_required
def edit(request, slug):
    event = _event(request, slug, "events.change_event")
    form = EventForm(
        request.POST or None,
        instance=Event.objects.get(pk=event.pk),
        platforms=coordinated_platforms(request.user),
    )
    programme = ProgrammeFormSet(request.POST or None, instance=event, prefix="programme")
    if request.method == "POST" and form.is_valid() and programme.is_valid():
        try:
            save_event(form, programme, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "programme": programme, "event": event})


@login_required
def exhibit(request, slug):
    """Sign up an enterprise as exhibitor: the organiser for any of the platform's, a manager for their own."""
    event = _event(request, slug)
    if not event.is_fair:
        raise Http404
    require(request.user, "events.exhibit", event)
    organiser = can(request.user, "events.change_event", event)
    enterprises = Enterprise.objects.filter(platform_id=event.platform_id).exclude(exhibitions__event=event)
    if not organiser:
        enterprises = enterprises.filter(pk__in=managed_enterprise_ids(request.user))
    form = ExhibitorForm(request.POST or None, enterprises=enterprises, organiser=organiser)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor = add_exhibitor(
                event,
                enterprise=form.cleaned_data["enterprise"],
                booth=form.cleaned_data.get("booth", ""),
                pitch=form.cleaned_data["pitch"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s exhibits at %(event)s.")
                % {"name": exhibitor.enterprise.name, "event": event.title},
            )
            return redirect(event)
    return render(
        request,
        "events/exhibit.html",
        {
            "event": event,
            "form": form,
            "organiser": organiser,
            "managed_ids": managed_enterprise_ids(request.user),
            "exhibitors": event.exhibitors.select_related("enterprise"),
        },
    )


@login_required
@require_POST
def exhibitor_remove(request, slug, pk):
    event = _event(request, slug, "events.exhibit")
    exhibitors = event.exhibitors.select_related("enterprise")
    if not can(request.user, "events.change_event", event):
        exhibitors = exhibitors.filter(enterprise_id__in=managed_enterprise_ids(request.user))
    exhibitor = get_object_or_404(exhibitors, pk=pk)
    remove_exhibitor(exhibitor, by=request.user)
    messages.success(request, _("%(name)s no longer exhibits.") % {"name": exhibitor.enterprise.name})
    return redirect("events-exhibit", event.slug)


# -- On the day and after ------------------------------------------------------------


def _attendees(request, event):
    form = AttendeeFilterForm(request.GET or None)
    return form, form.filter(event.registrations.all()).order_by("status", "name", "pk")


@login_required
def attendees(request, slug):
    event = _event(request, slug, "events.view_registrations")
    form, registrations = _attendees(request, event)
    page = Paginator(registrations, ATTENDEE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False)),
        feedback=Count("pk", filter=Q(feedback_at__isnull=False)),
        rating=Avg("rating"),
    )
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": counts,
            "can_request_feedback": timezone.now() >= event.starts_at,
        },
    )


@login_required
@require_POST
def registration_cancel(request, slug, pk):
    """The organiser cancels someone's place (they asked by phone, say); the first in line moves up."""
    event = _event(request, slug, "events.change_event")
    registration = get_object_or_404(event.registrations.active(), pk=pk)
    try:
        promoted = cancel_registration(registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s's registration is cancelled.") % {"name": registration.name}
        if promoted:
            text += " " + _("%(name)s moved up from the waiting list and was told by e-mail.") % {
                "name": promoted.name
            }
        messages.success(request, text)
    return redirect("events-attendees", event.slug)


@login_required
def attendees_export(request, slug, fmt):
    event = _event(request, slug, "events.view_registrations")
    _form, registrations = _attendees(request, event)
    filename = f"deltagare-{event.slug}"
    if fmt == "xlsx":
        return xlsx_response(filename, ATTENDEE_COLUMNS, registrations.iterator(), title=_("Attendees"))
    return csv_response(filename, ATTENDEE_COLUMNS, registrations.iterator())


def _checkin_list(event, text):
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")
    # A NUL byte cannot reach PostgreSQL; nobody's name has one.
    text = (text or "").replace("\x00", "").strip()
    if text:
        for word in text.split()[:5]:
            registrations = registrations.filter(Q(name__icontains=word) | Q(organisation__icontains=word))
    return registrations[:50]


def _checkin_counts(event) -> dict:
    return event.registrations.aggregate(
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False)),
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
    )


@login_required
def checkin(request, slug):
    """Check-in on the day, from a phone: search by name, one tap. htmx swaps the list; without JS it reloads."""
    event = _event(request, slug, "events.view_registrations")
    text = request.GET.get("q", "")
    context = {
        "event": event,
        "q": text,
        "registrations": _checkin_list(event, text),
        **_checkin_counts(event),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "events/checkin.html#results", context)
    return render(request, "events/checkin.html", context)


@login_required
@require_POST
def checkin_toggle(request, slug, pk):
    event = _event(request, slug, "events.view_registrations")
    registration = get_object_or_404(event.registrations.filter(status=RegistrationStatus.CONFIRMED), pk=pk)
    registration.check_in(undo=request.POST.get("undo") == "1")
    if request.htmx:
        # The row, and the count above the list (out of band).
        context = {"event": event, "registration": registration, "oob": True, **_checkin_counts(event)}
        html = render_to_string("events/checkin.html#row", context, request) + render_to_string(
            "events/checkin.html#counter", context, request
        )
        return HttpResponse(html)
    if registration.attended:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    else:
        messages.info(request, _("%(name)s is no longer checked in.") % {"name": registration.name})
    return redirect(
        reverse("events-checkin", args=[event.slug]) + "?" + urlencode({"q": request.POST.get("q", "")})
    )


@login_required
def badges(request, slug):
    """Name badges as a printable page (the browser prints them, eight to an A4 page)."""
    event = _event(request, slug, "events.view_registrations")
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")
    return render(request, "events/badges.html", {"event": event, "registrations": registrations})


@login_required
def badges_pdf(request, slug):
    """The same badges as a PDF (WeasyPrint); the printable page where WeasyPrint's libraries are missing."""
    event = _event(request, slug, "events.view_registrations")
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # pango or harfbuzz missing on this machine
        return redirect("events-badges", event.slug)
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")
    html = render_to_string(
        "events/badges_pdf.html", {"event": event, "registrations": registrations}, request
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="namnskyltar-{event.slug}.pdf"'
    return response


@login_required
@require_POST
def feedback_request(request, slug):
    event = _event(request, slug, "events.view_registrations")
    try:
        sent = request_feedback(event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The feedback form was sent to %(count)s person who came.",
                "The feedback form was sent to %(count)s people who came.",
                sent,
            )
            % {"count": sent},
        )
    return redirect("events-attendees", event.slug)
