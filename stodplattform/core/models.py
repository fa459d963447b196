import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


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
