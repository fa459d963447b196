"""Demo people: every demo login shares one password and an example.org address."""

from .models import User
from .services import ensure_verified_email

PASSWORD = "demo-stod-2026"

# (role, e-mail) printed by ./serve; each app's demo module adds its own.
LOGINS = [("Systemadministratör / superuser (/admin/)", "admin@example.org")]

# Marks invented text in the demo data.
EXAMPLE = "Exempeltext i demodata. "


def user(local: str, name: str, **extra) -> User:
    """The demo person ``local@example.org``, created with the demo password if new."""
    person, created = User.objects.get_or_create(
        email=f"{local}@example.org", defaults={"full_name": name, **extra}
    )
    if created:
        person.set_password(PASSWORD)
        person.save()
    ensure_verified_email(user=person)
    return person


def load(context: dict) -> None:
    context["admin"] = user("admin", "Systemadministratör (demo)", is_staff=True, is_superuser=True)
