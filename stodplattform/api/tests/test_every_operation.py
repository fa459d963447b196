"""Rules that hold for every operation of the API, walked from the OpenAPI document.

A new operation is walked too, so it cannot forget them: anonymous callers get 401
except on the public reads listed here; a read-only token reads everything and
writes nothing; a person whose role needs a second factor and who has none gets
403, through the session and through a token.
"""

import copy
import datetime
import re

import jsonschema
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from stodplattform.accounts.models import ApiToken, Scope
from stodplattform.accounts.testing import give_totp
from stodplattform.api.api import api
from stodplattform.core.testing import made_once
from stodplattform.events.testing import make_event, make_registration
from stodplattform.financing.models import CallApplication
from stodplattform.financing.testing import make_call, make_tender
from stodplattform.followup.testing import make_figures
from stodplattform.followup.tests.checks_testing import make_check
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings.models import ActionItem
from stodplattform.meetings.testing import make_meetings
from stodplattform.support.testing import make_cases

from .conftest import ApiClient

PREFIX = "/api/v1"

# The only operations an anonymous caller may use: public data.
PUBLIC = {
    ("GET", "/platforms"),
    ("GET", "/platforms/{slug}"),
    ("GET", "/enterprises"),
    ("GET", "/enterprises/{slug}"),
    ("GET", "/events"),
    ("GET", "/events/{slug}"),
    ("GET", "/events/{slug}/programme"),
    ("GET", "/events/{slug}/exhibitors"),
    ("GET", "/financing/calls"),
    ("GET", "/financing/calls/{call_id}"),
    ("GET", "/financing/buyers/{slug}"),
}


def operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    found = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            found.append((method.upper(), path.removeprefix(PREFIX), op))
    return found


OPERATIONS = operations()
SCHEMA = api.get_openapi_schema()
IDS = [f"{method} {path}" for method, path, _op in OPERATIONS]


def make_scene(world):
    """One record of each kind on platform A, for the path parameters."""
    network, _steering, _other = make_meetings(world)
    event = make_event(world.platform)
    make_registration(event)
    world.ids = {
        "platforms": world.platform.slug,
        "enterprises": world.enterprise_a.slug,
        "events": event.slug,
        "financing": world.platform.slug,
        "call_id": (call := make_call(world.platform)).pk,
        "application_id": CallApplication.objects.create(call=call, enterprise=world.enterprise_a).pk,
        "tender_id": make_tender(world.platform).pk,
        "pk": make_cases(world).case_a.pk,
        "budget_id": make_budget(world.platform).pk,
        "intervention_id": make_intervention(world, state="submitted").pk,
        "meeting_id": network.pk,
        "reporting": world.platform.slug,
        "code": "20",
        "check_id": make_check(world.enterprise_a, by=world.manager_a, state="submitted").pk,
        "item_id": ActionItem.objects.create(
            meeting=network, title="Göra", owner=world.coordinator, due_on=datetime.date(2026, 12, 1)
        ).pk,
        "figures_id": make_figures(world, state="checked").pk,
    }
    return world


@pytest.fixture(scope="module")
def _scene_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    """The scene, made once for this module on its world (conftest.py): each test's writes are
    rolled back, and every test starts from it."""
    assert _world_of_the_module is not None, "no test of this module commits"
    media = tmp_path_factory.mktemp("media")
    made = made_once(django_db_blocker, lambda: make_scene(copy.deepcopy(_world_of_the_module)))
    with override_settings(MEDIA_ROOT=media), made as scene:
        yield scene, media


@pytest.fixture
def scene(_scene_of_the_module, db, settings):
    made, settings.MEDIA_ROOT = _scene_of_the_module
    return copy.deepcopy(made)


def url(path: str, ids: dict) -> str:
    def fill(match):
        name = match.group(1)
        return str(ids[path.split("/")[1]] if name == "slug" else ids[name])

    return re.sub(r"{(\w+)}", fill, path)


def call(api_client: ApiClient, method: str, path: str):
    return api_client.request(method, path, None if method == "GET" else {})


def test_the_walk_finds_every_kind_of_operation():
    assert len(OPERATIONS) >= 50
    assert {m for m, _p, _o in OPERATIONS} == {"GET", "POST", "PATCH", "PUT"}
    assert {(m, p) for m, p, _o in OPERATIONS} >= PUBLIC


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=IDS)
def test_anonymous_callers_get_401_except_on_public_reads(scene, method, path, op):
    response = call(ApiClient(Client()), method, url(path, scene.ids))
    if (method, path) in PUBLIC:
        assert response.status_code == 200
        # The document says so too: the empty requirement makes credentials optional.
        assert {} in op["security"]
    else:
        assert response.status_code == 401, response.content
        assert response.json()["detail"] == "Logga in eller skicka med en API-nyckel."
        assert {} not in op["security"]


def _documented(op: dict, status: int) -> dict:
    """The schema the document gives for an answer, its references resolved within the document."""
    schema = op["responses"][status]["content"]["application/json"]["schema"]
    return schema | {"components": SCHEMA["components"]}


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=IDS)
def test_a_read_only_token_reads_everything_and_writes_nothing(scene, method, path, op):
    _, raw = ApiToken.issue(user=scene.superuser, name="läsa", scope=Scope.READ)
    response = call(ApiClient(Client(), raw), method, url(path, scene.ids))
    if method == "GET":
        assert response.status_code == 200, response.content
        # What the fuzzer found: two schemas named "BudgetOut" (and two "FiguresOut") in different
        # modules, so the document described one operation's answer with the other's fields.
        jsonschema.validate(response.json(), _documented(op, 200))
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == "Den här API-nyckeln får bara läsa."


def test_a_read_only_token_reads_interventions_as_its_owner(scene):
    """Not only the superuser's: the coordinator's token sees the coordinator's platform, no more."""
    _, raw = ApiToken.issue(user=scene.coordinator, name="läsa", scope=Scope.READ)
    client = ApiClient(Client(), raw)
    listed = client.get("/interventions").json()
    assert [i["id"] for i in listed["results"]] == [scene.ids["intervention_id"]]
    assert client.get(f"/interventions/budgets/{scene.ids['budget_id']}").status_code == 200
    make_budget(scene.other_platform)
    other = make_intervention(scene, platform=scene.other_platform)
    assert client.get(f"/interventions/{other.pk}").status_code == 404
    assert client.post(f"/interventions/{scene.ids['intervention_id']}/prepare", {}).status_code == 403


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_ROLES = ["coordinator", "steering", "coopted", "manager", "superuser"]


def _signed_in(user) -> ApiClient:
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def _token(user) -> ApiClient:
    _, raw = ApiToken.issue(user=user, name="skriva", scope=Scope.WRITE)
    return ApiClient(Client(), raw)


@pytest.mark.parametrize("credentials", [_signed_in, _token], ids=["session", "token"])
@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=IDS)
def test_no_operation_without_the_required_second_factor(scene, mfa_required, credentials, method, path, op):
    response = call(credentials(scene.coordinator), method, url(path, scene.ids))
    assert response.status_code == 403, response.content
    assert response.json() == {
        "detail": "Din roll kräver tvåstegsinloggning. Slå på den under Mitt konto → Tvåstegsinloggning "
        "innan du använder API:t.",
        "errors": {},
    }


def test_the_second_factor_message_in_english(scene, mfa_required):
    client = _signed_in(scene.manager_a)
    client.headers["Accept-Language"] = "en"
    response = client.get(f"/support/cases/{scene.ids['pk']}")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Your role needs two-factor login. Set it up under Account → Two-factor login before using the API."
    )


def test_the_probe_session_reads_and_writes_nothing_until_the_factor_is_set_up(scene, mfa_required):
    """The probe: a coordinator's session, sent to the set-up on pages, read a case and wrote a note."""
    client = _signed_in(scene.coordinator)
    case = scene.ids["pk"]
    assert client.client.get(reverse("portal-start"))["Location"] == reverse("mfa_activate_totp")
    assert client.get(f"/support/cases/{case}").status_code == 403
    entry = {"kind": "note", "text": "Anteckning", "date": "2026-03-01"}
    assert client.post(f"/support/cases/{case}/entries", entry).status_code == 403
    give_totp(scene.coordinator)
    assert client.client.get(reverse("portal-start")).status_code == 200
    assert client.get(f"/support/cases/{case}").status_code == 200
    assert client.post(f"/support/cases/{case}/entries", entry).status_code == 201
    assert _token(scene.coordinator).get(f"/support/cases/{case}").status_code == 200


def test_roles_without_the_requirement_use_the_api_without_a_factor(scene, mfa_required):
    assert _signed_in(scene.observer).get("/support/cases").status_code == 200
    assert _token(scene.observer).get("/support/cases").status_code == 200


def _ill_typed(path: str, op: dict, ids: dict) -> str:
    """The path with every integer parameter given as "null,null", and every integer query as "x"."""
    params = op.get("parameters", [])
    integers = {
        p["name"] for p in params if p["in"] == "path" and p.get("schema", {}).get("type") == "integer"
    }
    filled = url(path, ids | dict.fromkeys(integers, "null,null"))
    queries = [
        p["name"] for p in params if p["in"] == "query" and p.get("schema", {}).get("type") == "integer"
    ]
    return filled + ("?" + "&".join(f"{name}=x" for name in queries) if queries else "")


@pytest.mark.parametrize(
    ("method", "path", "op"),
    [o for o in OPERATIONS if o[0] == "GET"],
    ids=[i for i, o in zip(IDS, OPERATIONS, strict=True) if o[0] == "GET"],
)
def test_ill_typed_parameters_get_a_documented_answer(scene, method, path, op):
    """What the fuzzer found: "/financing/calls/null,null" answered 422 where only 200/401/404 were
    documented. Every answer to ill-typed parameters is one the document lists."""
    _, raw = ApiToken.issue(user=scene.superuser, name="läsa", scope=Scope.READ)
    response = call(ApiClient(Client(), raw), method, _ill_typed(path, op, scene.ids))
    assert str(response.status_code) in {str(code) for code in op["responses"]}, (
        response.status_code,
        op["responses"],
    )
    assert response.status_code < 500


def test_every_schema_has_a_name_of_its_own():
    """The document names a schema by its class name only: two classes of one name in two
    modules would both be described as whichever came last."""
    import importlib
    import pkgutil

    import pydantic

    import stodplattform.api as package

    seen: dict[str, type] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, pydantic.BaseModel)
                and value.__module__ == module.__name__
            ):
                other = seen.setdefault(value.__name__, value)
                assert other is value, f"{value.__name__}: {other.__module__} and {value.__module__}"
    assert len(seen) > 40


# -- A NUL byte, which PostgreSQL refuses in text (SQLite stores it): the PostgreSQL pass too --

QUERY_PARAMETERS = [
    (path, parameter["name"])
    for method, path, op in OPERATIONS
    if method == "GET"
    for parameter in op.get("parameters", [])
    if parameter["in"] == "query"
]


@pytest.mark.database
@pytest.mark.parametrize(("path", "name"), QUERY_PARAMETERS, ids=[f"{p} {n}" for p, n in QUERY_PARAMETERS])
def test_a_nul_byte_in_any_query_parameter_is_never_a_server_error(scene, path, name):
    """Refused with a 422 that says why, or read as text that matches nothing."""
    response = _token(scene.superuser).get(url(path, scene.ids), **{name: "a\x00b"})
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:
        body = response.json()
        assert name in body["errors"] or (not body["errors"] and body["detail"]), response.content


# The writes that read a body (the others, such as "submit", read none).
WRITES = [(method, path) for method, path, op in OPERATIONS if method != "GET" and "requestBody" in op]


@pytest.mark.database
@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_a_nul_character_anywhere_in_a_body_is_a_422_that_says_so(scene, method, path):
    body = {"title": "a\x00b", "platform": "plattform-a", "notes": [{"x\x00": "y"}]}
    response = _token(scene.superuser).request(method, url(path, scene.ids), body)
    assert response.status_code == 422, response.content
    assert response.json() == {
        "detail": "Uppgifterna är inte giltiga.",
        "errors": {"__all__": ["Null-tecken är inte tillåtna."]},
    }
