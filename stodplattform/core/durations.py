"""Time spent, as people read it: hours and minutes, never raw minutes."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .numbers import grouped


def hours_and_minutes(minutes: int) -> str:
    """12 h 30 min (Swedish: 12 tim 30 min); under an hour: 45 min."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    return _("%(hours)s h %(minutes)02d min") % {
        "hours": grouped(hours),
        "minutes": rest,
    }


def decimal_hours(minutes: int) -> Decimal:
    """Hours with two decimals, for spreadsheets that sum them."""
    return (Decimal(int(minutes or 0)) / Decimal(60)).quantize(Decimal("0.01"))
