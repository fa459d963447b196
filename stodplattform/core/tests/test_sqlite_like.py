"""SQLite's LIKE as core/sqlite.py replaces it: case folded for all of Unicode, and the
``%text%`` of icontains by a substring test that must answer as the expression does."""

import pytest

from stodplattform.core.sqlite import _like


@pytest.mark.parametrize(
    ("pattern", "value", "found"),
    [
        ("%kafé%", "Stora KAFÉET", True),
        ("%kafé%", "Café", False),
        ("%ÅTERBRUK%", "Återbruket", True),
        ("%50\\%%", "rabatt 50% idag", True),  # an escaped % is a character, not a wildcard
        ("%50\\%%", "rabatt 500 idag", False),
        ("%a_c%", "xxabcxx", True),  # _ is one character
        ("%a_c%", "xxacxx", False),
        ("%%", "x", True),
        ("%", "", True),
        ("åter%", "Återbruket", True),
        ("%åter", "Återbruket", False),
        ("%bruk%", None, None),
    ],
)
def test_like(pattern, value, found):
    assert _like(pattern, value, "\\") is found
