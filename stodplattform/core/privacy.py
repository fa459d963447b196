"""The register of processing: every kind of personal data the platform holds, in one list.

Each app declares the kinds of personal data it keeps in its own ``privacy.py``
(autodiscovered, like the start page's panels) and registers them here; core
knows no app. A kind says, for the privacy page, what is stored, why, on what
legal basis, who sees it and for how long (with the setting's actual value),
and it brings the four operations the platform needs on it:

* ``find(person)``: what it holds about one person, for the export;
* ``erase(person)``: remove or anonymise that, keeping the rows where counts,
  decisions or minutes depend on them;
* ``refuse(person)``: reasons the person cannot be erased now (the last
  coordinator of a platform, the checker of unlocked minutes);
* ``purge(now)``: the retention rule, safe to run twice.

``models`` names the models whose personal fields the kind answers for:
``tests/test_privacy_register.py`` finds every model with an e-mail, a name or a
person in it and fails if no kind names it, so a new app cannot forget.

After the kinds have erased their own fields, ``scrub_everywhere`` replaces
the person's name and e-mail address in every text column of every model
(free text such as minutes notes, and the audit history) with ``ERASED``.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.utils.module_loading import autodiscover_modules

# What stays where a person's name was (stored data, in the platform's language).
ERASED = "Borttagen person"
# Names shorter than this are not searched for in free text: "Bo" would hit every "Bord".
SHORTEST_NAME = 4


@dataclass
class Person:
    """One person: an account, or someone known only by e-mail (a registrant, a requester)."""

    email: str
    user: object | None = None
    names: set[str] = field(default_factory=set)

    @property
    def needles(self) -> list[str]:
        """What erasure looks for in free text: the e-mail address and every name known."""
        found = {self.email} if self.email else set()
        found |= {name.strip() for name in self.names if len(name.strip()) >= SHORTEST_NAME}
        return sorted(found, key=len, reverse=True)


@dataclass
class Found:
    """One record about the person: its platform (who answers for it) and its fields, JSON-safe."""

    platform_id: int | None
    data: dict
    names: tuple[str, ...] = ()


@dataclass
class Kind:
    key: str
    order: int
    title: str
    stored: str
    purpose: str
    legal_basis: str
    seen_by: str
    retention: Callable[[], str]
    models: tuple[str, ...]
    find: Callable[[Person], list[Found]]
    erase: Callable[[Person], int]
    purge: Callable[[datetime.datetime], int] | None = None
    refuse: Callable[[Person], list[str]] = lambda person: []
    # The setting that holds the retention period, shown on the privacy page.
    setting: str = ""


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def autodiscover() -> None:
    autodiscover_modules("privacy")


def purge_all(now: datetime.datetime, only: set[str] | None = None) -> list[tuple[Kind, int]]:
    """Run every kind's retention rule (or those of the ``only`` keys): (kind, records emptied or removed)."""
    return [
        (kind, kind.purge(now))
        for kind in kinds()
        if kind.purge is not None and (only is None or kind.key in only)
    ]


# -- Free text -------------------------------------------------------------------


def replace_in(value, needles: Iterable[str], replacement: str = ERASED):
    """``value`` (a string, or JSON: dicts, lists, strings) with every needle replaced, any case."""
    if isinstance(value, str):
        lowered = value.lower()
        for needle in needles:
            low = needle.lower()
            start = lowered.find(low)
            while start != -1:
                value = value[:start] + replacement + value[start + len(needle) :]
                lowered = value.lower()
                start = lowered.find(low, start + len(replacement))
        return value
    if isinstance(value, dict):
        return {
            replace_in(k, needles, replacement): replace_in(v, needles, replacement) for k, v in value.items()
        }
    if isinstance(value, list):
        return [replace_in(item, needles, replacement) for item in value]
    return value


def text_columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.primary_key
    ]


def rows_containing(model, needles: Iterable[str]):
    """(queryset, columns) of the rows of ``model`` with a needle in a text or JSON column."""
    columns = text_columns(model)
    query = models.Q(pk__in=[])
    annotations = {}
    for column in columns:
        if isinstance(column, models.JSONField):
            # JSON is searched as text; SQLite keeps non-ASCII letters \u-escaped in it.
            alias = f"privacy_{column.attname}"
            annotations[alias] = Cast(column.attname, models.TextField())
            for needle in needles:
                query |= models.Q(**{f"{alias}__icontains": needle})
                query |= models.Q(**{f"{alias}__icontains": json.dumps(needle)[1:-1]})
        else:
            for needle in needles:
                query |= models.Q(**{f"{column.attname}__icontains": needle})
    return model._default_manager.annotate(**annotations).filter(query), columns


def scrub_everywhere(needles: list[str], *, skip: Iterable[str] = ()) -> int:
    """Replace the needles in every text and JSON column of every model; the rows changed.

    ``skip``: models (``app_label.Model``) left alone, such as the other accounts, whose
    names are their own even when the same as the erased person's.

    Written with ``update()`` on purpose: a save would add the removed text to the
    audit history, which is what is being cleaned.
    """
    if not needles:
        return 0
    changed = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model._meta.label in skip:
            continue
        rows, columns = rows_containing(model, needles)
        if not columns:
            continue
        names = [c.attname for c in columns]
        for row in rows.values("pk", *names):
            update = {}
            for column, name in zip(columns, names, strict=True):
                new = replace_in(row[name], needles)
                if new != row[name]:
                    # An address field that held the person's address is emptied, not given a name.
                    update[name] = "" if isinstance(column, models.EmailField) else new
            if update:
                model._default_manager.filter(pk=row["pk"]).update(**update)
                changed += 1
    return changed


def value(obj) -> str | int | float | bool | None:
    """A field value as JSON for an export."""
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if isinstance(obj, datetime.datetime | datetime.date):
        return obj.isoformat()
    return str(obj)


def record(obj, fields: Iterable[str], **extra) -> dict:
    """The named fields of ``obj`` as a JSON-safe dict, labelled by field name."""
    data = {name: value(getattr(obj, name)) for name in fields}
    data.update({k: value(v) for k, v in extra.items()})
    return data


# -- Core's own kind: the audit history ------------------------------------------


def _history_of(person: Person):
    from auditlog.models import LogEntry

    query = models.Q(actor_email__iexact=person.email) if person.email else models.Q(pk__in=[])
    if person.user is not None:
        query |= models.Q(actor=person.user)
    return LogEntry.objects.filter(query)


def _history(person: Person) -> list[Found]:
    from auditlog.models import LogEntry

    by_person = _history_of(person)
    about, _columns = rows_containing(LogEntry, person.needles)
    rows = (
        LogEntry.objects.filter(models.Q(pk__in=by_person.values("pk")) | models.Q(pk__in=about.values("pk")))
        .select_related("content_type")
        .order_by("timestamp", "pk")
    )
    actor_id = getattr(person.user, "pk", None)
    return [
        Found(
            None,
            {
                "timestamp": value(entry.timestamp),
                "action": entry.get_action_display(),
                "object": f"{entry.content_type.name}: {entry.object_repr}",
                "changes": entry.changes,
                "by_person": actor_id is not None and entry.actor_id == actor_id,
            },
        )
        for entry in rows
    ]


def _erase_history(person: Person) -> int:
    # The entries stay (who changed a decision is part of it), pointing at the anonymised account;
    # the address they were made from goes, and scrub_everywhere replaces the name and e-mail.
    return _history_of(person).update(remote_addr=None, actor_email="")


def _purge_history(now: datetime.datetime) -> int:
    from auditlog.models import LogEntry
    from django.conf import settings

    cutoff = now - datetime.timedelta(days=365 * settings.AUDIT_RETENTION_YEARS)
    return LogEntry.objects.filter(timestamp__lt=cutoff).delete()[0]


def _history_retention() -> str:
    from django.conf import settings
    from django.utils.translation import gettext

    return gettext("%(years)s years; then the entries are removed.") % {
        "years": settings.AUDIT_RETENTION_YEARS
    }


def _register_history() -> None:
    from django.utils.translation import gettext_lazy as _

    register(
        Kind(
            key="history",
            order=90,
            title=_("The change history"),
            stored=_(
                "Who changed what and when, with the values before and after, in every part of the platform."
            ),
            purpose=_(
                "So that the registry, decisions, minutes and the budget can be followed up and checked."
            ),
            legal_basis=_("Legitimate interest: verifiable records of the platform's work."),
            seen_by=_("Those who may see the record concerned; superusers."),
            retention=_history_retention,
            setting="AUDIT_RETENTION_YEARS",
            models=("auditlog.LogEntry", "admin.LogEntry"),
            find=_history,
            erase=_erase_history,
            purge=_purge_history,
        )
    )


_register_history()
