"""Sign-in limits: generous per network address (an office behind one address), strict per account."""

from django.urls import reverse

from stodplattform.accounts.services import create_person
from stodplattform.enterprises.testing import PASSWORD

OFFICE = "192.0.2.10"


def _login(client, email, password=PASSWORD, address=OFFICE):
    client.logout()
    return client.post(reverse("login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_forty_people_sign_in_from_one_address(client, db):
    people = [
        create_person(email=f"person{i}@kommun.example", full_name=f"Person {i}", password=PASSWORD)
        for i in range(40)
    ]
    statuses = [_login(client, person.email).status_code for person in people]
    assert statuses == [302] * 40


def test_typos_by_many_people_from_one_address_block_nobody_else(client, db):
    people = [
        create_person(email=f"person{i}@kommun.example", full_name=f"Person {i}", password=PASSWORD)
        for i in range(21)
    ]
    for person in people[:20]:
        assert _login(client, person.email, "fel-lösenord").status_code == 200
    assert _login(client, people[20].email).status_code == 302


def test_repeated_failures_against_one_account_are_limited(client, db, settings):
    person = create_person(email="anna@kommun.example", full_name="Anna", password=PASSWORD)
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        assert _login(client, person.email, "fel-lösenord").status_code == 200
    # From another address too: the count is the account's.
    response = _login(client, person.email, address="198.51.100.7")
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limits_are_set_deliberately(settings):
    assert settings.ACCOUNT_RATE_LIMITS["login"] == "300/m/ip"
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "60/m/ip,5/300s/key"


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(client, db, settings):
    """Every request reaches the app from the proxy: the client's address is the one it appended."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    people = [
        create_person(email=f"person{i}@kommun.example", full_name=f"Person {i}", password=PASSWORD)
        for i in range(5)
    ]

    def through_proxy(person, i):
        client.logout()
        return client.post(
            reverse("login"),
            {"login": person.email, "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.66, 192.0.2.{i}",
        ).status_code

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert [through_proxy(person, i) for i, person in enumerate(people)] == [302] * 5
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # without it, all five share the proxy's address
    assert [through_proxy(person, i) for i, person in enumerate(people)] == [302] * 3 + [429] * 2
