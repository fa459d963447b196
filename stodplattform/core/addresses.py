"""Many addresses of one URL pattern from a single ``reverse()``.

A list of hundreds of rows, each with an edit link, spent a noticeable part of its time in
``reverse()``. ``addresses(name, *args)`` reverses once with a marker as the last argument
and returns a function that puts each row's key in the marker's place.
"""

from collections.abc import Callable

from django.urls import reverse

# Digits only: accepted by both the int and the slug converters, and in no address of ours.
MARKER = "987654321"


def addresses(name: str, *args) -> Callable[[object], str]:
    """``lambda key: reverse(name, args=[*args, key])``, with one reverse() for them all."""
    prefix, _marker, suffix = reverse(name, args=[*args, MARKER]).rpartition(MARKER)
    return lambda key: f"{prefix}{key}{suffix}"
