"""The permission matrix of the key figures' pages and API: (address, persona) → status, both platforms.

Only an enterprise's managers and its platform's coordinators see its figures. A year's figures
of someone else's enterprise answer 404; an enterprise of one's platform whose figures one may
not see answers 403 (the steering group); anonymous is sent to sign in (302, or
401 from the API). Steering members, co-opted members and observers never see one enterprise's
figures.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.followup import services
from stodplattform.followup.models import FigureStatus, KeyFigures
from stodplattform.followup.testing import VALUES, make_figures

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

# Enterprise A's figures: its manager, the platform's coordinator, the superuser; the steering
# group knows the enterprise but may not see its figures (403); for anyone else it is not there.
FIGURES_A = {"coordinator": 200, "manager_a": 200, "superuser": 200, "steering": 403, "default": 404}
# A year's figures: outside those who see them, nobody learns that they exist.
YEAR_A = {"coordinator": 200, "manager_a": 200, "superuser": 200, "default": 404}
CHECK_A = {"coordinator": 200, "superuser": 200, "manager_a": 403, "default": 404}
OVERVIEW_A = {"coordinator": 200, "superuser": 200, "outsider": 404, "default": 403}
OTHER_FIGURES = {"outsider": 200, "superuser": 200, "default": 404}
OTHER_YEAR = {"outsider": 200, "superuser": 200, "default": 404}
OTHER_OVERVIEW = {"outsider": 200, "superuser": 200, "default": 404}

MATRIX = {
    "index": {
        "coordinator": 302,
        "manager_a": 302,
        "manager_b": 302,
        "outsider": 302,
        "superuser": 200,
        "default": 403,
    },
    "enterprise_a": FIGURES_A,
    "enterprise_hidden": {
        "coordinator": 200,
        "superuser": 200,
        "steering": 403,
        "default": 404,
    },
    "export_csv_a": FIGURES_A,
    "export_xlsx_a": FIGURES_A,
    "year_a": YEAR_A,
    "edit_a": FIGURES_A,
    "edit_a_checked": {
        "coordinator": 302,
        "manager_a": 302,
        "superuser": 302,
        "steering": 403,
        "default": 404,
    },
    "reopen_a": CHECK_A,
    "overview_a": OVERVIEW_A,
    "due_date_a": OVERVIEW_A,
    "enterprise_other": OTHER_FIGURES,
    "year_other": OTHER_YEAR,
    "overview_other": OTHER_OVERVIEW,
    # POST only: GET answers 405 once signed in.
    "submit_a": {"default": 405},
    "check_a": {"default": 405},
}


def _url(world, page):
    a, other = world.enterprise_a.slug, world.other_enterprise.slug
    return {
        "index": reverse("followup-index"),
        "enterprise_a": reverse("followup-enterprise", args=[a]),
        "enterprise_hidden": reverse("followup-enterprise", args=[world.hidden.slug]),
        "export_csv_a": reverse("followup-export", args=[a, "csv"]),
        "export_xlsx_a": reverse("followup-export", args=[a, "xlsx"]),
        "year_a": reverse("followup-year", args=[a, 2025]),
        "edit_a": reverse("followup-edit", args=[a, 2025]),
        "edit_a_checked": reverse("followup-edit", args=[a, 2024]),
        "reopen_a": reverse("followup-reopen", args=[a, 2024]),
        "overview_a": reverse("followup-overview", args=[world.platform.slug]),
        "due_date_a": reverse("followup-due-date", args=[world.platform.slug]),
        "enterprise_other": reverse("followup-enterprise", args=[other]),
        "year_other": reverse("followup-year", args=[other, 2025]),
        "overview_other": reverse("followup-overview", args=[world.other_platform.slug]),
        "submit_a": reverse("followup-submit", args=[a, 2025]),
        "check_a": reverse("followup-check", args=[a, 2025]),
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
    assert not wrong, f"{url}: persona → (got, expected) {wrong}"


# A step by POST → (the state it starts from, {persona: status}); each persona meets figures of
# its own. A 302 for a signed-in persona is the step done.
STEPS = {
    "followup-submit": (
        FigureStatus.DRAFT,
        {"coordinator": 302, "manager_a": 302, "superuser": 302, "default": 404},
    ),
    "followup-check": (
        FigureStatus.SUBMITTED,
        {"coordinator": 302, "superuser": 302, "manager_a": 403, "default": 404},
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_post_step_matrix(client, world, step):
    state, expected = STEPS[step]
    wrong = {}
    for year, persona in enumerate(PERSONAS, start=2014):
        figures = make_figures(world, year=year, state=state)
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
        status = client.post(reverse(step, args=[world.enterprise_a.slug, year])).status_code
        want = 302 if persona == "anonymous" else expected.get(persona, expected["default"])
        done = KeyFigures.objects.get(pk=figures.pk).status != state
        if status != want or done != (want == 302 and persona != "anonymous"):
            wrong[persona] = (status, want, done)
    assert not wrong, f"{step}: persona → (got, expected, done) {wrong}"


def test_posting_figures_follows_the_same_rules(client, scene):
    """Writing the form, reopening and setting the due date: refused to every wrong role, nothing saved."""
    url = reverse("followup-edit", args=[scene.enterprise_b.slug, 2025])
    for persona in ("manager_a", "steering", "observer", "coopted", "outsider"):
        client.force_login(getattr(scene, persona))
        assert client.post(url, {"employees_women": "3"}).status_code in (403, 404), persona
        reopen = reverse("followup-reopen", args=[scene.enterprise_a.slug, 2024])
        assert client.post(reopen, {"reason": "Fel"}).status_code in (403, 404), persona
        due = reverse("followup-due-date", args=[scene.platform.slug])
        assert client.post(due, {"day": "1", "month": "4"}).status_code in (403, 404), persona
    assert not KeyFigures.objects.filter(enterprise=scene.enterprise_b).exists()
    assert KeyFigures.objects.get(pk=scene.checked.pk).status == FigureStatus.CHECKED


# -- The API ---------------------------------------------------------------------------


class Api:
    def __init__(self, user=None, language="sv"):
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if user is not None:
            _, raw = ApiToken.issue(user=user, name="test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def send(self, method, path, data=None):
        return getattr(self.client, method)(
            path, json.dumps(data or {}), content_type="application/json", headers=self.headers
        )


def api_for(world, persona, language="sv"):
    return Api(None if persona == "anonymous" else getattr(world, persona), language)


API_LIST = {"steering": 403, "coopted": 403, "observer": 403, "default": 200}
API_READ_A = {"coordinator": 200, "manager_a": 200, "superuser": 200, "default": 404}
API_OTHER = {"outsider": 200, "superuser": 200, "default": 404}

API_READS = {
    "/api/v1/followup/key-figures": API_LIST,
    "/api/v1/followup/key-figures/{a}": API_READ_A,
    "/api/v1/followup/key-figures/{other}": API_OTHER,
}


@pytest.mark.parametrize("path", list(API_READS))
def test_api_read_matrix(scene, path):
    url = path.format(a=scene.reported.pk, other=scene.other.pk)
    expected = API_READS[path]
    wrong = {}
    for persona in PERSONAS:
        status = api_for(scene, persona).get(url).status_code
        want = 401 if persona == "anonymous" else expected.get(persona, expected["default"])
        if status != want:
            wrong[persona] = (status, want)
    assert not wrong, f"{url}: persona → (got, expected) {wrong}"


def test_api_list_holds_only_what_the_persona_sees(scene):
    seen = {
        persona: {
            r["id"] for r in api_for(scene, persona).get("/api/v1/followup/key-figures").json()["results"]
        }
        for persona in ("coordinator", "manager_a", "manager_b", "outsider")
    }
    assert seen["coordinator"] == {scene.checked.pk, scene.reported.pk}
    assert seen["manager_a"] == {scene.checked.pk, scene.reported.pk}
    assert seen["manager_b"] == set()
    assert seen["outsider"] == {scene.other.pk}


# A write → {persona: status}; each persona gets fresh figures to act on. 2xx is the step done.
API_WRITES = {
    "create": {"coordinator": 201, "manager_a": 201, "superuser": 201, "steering": 403, "default": 404},
    "update": {"coordinator": 200, "manager_a": 200, "superuser": 200, "default": 404},
    "submit": {"coordinator": 200, "manager_a": 200, "superuser": 200, "default": 404},
    "check": {"coordinator": 200, "superuser": 200, "manager_a": 403, "default": 404},
    "reopen": {"coordinator": 200, "superuser": 200, "manager_a": 403, "default": 404},
}


def _api_write(world, api, write, year):
    slug = world.enterprise_a.slug
    if write == "create":
        return api.send("post", "/api/v1/followup/key-figures", {"enterprise": slug, "year": year}), None
    state = {"update": "draft", "submit": "draft", "check": "submitted", "reopen": "checked"}[write]
    figures = make_figures(world, year=year, state=state)
    path = {
        "update": ("patch", "/api/v1/followup/key-figures/{id}", {"figures": {"employees_other": 1}}),
        "submit": ("post", "/api/v1/followup/key-figures/{id}/submit", None),
        "check": ("post", "/api/v1/followup/key-figures/{id}/check", None),
        "reopen": ("post", "/api/v1/followup/key-figures/{id}/reopen", {"reason": "Fel i lönesumman"}),
    }[write]
    return api.send(path[0], path[1].format(id=figures.pk), path[2]), figures


@pytest.mark.parametrize("write", list(API_WRITES))
def test_api_write_matrix(world, write):
    expected = API_WRITES[write]
    wrong = {}
    for year, persona in enumerate(PERSONAS, start=2014):
        response, figures = _api_write(world, api_for(world, persona), write, year)
        want = 401 if persona == "anonymous" else expected.get(persona, expected["default"])
        if figures is None:
            done = KeyFigures.objects.filter(enterprise=world.enterprise_a, year=year).exists()
        else:
            before = figures
            figures = KeyFigures.objects.get(pk=before.pk)
            done = (figures.status, figures.employees_other) != (before.status, before.employees_other)
        if response.status_code != want or done != (want < 300):
            wrong[persona] = (response.status_code, want, done)
    assert not wrong, f"{write}: persona → (got, expected, done) {wrong}"


def test_openapi_lists_every_operation(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/followup/key-figures"])
    assert {"get", "patch"} <= set(paths["/api/v1/followup/key-figures/{figures_id}"])
    for step in ("submit", "check", "reopen"):
        assert "post" in paths[f"/api/v1/followup/key-figures/{{figures_id}}/{step}"]


def test_a_service_write_by_a_wrong_role_is_refused(world):
    """save_key_figures checks who writes, so that the import and the API cannot pass it by."""
    from django.core.exceptions import ValidationError

    for persona in ("steering", "observer", "coopted", "manager_b", "outsider"):
        with pytest.raises(ValidationError) as error:
            services.save_key_figures(
                enterprise=world.enterprise_a, year=2025, values=VALUES, by=getattr(world, persona)
            )
        assert "enterprise" in error.value.message_dict
    assert not KeyFigures.objects.exists()
