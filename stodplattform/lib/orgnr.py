"""Swedish organisation numbers (organisationsnummer)."""

import re

from stdnum.se import orgnr

_SHAPE = re.compile(r"^\d{6}-?\d{4}$")


def normalise(value: str) -> str | None:
    """The number as NNNNNN-NNNN if it is well formed and its check digit is right, else None."""
    value = (value or "").strip().replace(" ", "")
    if not _SHAPE.match(value):
        return None
    if not orgnr.is_valid(value):
        return None
    digits = value.replace("-", "")
    return f"{digits[:6]}-{digits[6:]}"


def luhn_complete(first_nine: str) -> str:
    """Add the Luhn check digit to nine digits; used for example numbers in tests."""
    total = 0
    for i, ch in enumerate(first_nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    digits = first_nine + str((10 - total % 10) % 10)
    return f"{digits[:6]}-{digits[6:]}"
