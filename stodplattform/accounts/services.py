"""Changes to people's accounts. Pages, invitations and commands call these."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from django.contrib.auth import login
from django.db import transaction
from django.utils import timezone

from stodplattform.core.audit import acting_as

from .models import AccountEvent, ApiToken, Scope, User

# The backend new people are signed in with right after they set their password: the one the
# sign-in form uses (allauth's), so that allauth's session bookkeeping (user sessions, MFA state) holds.
SIGN_IN_BACKEND = "stodplattform.accounts.backends.AuthenticationBackend"


@transaction.atomic
def create_person(*, email: str, full_name: str, password: str | None, language: str = "") -> User:
    """A new account whose e-mail address is known to be theirs (they came by an e-mailed link)."""
    # create_user also makes the verified, primary EmailAddress that allauth reads.
    return User.objects.create_user(email=email, password=password, full_name=full_name, language=language)


def sign_in(request, user: User) -> None:
    """Sign in someone who has just proved who they are (e.g. by an invitation link and a new password)."""
    login(request, user, backend=SIGN_IN_BACKEND)
    # Tell allauth that the password was just used: setting up a second factor right
    # away (required for some roles) then needs no second password prompt.
    record_authentication(request, user, method="password", email=user.email)


@transaction.atomic
def ensure_verified_email(*, user: User) -> None:
    """Give an account made outside create_person (the admin, demo data) its verified address row."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def update_profile(*, user: User, full_name: str, phone: str, language: str) -> User:
    with acting_as(user):
        user.full_name, user.phone, user.language = full_name, phone, language
        user.save(update_fields=["full_name", "phone", "language"])
    return user


def save_language(*, user: User, language: str) -> None:
    """Remember the language the person switched to (the navbar's button)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def create_token(*, user: User, name: str, scope: str = Scope.READ, days: int = 365) -> tuple[ApiToken, str]:
    """A new personal API token; the raw key is returned once and never stored."""
    token, raw = ApiToken.issue(user=user, name=name, scope=scope, days=days)
    record_event(user=user, kind=AccountEvent.Kind.TOKEN_CREATED, detail=name)
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken) -> None:
    token.revoke()
    record_event(user=token.user, kind=AccountEvent.Kind.TOKEN_REVOKED, detail=token.name)


@transaction.atomic
def revoke_all_tokens(*, user: User) -> int:
    """Revoke every live token of the person: after a new password or when the account is closed."""
    count = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoke()
        record_event(user=user, kind=AccountEvent.Kind.TOKEN_REVOKED, detail=token.name)
        count += 1
    return count


@transaction.atomic
def deactivate_person(*, user: User, by: User | None = None) -> None:
    """Close an account: no sign-in, no API token, no open session."""
    from allauth.usersessions.models import UserSession

    with acting_as(by):
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
    revoke_all_tokens(user=user)
    for session in UserSession.objects.filter(user=user):
        session.end()


def record_event(*, user: User | None, kind: str, email: str = "", detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(
        user=user,
        email=(email or (user.email if user else ""))[:254],
        kind=kind,
        detail=detail[:200],
        created_at=timezone.now(),
    )
