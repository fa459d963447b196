"""Colours as #rrggbb and their contrast (WCAG 2.x relative luminance)."""

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = "#ffffff"
# WCAG 2.x level AA for normal text.
AA_CONTRAST = 4.5


def normalise_hex(value: str) -> str | None:
    """'#1A5' or '1a5a9c' as '#11aa55' / '#1a5a9c'; None if it is not a hex colour."""
    match = _HEX.match((value or "").strip())
    if not match:
        return None
    digits = match[1].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio of two hex colours, from 1 (none) to 21 (black on white)."""
    first, second = normalise_hex(first), normalise_hex(second)
    if first is None or second is None:
        raise ValueError("not a hex colour")
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
