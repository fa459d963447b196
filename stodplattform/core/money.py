"""Money in Swedish format: 12 500,00 kr (a non-breaking space between thousands and before kr).

One formatter for pages, e-mails, exports and the change history (core, so every app may use it)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format


def sek(value, *, unit: bool = True) -> str:
    """``Decimal("12500")`` → "12 500,00 kr" in Swedish, "12,500.00 kr" in English."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = number_format(amount, decimal_pos=2, force_grouping=True).replace(" ", "\u00a0")
    return f"{text}\u00a0kr" if unit else text
