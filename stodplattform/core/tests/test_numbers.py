"""grouped() writes every number as Django's number_format with grouping does, in both languages."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format

from stodplattform.core.durations import hours_and_minutes
from stodplattform.core.numbers import grouped


@pytest.mark.parametrize("language", ["sv", "en"])
def test_grouped_is_number_format_with_grouping(language):
    values = [*range(-1200, 1200, 7), 999, 1000, -999, -1000, 12500, 1234567, Decimal("1234.5"), 0.25]
    with translation.override(language):
        for value in values:
            assert grouped(value) == number_format(value, force_grouping=True), value
        assert grouped(12500) != "12500"


def test_hours_are_grouped_from_a_thousand():
    with translation.override("sv"):
        assert hours_and_minutes(999 * 60 + 5) == "999 tim 05 min"
        assert hours_and_minutes(1000 * 60) == "1\xa0000 tim 00 min"
