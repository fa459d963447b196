"""Changes to people's accounts. Pages, invitations and commands call these."""

from django.contrib.auth import login
from django.db import transaction

from .models import User

# The backend new people are signed in with right after they set their password.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@transaction.atomic
def create_person(*, email: str, full_name: str, password: str | None) -> User:
    """A new account whose e-mail address is known to be theirs (they came by an e-mailed link)."""
    return User.objects.create_user(email=email, password=password, full_name=full_name)


def sign_in(request, user: User) -> None:
    """Sign in someone who has just proved who they are (e.g. by an invitation link and a new password)."""
    login(request, user, backend=SIGN_IN_BACKEND)
