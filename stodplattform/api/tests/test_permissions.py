"""The permission matrix: (persona, method, path) → status, for every endpoint and both platforms.

200/201 where the role allows it, 403 where the record is in scope but the role is
too low, 404 where the record is out of scope, 401 without credentials.
"""

import pytest

from stodplattform.enterprises.models import Enterprise

A, B, HIDDEN, OTHER = "aterbruket-a", "hundcentret-b", "dolda-c", "kafeet-d"

# persona → {(method, path): status}
READS = {
    # anonymous, observer and outsider: the public directory only (outsider sees its own platform).
    "anonymous": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "observer": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "outsider": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "coordinator": {A: 200, B: 200, HIDDEN: 200, OTHER: 200},
    "steering": {A: 200, B: 200, HIDDEN: 200, OTHER: 200},
    "coopted": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "manager_a": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "manager_b": {A: 200, B: 200, HIDDEN: 404, OTHER: 200},
    "superuser": {A: 200, B: 200, HIDDEN: 200, OTHER: 200},
}

PATCHES = {
    "anonymous": {A: 401, B: 401, HIDDEN: 401, OTHER: 401},
    "observer": {A: 404, B: 404, HIDDEN: 404, OTHER: 404},
    "outsider": {A: 404, B: 404, HIDDEN: 404, OTHER: 200},
    "coordinator": {A: 200, B: 200, HIDDEN: 200, OTHER: 404},
    "steering": {A: 403, B: 403, HIDDEN: 403, OTHER: 404},
    "coopted": {A: 404, B: 404, HIDDEN: 404, OTHER: 404},
    "manager_a": {A: 200, B: 404, HIDDEN: 404, OTHER: 404},
    "manager_b": {A: 404, B: 200, HIDDEN: 404, OTHER: 404},
    "superuser": {A: 200, B: 200, HIDDEN: 200, OTHER: 200},
}

# Registry fields on PATCH: only the coordinator of the enterprise's platform (and the superuser).
REGISTRY_PATCHES = {
    "coordinator": {A: 200, OTHER: 404},
    "outsider": {A: 404, OTHER: 200},
    "manager_a": {A: 403, B: 404},
    "manager_b": {A: 404, B: 403},
    "steering": {A: 403},
    "superuser": {A: 200, OTHER: 200},
}

CREATES = {
    "anonymous": 401,
    "observer": 403,
    "outsider": 201,
    "coordinator": 201,
    "steering": 403,
    "coopted": 403,
    "manager_a": 403,
    "manager_b": 403,
    "superuser": 201,
}

PLATFORMS = {persona: {"plattform-a": 200, "plattform-b": 200, "finns-inte": 404} for persona in READS}


def matrix():
    for persona, paths in READS.items():
        for slug, status in paths.items():
            yield persona, "GET", f"/enterprises/{slug}", None, status
        yield persona, "GET", "/enterprises", None, 200
        yield persona, "GET", "/platforms", None, 200
        for slug, status in PLATFORMS[persona].items():
            yield persona, "GET", f"/platforms/{slug}", None, status
    for persona, paths in PATCHES.items():
        for slug, status in paths.items():
            yield persona, "PATCH", f"/enterprises/{slug}", {"phone": "0240-100 00"}, status
    for persona, paths in REGISTRY_PATCHES.items():
        for slug, status in paths.items():
            yield persona, "PATCH", f"/enterprises/{slug}", {"status": "paused"}, status
    for persona, status in CREATES.items():
        yield persona, "POST", "/enterprises", {"name": "Matrisföretaget", "municipality": "2080"}, status


CASES = list(matrix())


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize(
    ("persona", "method", "path", "data", "expected"),
    CASES,
    ids=[f"{p}-{m}-{path}-{'registry' if d and 'status' in d else ''}" for p, m, path, d, _ in CASES],
)
def test_permission_matrix(world, anon, as_token, as_session, auth, persona, method, path, data, expected):
    if persona == "anonymous":
        api = anon
    elif auth == "token":
        api = as_token(getattr(world, persona))
    else:
        api = as_session(getattr(world, persona))
    if method == "POST" and persona == "coordinator":
        data = {**data, "municipality": "2085"}
    if method == "POST" and persona == "superuser":
        data = {**data, "platform": "plattform-b"}
    before = {e.pk: (e.phone, e.status) for e in Enterprise.objects.all()}

    response = api.request(method, path, data)

    assert response.status_code == expected, response.content
    body = response.json()
    if expected >= 400:
        assert set(body) == {"detail", "errors"} and body["detail"]
        # Refused writes leave everything as it was.
        assert {e.pk: (e.phone, e.status) for e in Enterprise.objects.all()} == before
        assert not Enterprise.objects.filter(name="Matrisföretaget").exists()


def test_matrix_covers_every_persona_and_endpoint(world):
    personas = {"anonymous"} | {
        name
        for name in vars(world)
        if not name.endswith(("platform", "enterprise", "_a", "_b")) and name != "hidden"
    }
    personas |= {"manager_a", "manager_b"}
    assert personas == set(READS) == set(PATCHES) == set(CREATES)
