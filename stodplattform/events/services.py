"""Events: arranging them, registering, the waiting list, exhibitors, check-in, feedback, retention.

Pages, the API and the management command call these. Each runs in a transaction;
e-mails go out once the transaction has committed, so a refused change sends nothing.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stodplattform.core.audit import acting_as
from stodplattform.core.calendar import ics_bytes
from stodplattform.core.pagecache import bump_generation

from .models import Event, Exhibitor, Registration, RegistrationStatus

CANCEL_SALT = "stodplattform.events.cancel"
FEEDBACK_SALT = "stodplattform.events.feedback"


# -- Signed links ---------------------------------------------------------------


def _link(name: str, registration: Registration, salt: str) -> str:
    token = signing.dumps({"r": registration.pk, "k": registration.key}, salt=salt, compress=True)
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[token])


def cancel_link(registration: Registration) -> str:
    return _link("events-cancel", registration, CANCEL_SALT)


def feedback_link(registration: Registration) -> str:
    return _link("events-feedback", registration, FEEDBACK_SALT)


class LinkError(Exception):
    """Why a link cannot be used, in words for the person who opened it."""


def registration_from_token(token: str, *, purpose: str) -> Registration:
    """The registration a cancel or feedback link refers to, or LinkError."""
    salt = CANCEL_SALT if purpose == "cancel" else FEEDBACK_SALT
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise LinkError(
            _("This link is not valid. Check that you copied all of it from the e-mail.")
        ) from error
    registration = (
        Registration.objects.select_related("event", "event__platform").filter(pk=data.get("r")).first()
        if isinstance(data, dict)
        else None
    )
    if (
        registration is None
        or registration.anonymised_at
        or not secrets.compare_digest(str(data.get("k", "")), registration.key)
    ):
        raise LinkError(_("This registration no longer exists."))
    if purpose == "cancel":
        if registration.status == RegistrationStatus.CANCELLED:
            raise LinkError(_("This registration has already been cancelled."))
        if registration.event.is_past:
            raise LinkError(_("The event is over: there is nothing to cancel."))
    else:
        if registration.feedback_at:
            raise LinkError(_("Thank you, your feedback has already been received."))
    return registration


# -- Arranging --------------------------------------------------------------------


def save_event(form, programme=None, *, by) -> Event:
    """Create or change an event (and its programme) from valid forms.

    Raises ValidationError on ``capacity`` when it is below the places already confirmed;
    a larger capacity moves people up from the waiting list (and tells them).
    """
    promoted = []
    with transaction.atomic(), acting_as(by):
        if form.instance.pk:
            Event.objects.select_for_update().filter(pk=form.instance.pk).first()
            confirmed = form.instance.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if form.cleaned_data["capacity"] < confirmed:
                raise ValidationError(
                    {
                        "capacity": ngettext(
                            "One place is already confirmed: the capacity cannot be lower. "
                            "Cancel registrations first.",
                            "%(count)s places are already confirmed: the capacity cannot be lower. "
                            "Cancel registrations first.",
                            confirmed,
                        )
                        % {"count": confirmed}
                    }
                )
        event = _save_with_free_slug(form)
        if programme is not None:
            programme.instance = event
            programme.save()
        promoted = _fill_places(event)
    for registration in promoted:
        _mail(registration, "promoted")
    return event


def _save_with_free_slug(form) -> Event:
    """Save the form; a new event whose slug a concurrent create took just before gets a random suffix.

    The form picks a free slug ("seminariet-2"), but two creates with one title may pick the
    same one: the database's unique constraint refuses the second, which then tries once more.
    """
    creating = form.instance._state.adding
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        if not creating or Event.objects.filter(slug=form.instance.slug).count() == 0:
            raise
        form.instance.slug = f"{form.instance.slug[:70]}-{secrets.token_hex(4)}"
        return form.save()


def _fill_places(event: Event) -> list[Registration]:
    """Move the first in line up while there are free places (the event row is locked)."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    free = event.capacity - confirmed
    if free <= 0 or event.is_past:
        return []
    promoted = list(
        event.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    return promoted


# -- Registration -----------------------------------------------------------------


def register(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    note: str = "",
    language: str = "sv",
    now: datetime.datetime | None = None,
) -> Registration:
    """A place, or a place on the waiting list when the event is full.

    The event row is locked while places are counted, so that confirmed places never
    exceed the capacity when many register at the same moment. ValidationError names
    the field for a registration outside the window or a second one with the same e-mail.
    """
    email = email.strip().lower()
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        state = event.registration_state(now)
        if state == "not_yet":
            raise ValidationError(
                _("Registration opens %(when)s.")
                % {"when": timezone.localtime(event.registration_opens_at).strftime("%Y-%m-%d %H:%M")}
            )
        if state == "closed":
            raise ValidationError(_("Registration for this event has closed."))
        if event.registrations.active().filter(email__iexact=email).exists():
            raise ValidationError({"email": _duplicate_message()})
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    name=name.strip(),
                    email=email,
                    organisation=organisation.strip(),
                    note=note.strip(),
                    language=language if language in ("sv", "en") else "sv",
                    status=RegistrationStatus.CONFIRMED
                    if confirmed < event.capacity
                    else RegistrationStatus.WAITING,
                    key=secrets.token_urlsafe(24),
                )
        except IntegrityError as error:
            raise ValidationError({"email": _duplicate_message()}) from error
    _mail(registration, registration.status)
    return registration


def _duplicate_message() -> str:
    return _(
        "This e-mail address is already registered for the event. "
        "The confirmation e-mail has a link if you need to cancel."
    )


def cancel_registration(registration: Registration, *, by=None, receipt: bool = False) -> Registration | None:
    """Cancel a place; the first on the waiting list moves up and is told. Returns the promoted one.

    ``receipt``: e-mail the registrant that it is done (they cancelled by the link in their e-mail).
    """
    with transaction.atomic(), acting_as(by):
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration has already been cancelled."))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _fill_places(event)
    if receipt:
        # The link in the e-mail is the only trace the registrant has: confirm that it is done.
        _mail(registration, "cancelled", promoted=bool(promoted))
    for other in promoted:
        _mail(other, "promoted")
    return promoted[0] if promoted else None


# How long before an event its registrants are reminded (the command runs every hour).
REMINDER_HOURS = 48


def send_reminders(*, now=None, hours: int = REMINDER_HOURS) -> int:
    """Remind those with a place of an event that begins within ``hours``, in their language.

    Safe to run twice, also at the same time: each registration is claimed (``reminded_at``)
    by one run before its e-mail goes. Returns how many were sent.
    """
    now = now or timezone.now()
    candidates = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        anonymised_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(hours=hours),
    ).select_related("event", "event__platform")
    sent = 0
    for registration in candidates:
        # Registered less than a day before: the confirmation has just told them everything.
        if registration.created_at > now - datetime.timedelta(hours=24):
            continue
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if claimed:
            _mail(registration, "reminder")
            sent += 1
    return sent


# -- The fair -----------------------------------------------------------------------


def add_exhibitor(event: Event, *, enterprise, booth: str = "", pitch: str = "", by) -> Exhibitor:
    """Sign up an enterprise of the event's platform as exhibitor at a coming fair."""
    with transaction.atomic(), acting_as(by):
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if not event.is_fair:
            raise ValidationError(_("Only a fair has exhibitors."))
        if event.is_past:
            raise ValidationError(_("The fair is over."))
        if enterprise.platform_id != event.platform_id:
            raise ValidationError({"enterprise": _("The enterprise belongs to another platform.")})
        if event.exhibitors.filter(enterprise=enterprise).exists():
            raise ValidationError(
                {"enterprise": _("%(name)s already exhibits at this fair.") % {"name": enterprise.name}}
            )
        return Exhibitor.objects.create(
            event=event, enterprise=enterprise, booth=booth.strip(), pitch=pitch.strip()
        )


def remove_exhibitor(exhibitor: Exhibitor, *, by) -> None:
    with transaction.atomic(), acting_as(by):
        exhibitor.delete()


# -- After the event ----------------------------------------------------------------


def request_feedback(event: Event, *, by, now=None) -> int:
    """E-mail the feedback link to everyone who came and has not been asked yet. Safe to run twice."""
    now = now or timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Feedback can be asked for once the event has begun."))
    sent = []
    with transaction.atomic(), acting_as(by):
        candidates = event.registrations.filter(
            status=RegistrationStatus.CONFIRMED,
            checked_in_at__isnull=False,
            feedback_requested_at__isnull=True,
            anonymised_at__isnull=True,
        )
        for registration in candidates:
            # Claim the row: a second run at the same moment finds it taken.
            claimed = Registration.objects.filter(
                pk=registration.pk, feedback_requested_at__isnull=True
            ).update(feedback_requested_at=now)
            if claimed:
                sent.append(registration)
        if sent:
            bump_generation()  # update() sends no signal: the public pages show registrations
        event.feedback_requested_at = now
        event.save(update_fields=["feedback_requested_at"])
    for registration in sent:
        _mail(registration, "feedback")
    return len(sent)


def submit_feedback(registration: Registration, *, rating: int, comment: str = "") -> Registration:
    with transaction.atomic():
        claimed = Registration.objects.filter(pk=registration.pk, feedback_at__isnull=True).update(
            rating=rating, comment=comment.strip(), feedback_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("Thank you, your feedback has already been received."))
        bump_generation()  # update() sends no signal: the public pages show registrations
    registration.refresh_from_db()
    return registration


def purge_personal_data(*, now=None, days: int | None = None) -> int:
    """Remove registrants' names, addresses, organisations and notes ``days`` after each event.

    The rows stay, emptied, so that the counts (registered, came, ratings) remain.
    Safe to run twice: only rows not yet emptied are touched.
    """
    now = now or timezone.now()
    days = settings.EVENTS_RETENTION_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    with transaction.atomic():
        emptied = Registration.objects.filter(event__ends_at__lt=cutoff, anonymised_at__isnull=True).update(
            name="", email="", organisation="", note="", key="", anonymised_at=now
        )
        if emptied:
            bump_generation()  # update() sends no signal: the public pages show registrations
    return emptied


# -- E-mail ------------------------------------------------------------------------


def _mail(registration: Registration, kind: str, *, promoted: bool = False) -> None:
    """``kind``: confirmed, waiting, promoted, reminder (each with the .ics and the cancel link),
    cancelled (the receipt; ``promoted`` when the place went to someone on the waiting list)
    or feedback."""
    event = registration.event
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "promoted": promoted,
            "event_url": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
            "cancel_link": cancel_link(registration) if kind not in ("feedback", "cancelled") else "",
            "feedback_link": feedback_link(registration) if kind == "feedback" else "",
            "retention_days": settings.EVENTS_RETENTION_DAYS,
        }
        subject = " ".join(render_to_string("events/email/subject.txt", context).split())
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[registration.email], reply_to=[event.platform.contact_email]
    )
    message.attach_alternative(html, "text/html")
    if kind in ("confirmed", "promoted", "reminder"):
        message.attach(
            f"{event.slug}.ics", ics_bytes([event.calendar_entry()], name=event.title), "text/calendar"
        )
    message.send()
