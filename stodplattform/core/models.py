import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodQuerySet(models.QuerySet):
    """For roles held for a period: from ``starts_on`` up to, not including, ``ends_on``.

    Both are optional. An end that is exclusive lets "end it today" take effect at
    once, and a period ended the day it began is simply empty.
    """

    def current(self, on=None):
        """The rows whose period includes the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on)
        )

    def ended(self, on=None):
        on = on or timezone.localdate()
        return self.filter(ends_on__lte=on)

    def ending_within(self, days: int, on=None):
        """Current rows whose period ends within ``days`` days."""
        on = on or timezone.localdate()
        return self.current(on).filter(ends_on__gt=on, ends_on__lte=on + datetime.timedelta(days=days))


class ScopedQuerySet(models.QuerySet):
    """Reads that filter by permission: nothing for the anonymous, everything for a superuser,
    and for anyone else the rows their roles reach.

    A subclass writes the last part, ``scope(user)``, as a Q; ``visible_to(user)`` applies it.
    Further permission reads of the same table (``known_to``, ``editable_by``) pass their own
    rule to ``scoped``. The rule is called only for a signed-in person who is not a superuser,
    so the role lookups it makes cost the other two nothing.
    """

    def visible_to(self, user):
        return self.scoped(user, self.scope)

    def scoped(self, user, rule: Callable[[Any], Q]):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(rule(user))

    def scope(self, user) -> Q:
        raise NotImplementedError(f"{type(self).__name__} must say what a signed-in person sees")


class IdempotencyKey(models.Model):
    """One intent, one effect: the stored answer to a write, given again for a repeated key.

    Written by ``core.idempotency`` for API writes with an ``Idempotency-Key`` header (a
    wrapper around every operation of the API) and for page forms with a one-time token.
    ``status`` is empty while the first request runs. Kept a day (``purge_idempotency_keys``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=250)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    body = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")]

    def __str__(self):
        return self.key


# Monday first, as date.weekday() counts: opening hours, recurring meetings.
class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class TranslatedDescription:
    """For a model with ``description`` (Swedish) and an optional ``description_en``: the text that
    the page's language shows, and the language it is in (for ``lang`` on its element)."""

    @property
    def description_language(self) -> str:
        from django.utils.translation import get_language

        return "en" if (get_language() or "sv")[:2] == "en" and self.description_en.strip() else "sv"

    @property
    def shown_description(self) -> str:
        return self.description_en if self.description_language == "en" else self.description
