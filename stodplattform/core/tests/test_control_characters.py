"""Control characters in what anyone may type: which are refused (the forms' tests are in their apps)."""

import pytest

from stodplattform.core.validators import has_control_characters


@pytest.mark.parametrize(
    ("value", "multiline", "refused"),
    [
        ("Anna Andersson", False, False),
        ("Åsa Öberg-Ähr", False, False),
        ("Anna\x07Andersson", False, True),  # BEL
        ("Anna\x1b[31m", False, True),  # an escape sequence
        ("Anna\u0085", False, True),  # C1 next line
        ("Anna\x7f", False, True),  # DEL
        ("Anna\tAndersson", False, True),
        ("Rad ett\nRad två", False, True),
        ("Rad ett\r\nRad två\tmed tabb", True, False),
        ("Rad ett\x0bRad två", True, True),  # vertical tab
    ],
)
def test_which_characters_are_refused(value, multiline, refused):
    assert has_control_characters(value, multiline=multiline) is refused
