"""What every response says to the browser beyond the page: cookies and the Permissions-Policy."""

import pytest
from django.urls import reverse

from stodplattform.core.tests.test_deploy import manage, readme_production_env


def test_every_response_denies_features_no_page_uses(client, db):
    for path in ("/", "/logga-in/", "/api/v1/platforms", "/finns-inte/"):
        policy = client.get(path).headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy
        assert "publickey-credentials" not in policy  # passkeys keep working


def test_the_language_cookie_is_secure_http_only_and_same_site(client, db, settings):
    assert settings.SESSION_COOKIE_SECURE  # the tests run with production's secure cookies
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("env", "hosts"),
    [
        ({}, ["127.0.0.1", "localhost", "[::1]"]),
        ({"DJANGO_ALLOWED_HOSTS": "stod.example.se"}, ["stod.example.se"]),
    ],
)
def test_allowed_hosts_never_include_the_test_clients_name(env, hosts):
    environment = {**readme_production_env(), **env}
    if not env:
        del environment["DJANGO_ALLOWED_HOSTS"]
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)", env=environment
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(hosts)
