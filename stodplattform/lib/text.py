"""Small text helpers."""

import re

_POSTCODE = re.compile(r"^(\d{3}) ?(\d{2})$")


def normalise_postcode(value: str) -> str | None:
    """A Swedish postcode as 'NNN NN', or None if it is not five digits."""
    match = _POSTCODE.match((value or "").strip())
    return f"{match[1]} {match[2]}" if match else None


def lines(value: str) -> list[str]:
    """The non-empty lines of a text field, stripped."""
    return [line.strip(" -•\t") for line in (value or "").splitlines() if line.strip(" -•\t")]
