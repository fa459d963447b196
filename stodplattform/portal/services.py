"""One person's data across the platform: export and erasure, and the nightly purge.

The top floor may read every app, but it knows none of their models: each kind of
personal data (core.privacy, declared in every app's ``privacy.py``) finds, erases
and purges its own. This module puts them together and writes the history.
"""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from stodplattform.accounts.models import User
from stodplattform.accounts.privacy import ERASED_DOMAIN
from stodplattform.core import privacy
from stodplattform.core.audit import acting_as
from stodplattform.core.privacy import Found, Kind, Person
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Platform


@dataclass
class Holdings:
    """What the platform holds about one person, kind by kind."""

    person: Person
    kinds: list[tuple[Kind, list[Found]]]

    @property
    def platform_ids(self) -> set[int]:
        ids = {found.platform_id for _kind, rows in self.kinds for found in rows if found.platform_id}
        if self.person.user is not None:
            # An account's platforms are those of its roles, ended ones too.
            ids |= set(Membership.objects.filter(user=self.person.user).values_list("platform_id", flat=True))
        return ids

    @property
    def is_empty(self) -> bool:
        return not any(rows for _kind, rows in self.kinds)

    def as_json(self) -> dict:
        return {
            "email": self.person.email,
            "account": self.person.user.pk if self.person.user is not None else None,
            "names": sorted(self.person.names),
            "generated_at": timezone.now().isoformat(),
            "kinds": [
                {"key": kind.key, "title": str(kind.title), "records": [found.data for found in rows]}
                for kind, rows in self.kinds
            ],
        }


def find_person(email: str) -> Person:
    """The person with this e-mail address: their account if they have one, else the address alone."""
    email = email.strip()
    user = User.objects.filter(email__iexact=email).first()
    return Person(email=email, user=user, names={user.full_name} if user else set())


def holdings_of(person: Person) -> Holdings:
    """Every kind's records about the person; names found on the way (a registrant's) join the person."""
    kinds = []
    for kind in privacy.kinds():
        rows = kind.find(person)
        for found in rows:
            person.names |= {name for name in found.names if name}
        kinds.append((kind, rows))
    return Holdings(person, kinds)


def may_act_for(user, holdings: Holdings) -> bool:
    """A superuser for anyone; a coordinator for a person all of whose data is on platforms they coordinate.

    Someone who is also found on another platform's records is that platform's
    business too: only a superuser acts for them, and for another superuser.
    """
    if getattr(user, "is_superuser", False):
        return True
    if getattr(holdings.person.user, "is_superuser", False):
        return False
    ids = holdings.platform_ids
    return bool(ids) and ids <= set(access.platforms_with_role(user, {"coordinator"}))


def check_may_act(user, holdings: Holdings) -> None:
    if not may_act_for(user, holdings):
        raise PermissionDenied


def _record(holdings: Holdings, *, action: str, by, counts: dict | None = None) -> None:
    """History on each platform concerned and on the account: who did it, never whose name."""
    data = {"personal_data": action, "account_id": getattr(holdings.person.user, "pk", None)}
    if counts:
        data["counts"] = counts
    targets = list(Platform.objects.filter(pk__in=holdings.platform_ids).order_by("pk"))
    if holdings.person.user is not None:
        targets.append(holdings.person.user)
    for target in targets:
        LogEntry.objects.log_create(
            target,
            force_log=True,
            action=LogEntry.Action.ACCESS if action == "export" else LogEntry.Action.UPDATE,
            changes={"personal_data": ["", action]},
            actor=by if getattr(by, "is_authenticated", False) else None,
            additional_data=data,
        )


@transaction.atomic
def export_person(person: Person, *, by) -> Holdings:
    """Everything held about the person, for a coordinator or superuser; the export is recorded."""
    holdings = holdings_of(person)
    check_may_act(by, holdings)
    _record(holdings, action="export", by=by)
    return holdings


def refusals(holdings: Holdings, *, by=None) -> list[str]:
    from django.utils.translation import gettext

    reasons = []
    if by is not None and holdings.person.user is not None and holdings.person.user.pk == by.pk:
        reasons.append(
            gettext("You cannot erase your own account here; ask another coordinator or a superuser.")
        )
    for kind in privacy.kinds():
        reasons += kind.refuse(holdings.person)
    return reasons


def erase_person(person: Person, *, by) -> dict[str, int]:
    """Remove or anonymise everything about the person; rows that counts and minutes need stay.

    Refused (ValidationError, with the reasons) for the last coordinator of a platform or the
    checker of unlocked minutes. The erasure is recorded in the history without the name.
    """
    with transaction.atomic(), acting_as(by):
        holdings = holdings_of(person)
        if by is not None:
            check_may_act(by, holdings)
        reasons = refusals(holdings, by=by)
        if reasons:
            raise ValidationError(reasons)
        needles = person.needles
        counts = {kind.key: kind.erase(person) for kind in privacy.kinds()}
        counts["texts"] = privacy.scrub_everywhere(needles, skip=["accounts.User"])
        _record(holdings, action="erasure", by=by, counts=counts)
    return counts


def closed_accounts_due(now: datetime.datetime):
    """Closed accounts unused for ACCOUNTS_CLOSED_RETENTION_MONTHS, with no current role."""
    cutoff = now - datetime.timedelta(days=30 * settings.ACCOUNTS_CLOSED_RETENTION_MONTHS)
    current = Membership.objects.current().values("user_id")
    return (
        User.objects.filter(is_active=False, is_superuser=False, date_joined__lt=cutoff)
        .exclude(last_login__gte=cutoff)
        .exclude(pk__in=current)
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .order_by("pk")
    )


def purge_personal_data(
    *, now: datetime.datetime | None = None, only: set[str] | None = None
) -> list[tuple[str, int, list[str]]]:
    """Every kind's retention rule, then closed accounts: (kind, records, reasons skipped).

    ``only``: the keys of the kinds to run ("accounts" for the closed accounts), all by default.
    Safe to run twice: every rule touches only what it has not emptied yet.
    """
    now = now or timezone.now()
    report = [(kind.key, count, []) for kind, count in privacy.purge_all(now, only)]
    if only is not None and "accounts" not in only:
        return report
    erased, skipped = 0, []
    for user in closed_accounts_due(now):
        person = find_person(user.email)
        try:
            erase_person(person, by=None)
            erased += 1
        except ValidationError as error:
            skipped += [f"{user.pk}: {message}" for message in error.messages]
    report.insert(0, ("accounts", erased, skipped))
    return report
