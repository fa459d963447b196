import pytest
from django.urls import reverse

from stodplattform.core.addresses import addresses


@pytest.mark.parametrize(
    ("name", "args", "keys"),
    [
        ("enterprises-detail", [], ["aterbruket-i-ludvika", "a-1", "0"]),
        ("enterprises-edit", [], ["hundcentret-b"]),
        ("enterprises-confirm", [], ["kafeet-d"]),
        ("platforms-membership-edit", ["plattform-a"], [1, 42, 987654320]),
        ("platforms-invitation-withdraw", ["plattform-0"], [7]),
    ],
)
def test_each_address_is_what_reverse_gives(name, args, keys):
    address = addresses(name, *args)
    for key in keys:
        assert address(key) == reverse(name, args=[*args, key])
