"""The project's one audit history: who changed what, and when.

Built on django-auditlog. Models are registered here (``track``); services wrap
their writes in ``acting_as(user)`` so the actor is recorded also for API tokens
and management commands; pages show ``history_for(obj)``.
"""

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .money import sek


def track(model, **options):
    """Keep an audit history of every change to ``model``."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    return model


@contextmanager
def acting_as(user):
    with set_actor(user if getattr(user, "is_authenticated", False) else None):
        yield


def history_for(obj, *, related=(), parts=(), own=True, limit=50):
    """Log entries for ``obj`` and for related objects (model, queryset of pks), newest first.

    ``parts``: models whose log entries name ``obj`` in their additional data as
    ``<obj's model>_id`` (their ``get_additional_data()``), so that deleted parts show too.
    ``own=False``: only the related objects' and parts' entries, not ``obj``'s own.
    """
    query = (
        Q(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        if own
        else Q(pk__in=[])
    )
    for model, pks in related:
        query |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    if parts:
        key = f"additional_data__{type(obj)._meta.model_name}_id"
        types = ContentType.objects.get_for_models(*parts).values()
        query |= Q(content_type__in=types, **{key: obj.pk})
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )


def history_for_objects(groups, *, limit=100):
    """Log entries for several sets of objects, given as (model, queryset of pks), newest first."""
    query = Q(pk__in=[])
    for model, pks in groups:
        query |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )


def describe(entry) -> list[dict]:
    """The changes of one log entry for people: field label, and before → after or what was added/removed."""
    model = entry.content_type.model_class()
    display = {str(key): value for key, value in entry.changes_display_dict.items()}
    rows = []
    for name, change in (entry.changes_dict or {}).items():
        field = None
        try:
            field = model._meta.get_field(name) if model else None
            label = str(field.verbose_name) if field else name
        except Exception:
            label = name
        if isinstance(change, dict) and change.get("type") == "m2m":
            rows.append(
                {
                    "label": label,
                    "operation": change.get("operation"),
                    "objects": change.get("objects", []),
                }
            )
            continue
        before, after = (display.get(label) or display.get(name) or change or ["", ""])[:2]
        if isinstance(field, models.DecimalField):
            # Amounts as people write them (25 000,00 kr), not as stored (25000.00).
            before, after = (sek(v) if _blank(v) else v for v in (before, after))
        rows.append({"label": label, "before": _blank(before), "after": _blank(after)})
    return rows


def _blank(value):
    return "" if value in (None, "None", "") else value


def personal_data_records(obj, *, limit=50):
    """Exports and erasures of a person's data recorded on ``obj`` (portal.services), newest first."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            additional_data__has_key="personal_data",
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
