"""Numbers as people write them in Sweden: "1 250 000,50", "−3 400", "12 500 kr"."""

import re
from decimal import Decimal, InvalidOperation

# Spaces people (and spreadsheets) put between thousands: space, no-break, narrow no-break, thin.
_GROUPING = re.compile("[ \u00a0\u202f\u2009']")
_SHAPE = re.compile(r"^-?(\d+([.,]\d+)?|[.,]\d+)$")


def parse_number(text) -> Decimal:
    """``"1 250 000,50"`` → ``Decimal("1250000.50")``. Raises ValueError for anything else.

    Accepts thousands grouped by spaces (any kind) or apostrophes, a decimal comma or point,
    a minus sign (also the typographic −) and a trailing "kr". "1.250.000,50" and
    "1,250,000.50" are understood too (the last of the two marks is the decimal one).
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    value = _GROUPING.sub("", str(text)).strip().replace("\u2212", "-")
    if value.lower().endswith("kr"):
        value = value[:-2].strip()
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal_mark == "," else ",", "")
    if value.count(",") > 1 or value.count(".") > 1 or not _SHAPE.match(value):
        raise ValueError(text)
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
