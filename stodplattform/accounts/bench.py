"""The benchmark's people (``manage.py generate_bench_data``): every one at BENCH_DOMAIN.

The domain is the marker of generated people: anyone else in the database is real (or
demo) data, which the generator refuses to run beside unless told (--force).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from .models import User

BENCH_DOMAIN = "bench.example.net"
PASSWORD = "bench-stod-2026"

# (role, e-mail) the benchmark signs in as; each app's bench module adds its own.
LOGINS = [("superuser", f"admin@{BENCH_DOMAIN}")]


def real_rows() -> int:
    return User.objects.exclude(email__iendswith="@" + BENCH_DOMAIN).count()


def generated_rows() -> int:
    return User.objects.filter(email__iendswith="@" + BENCH_DOMAIN).count()


def make_people(people: list[tuple[str, str]], **extra) -> list[User]:
    """Bulk-create (local part, full name) people with the shared password and a verified address.

    The password is hashed once: hashing it for each of hundreds of people would take minutes.
    """
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(email=f"{local}@{BENCH_DOMAIN}", full_name=name, password=password, **extra)
            for local, name in people
        ]
    )
    # bulk_create returns primary keys on PostgreSQL and SQLite ≥ 3.35.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    return users


def generate(context: dict) -> None:
    (admin,) = make_people([("admin", "Systemadministratör (syntetisk)")], is_staff=True, is_superuser=True)
    context["admin"] = admin


def clear() -> None:
    # Memberships, e-mail addresses, tokens and sign-in records go with the people (cascade).
    User.objects.filter(email__iendswith="@" + BENCH_DOMAIN).delete()
