"""The permission matrix of the sustainability check's and the import's pages and API operations.

An enterprise's checks (their comments included) are for its managers and its platform's
coordinators: steering members, co-opted members, observers, other managers and other platforms
get 404; a role too low for a step gets 403; anonymous is sent to the login page (pages) or
gets 401 (API).
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.followup.models import CheckStatus, SustainabilityCheck

from .checks_testing import YEAR, make_check, scores

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]

SEES_A = {"coordinator": 200, "manager_a": 200, "superuser": 200, "default": 404}
OTHER = {"outsider": 200, "superuser": 200, "default": 404}
COORDINATES_A = {"coordinator": 200, "superuser": 200, "manager_a": 403, "default": 404}
IMPORT = {"coordinator": 200, "outsider": 200, "superuser": 200, "default": 403}

MATRIX = {
    "overview": {"steering": 403, "coopted": 403, "observer": 403, "default": 200},
    "overview_waiting": {"steering": 403, "coopted": 403, "observer": 403, "default": 200},
    "history_a": SEES_A,
    "history_other": OTHER,
    "create_a": SEES_A,
    "detail_a": SEES_A,
    "detail_other": OTHER,
    "edit_draft_a": SEES_A,
    # A superuser holds every capability (Django): the services refuse the step instead.
    "edit_agreed_a": {**SEES_A, "coordinator": 403, "manager_a": 403},
    "return_submitted_a": COORDINATES_A,
    "return_draft_a": {**COORDINATES_A, "coordinator": 403},
    "import": IMPORT,
    "import_template": IMPORT,
    "import_template_csv": IMPORT,
    # POST only: GET answers 405 once signed in.
    "submit_a": {"default": 405},
    "agree_a": {"default": 405},
    "import_save": {"default": 405},
}


@pytest.fixture
def scene(world):
    a, o = world.enterprise_a, world.other_enterprise
    world.draft = make_check(a, year=YEAR - 2, by=world.manager_a)
    world.submitted = make_check(a, year=YEAR - 1, by=world.manager_a, state="submitted")
    world.agreed = make_check(a, year=YEAR, by=world.coordinator, state="agreed", comment="Hemlig")
    world.other = make_check(o, year=YEAR, by=world.outsider, state="agreed")
    return world


def _url(world, page):
    a, o = world.enterprise_a.slug, world.other_enterprise.slug
    return {
        "overview": reverse("followup-checks"),
        "overview_waiting": reverse("followup-checks") + "?waiting=1",
        "history_a": reverse("followup-check-history", args=[a]),
        "history_other": reverse("followup-check-history", args=[o]),
        "create_a": reverse("followup-check-create", args=[a]),
        "detail_a": reverse("followup-check-detail", args=[a, YEAR]),
        "detail_other": reverse("followup-check-detail", args=[o, YEAR]),
        "edit_draft_a": reverse("followup-check-edit", args=[a, YEAR - 2]),
        "edit_agreed_a": reverse("followup-check-edit", args=[a, YEAR]),
        "return_submitted_a": reverse("followup-check-return", args=[a, YEAR - 1]),
        "return_draft_a": reverse("followup-check-return", args=[a, YEAR - 2]),
        "submit_a": reverse("followup-check-submit", args=[a, YEAR - 2]),
        "agree_a": reverse("followup-check-agree", args=[a, YEAR - 1]),
        "import": reverse("followup-import"),
        "import_template": reverse("followup-import-template"),
        "import_template_csv": reverse("followup-import-template") + "?format=csv",
        "import_save": reverse("followup-import-save"),
    }[page]


@pytest.mark.parametrize("page", list(MATRIX))
def test_matrix(client, scene, page):
    url = _url(scene, page)
    expected = MATRIX[page]
    wrong = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(scene, persona))
        status = client.get(url).status_code
        want = 302 if persona == "anonymous" else expected.get(persona, expected["default"])
        if status != want:
            wrong[persona] = (status, want)
    assert not wrong, f"{page}: (got, want) {wrong}"


# -- The steps that change a check, by POST ---------------------------------------------

POSTS = {
    # The manager or the coordinator sends a draft; others do not see it.
    "submit_draft": ({**SEES_A}, "draft", "followup-check-submit"),
    # Only the coordinator agrees; the manager sees the check but may not.
    "agree_submitted": ({**COORDINATES_A}, "submitted", "followup-check-agree"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", list(POSTS))
def test_posted_steps(client, scene, step, persona):
    expected, which, name = POSTS[step]
    check = getattr(scene, which)
    if persona != "anonymous":
        client.force_login(getattr(scene, persona))
    status = client.post(reverse(name, args=[scene.enterprise_a.slug, check.year])).status_code
    want = 302 if persona == "anonymous" else expected.get(persona, expected["default"])
    # A step that is allowed redirects back to the check.
    assert status == (302 if want == 200 else want)
    check.refresh_from_db()
    moved = {"draft": CheckStatus.SUBMITTED, "submitted": CheckStatus.AGREED}[which]
    assert (check.status == moved) == (want == 200 and persona != "anonymous")


def test_the_comments_are_not_shown_to_steering_or_observers(client, scene):
    for persona in ("steering", "observer", "coopted", "manager_b"):
        client.force_login(getattr(scene, persona))
        for url in (
            _url(scene, "history_a"),
            _url(scene, "detail_a"),
            "/api/v1/followup/checks",
            f"/api/v1/followup/checks/{scene.agreed.pk}",
        ):
            response = client.get(url)
            assert "Hemlig" not in response.content.decode(), (persona, url)
    client.force_login(scene.manager_a)
    assert "Hemlig" in client.get(_url(scene, "detail_a")).content.decode()


# -- The API ------------------------------------------------------------------------------


class Api:
    def __init__(self, user=None):
        self.client = Client()
        self.headers = {"Accept-Language": "sv"}
        if user is not None:
            _, raw = ApiToken.issue(user=user, name="test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def call(self, method, path, data=None):
        kwargs = {"headers": self.headers}
        if method != "get":
            kwargs.update(data=json.dumps(data or {}), content_type="application/json")
        return getattr(self.client, method)("/api/v1" + path, **kwargs)


def _api(world, persona):
    return Api(None if persona == "anonymous" else getattr(world, persona))


def _payload(scene, year=YEAR + 1):
    return {
        "enterprise": scene.enterprise_a.slug,
        "year": year,
        "scores": [{"area": a, "score": s, "comment": c} for a, (s, c) in scores(4).items()],
    }


API_READS = {
    "/followup/checks": {"default": 200},
    "/followup/checks/{id}": SEES_A,
}


@pytest.mark.parametrize("path", list(API_READS))
def test_api_reads(scene, path):
    for persona in PERSONAS:
        response = _api(scene, persona).call("get", path.replace("{id}", str(scene.agreed.pk)))
        want = 401 if persona == "anonymous" else API_READS[path].get(persona, API_READS[path]["default"])
        assert response.status_code == want, (path, persona, response.content)


def test_api_list_shows_only_what_the_persona_may_see(scene):
    seen = {p: {c["id"] for c in _api(scene, p).call("get", "/followup/checks").json()} for p in PERSONAS[1:]}
    mine = {scene.draft.pk, scene.submitted.pk, scene.agreed.pk}
    assert seen["coordinator"] == mine and seen["manager_a"] == mine
    assert seen["outsider"] == {scene.other.pk}
    assert seen["steering"] == seen["observer"] == seen["manager_b"] == seen["coopted"] == set()


API_WRITES = {
    # (method, path, payload, {persona: status}, status when allowed)
    "create": ("post", "/followup/checks", "payload", {**SEES_A}, 201),
    "update": ("put", "/followup/checks/{draft}", "scores", {**SEES_A}, 200),
    "submit": ("post", "/followup/checks/{draft}/submit", None, {**SEES_A}, 200),
    "agree": ("post", "/followup/checks/{submitted}/agree", None, {**COORDINATES_A}, 200),
    "return": ("post", "/followup/checks/{submitted}/return", "note", {**COORDINATES_A}, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", list(API_WRITES))
def test_api_writes(scene, operation, persona):
    method, path, body, expected, ok = API_WRITES[operation]
    path = path.replace("{draft}", str(scene.draft.pk)).replace("{submitted}", str(scene.submitted.pk))
    data = {
        "payload": _payload(scene),
        "scores": {"scores": _payload(scene)["scores"]},
        "note": {"note": "Utveckla kommentaren om marknaden."},
        None: {},
    }[body]
    response = _api(scene, persona).call(method, path, data)
    want = 401 if persona == "anonymous" else expected.get(persona, expected["default"])
    assert response.status_code == (ok if want == 200 else want), (operation, persona, response.content)


def test_api_bad_input_names_the_field(scene):
    api = _api(scene, "manager_a")
    payload = _payload(scene)
    payload["scores"][0]["score"] = 7
    payload["scores"] = payload["scores"][:-1]
    response = api.call("post", "/followup/checks", payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "score_purpose" in errors and "score_market" in errors
    future = api.call("post", "/followup/checks", _payload(scene, year=YEAR + 5))
    assert future.status_code == 422 and "year" in future.json()["errors"]
    assert not SustainabilityCheck.objects.filter(year__gt=YEAR).exists()


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/followup/checks"]) == {"get", "post"}
    assert set(paths["/api/v1/followup/checks/{check_id}"]) == {"get", "put"}
    for step in ("submit", "agree", "return"):
        assert "post" in paths[f"/api/v1/followup/checks/{{check_id}}/{step}"]
