from django.db import models
from django.db.models import Q
from django.utils import timezone


class PeriodQuerySet(models.QuerySet):
    """For roles held for a period (``starts_on``/``ends_on``, both optional)."""

    def current(self, on=None):
        """The rows whose period includes the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )
