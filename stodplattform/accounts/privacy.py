"""Personal data of accounts and sign-in (the register of processing: core/privacy.py)."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.models import IdempotencyKey
from stodplattform.core.privacy import ERASED, Found, Kind, Person, record, register

from .models import AccountEvent, ApiToken, User

# An erased account keeps its row (decisions, minutes and case notes point at it) under this address.
ERASED_DOMAIN = "erased.invalid"


def erased_email(user) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def _accounts(person: Person) -> list[Found]:
    user = person.user
    if user is None:
        return []
    data = record(user, ["full_name", "email", "phone", "language", "date_joined", "last_login", "is_active"])
    data["api_tokens"] = [
        record(t, ["name", "scope", "created_at", "last_used_at", "expires_at", "revoked_at"])
        for t in ApiToken.objects.filter(user=user).order_by("pk")
    ]
    data["second_factors"] = [
        record(a, ["type", "created_at"]) for a in Authenticator.objects.filter(user=user)
    ]
    data["email_addresses"] = [
        record(e, ["email", "verified", "primary"]) for e in EmailAddress.objects.filter(user=user)
    ]
    return [Found(None, data, names=(user.full_name,))]


def _erase_account(person: Person) -> int:
    user = person.user
    if user is None or is_erased(user):
        return 0
    # Update, not save: the row stays for what points at it, but no history of the old values.
    for session in UserSession.objects.filter(user=user):
        session.end()
    ApiToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    IdempotencyKey.objects.filter(user=user).delete()
    user.full_name = ERASED
    user.email = erased_email(user)
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    User.objects.filter(pk=user.pk).update(
        full_name=user.full_name, email=user.email, phone="", is_active=False, password=user.password
    )
    return 1


def _closed_retention():
    return _(
        "As long as the person has a role. An account closed and unused for %(months)s months is "
        "anonymised; the name becomes “Borttagen person”."
    ) % {"months": settings.ACCOUNTS_CLOSED_RETENTION_MONTHS}


register(
    Kind(
        key="accounts",
        order=10,
        title=_("Accounts"),
        stored=_(
            "Name, e-mail address, phone, chosen language, password (only as a hash), second factor, API keys."
        ),
        purpose=_("So that people with a role can sign in and be reached."),
        legal_basis=_("Legitimate interest: the platform's work needs to know who does what."),
        seen_by=_("The person; the coordinators of the platforms where the person has a role."),
        retention=_closed_retention,
        setting="ACCOUNTS_CLOSED_RETENTION_MONTHS",
        models=(
            "accounts.User",
            "accounts.ApiToken",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "mfa.Authenticator",
            "core.IdempotencyKey",
        ),
        find=_accounts,
        erase=_erase_account,
    )
)


def _events_of(person: Person):
    query = Q(email__iexact=person.email) if person.email else Q(pk__in=[])
    if person.user is not None:
        query |= Q(user=person.user)
    return AccountEvent.objects.filter(query)


def _sign_in(person: Person) -> list[Found]:
    found = [
        Found(None, record(e, ["created_at", "kind", "email", "detail"]))
        for e in _events_of(person).order_by("-created_at")
    ]
    if person.user is not None:
        found += [
            Found(None, record(s, ["created_at", "last_seen_at", "ip", "user_agent"]))
            for s in UserSession.objects.filter(user=person.user).order_by("-created_at")
        ]
    return found


def _erase_sign_in(person: Person) -> int:
    count, _detail = _events_of(person).delete()
    if person.user is not None:
        count += UserSession.objects.filter(user=person.user).delete()[0]
    return count


def _purge_sign_in(now: datetime.datetime) -> int:
    events = AccountEvent.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.ACCOUNT_EVENTS_RETENTION_DAYS)
    ).delete()[0]
    # The list entry of a session that has ended (idle, signed out, cleared): the sessions are in
    # the database (the default engine), and last_seen_at is not kept (USERSESSIONS_TRACK_ACTIVITY).
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    return events + UserSession.objects.exclude(session_key__in=live).delete()[0]


register(
    Kind(
        key="sign_in",
        order=20,
        title=_("Sign-in events and sessions"),
        stored=_(
            "Signed in, failed sign-in, password and e-mail changes; open sessions with IP address and browser."
        ),
        purpose=_(
            "So that the person and their coordinator can see whether someone else has been at the account."
        ),
        legal_basis=_("Legitimate interest: the security of the platform and of the people in it."),
        seen_by=_("The person; superusers."),
        retention=lambda: (
            _("Events for %(days)s days; a session's entry until it has been unused for %(hours)s hours.")
            % {"days": settings.ACCOUNT_EVENTS_RETENTION_DAYS, "hours": settings.SESSION_IDLE_SECONDS // 3600}
        ),
        setting="ACCOUNT_EVENTS_RETENTION_DAYS",
        models=("accounts.AccountEvent", "usersessions.UserSession"),
        find=_sign_in,
        erase=_erase_sign_in,
        purge=_purge_sign_in,
    )
)
