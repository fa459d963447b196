import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["home", "enterprises-directory", "platforms-list", "login"])
def test_public_pages_render(client, world, name):
    assert client.get(reverse(name)).status_code == 200
