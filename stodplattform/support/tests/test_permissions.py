"""The permission matrix of support cases: (persona, page or endpoint) → status, on both platforms.

404 for a case outside the persona's reach (another platform, another enterprise, and every
confidential case but to coordinators, the assignee and the enterprise's manager); 403 for a
case in scope but a role too low (steering members, observers and unassigned co-opted members
see counts, not contents); 302 to the login page for anonymous visitors of internal pages.
"""

import pytest
from django.test import Client
from django.urls import reverse

from stodplattform.accounts.models import ApiToken

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

# The cases' pages, by case: persona → status (others: "default").
CASE_READ = {
    "case_a": {
        "anonymous": 302,
        "coordinator": 200,
        "steering": 403,
        "coopted": 403,
        "observer": 403,
        "manager_a": 200,
        "manager_b": 404,
        "outsider": 404,
        "superuser": 200,
    },
    "conf_a": {
        "anonymous": 302,
        "coordinator": 200,
        "coopted": 200,  # the assignee
        "manager_a": 200,
        "superuser": 200,
        "default": 404,
    },
    "conf_b": {"anonymous": 302, "coordinator": 200, "manager_b": 200, "superuser": 200, "default": 404},
    "other": {"anonymous": 302, "outsider": 200, "superuser": 200, "default": 404},
}

# Changing a case (edit page): managers read their cases but do not work on them.
CASE_EDIT = {
    "case_a": {**CASE_READ["case_a"], "manager_a": 403},
    "conf_a": {**CASE_READ["conf_a"], "manager_a": 403},
    "conf_b": {**CASE_READ["conf_b"], "manager_b": 403},
    "other": CASE_READ["other"],
}

PAGES = [
    ("request", {"default": 200}),
    ("request_sent", {"default": 302}),  # nothing sent yet: back to the form
    ("inbox", {"anonymous": 302, "default": 200}),
    ("inbox_csv", {"anonymous": 302, "coordinator": 200, "outsider": 200, "superuser": 200, "default": 403}),
    ("inbox_xlsx", {"anonymous": 302, "coordinator": 200, "outsider": 200, "superuser": 200, "default": 403}),
    ("counts", {"anonymous": 302, "coopted": 403, "manager_a": 403, "manager_b": 403, "default": 200}),
    ("create", {"anonymous": 302, "steering": 403, "coopted": 403, "observer": 403, "default": 200}),
    (
        "time",
        {
            "anonymous": 302,
            "coordinator": 200,
            "coopted": 200,
            "outsider": 200,
            "superuser": 200,
            "default": 403,
        },
    ),
    ("pipeline", {"anonymous": 302, "coordinator": 200, "outsider": 200, "superuser": 200, "default": 403}),
    (
        "prospect_create",
        {"anonymous": 302, "coordinator": 200, "outsider": 200, "superuser": 200, "default": 403},
    ),
    ("prospect_register", {"anonymous": 302, "coordinator": 200, "superuser": 200, "default": 404}),
    ("start", {"anonymous": 302, "default": 200}),
]


def _client(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _page_url(cases, target):
    return {
        "request": reverse("support-request"),
        "request_sent": reverse("support-request-sent"),
        "inbox": reverse("support-inbox"),
        "inbox_csv": reverse("support-inbox") + "?format=csv",
        "inbox_xlsx": reverse("support-inbox") + "?format=xlsx",
        "counts": reverse("support-counts"),
        "create": reverse("support-case-create"),
        "time": reverse("support-time"),
        "pipeline": reverse("support-pipeline"),
        "prospect_create": reverse("support-prospect-create"),
        "prospect_register": reverse("support-prospect-register", args=[cases.prospect.pk]),
        "start": reverse("portal-start"),
    }[target]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("target", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(world, cases, persona, target, expected):
    response = _client(world, persona).get(_page_url(cases, target))
    assert response.status_code == expected.get(persona, expected["default"]), f"{persona} on {target}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_prospect_stage(world, cases, persona):
    """Moving a prospect along the pipeline: its platform's coordinators; nobody else sees it."""
    response = _client(world, persona).post(
        reverse("support-prospect-stage", args=[cases.prospect.pk]), {"stage": "plan"}
    )
    moves = persona in {"coordinator", "superuser"}
    assert response.status_code == (302 if moves or persona == "anonymous" else 404)
    cases.prospect.refresh_from_db()
    assert (cases.prospect.stage == "plan") == moves


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", list(CASE_READ))
def test_case_page(world, cases, persona, which):
    case = getattr(cases, which)
    client = _client(world, persona)
    expected = CASE_READ[which]
    status = expected.get(persona, expected.get("default"))
    response = client.get(reverse("support-case", args=[case.pk]))
    assert response.status_code == status, f"{persona} reading {which}"
    if status == 200:
        assert case.title in response.content.decode()
    else:
        assert case.title not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", list(CASE_EDIT))
def test_case_changes(world, cases, persona, which):
    """Edit page and the POST actions (status, entry, assignee) answer alike; nothing changes when refused."""
    case = getattr(cases, which)
    client = _client(world, persona)
    expected = CASE_EDIT[which]
    status = expected.get(persona, expected.get("default"))
    assert client.get(reverse("support-case-edit", args=[case.pk])).status_code == status, persona
    response = client.post(
        reverse("support-case-entry", args=[case.pk]),
        {"kind": "note", "text": "x", "minutes": "5", "date": "2020-01-01"},
    )
    assert response.status_code == (302 if status == 200 else status), f"{persona} entry on {which}"
    if status != 200:
        assert not case.entries.exists()
    response = client.post(reverse("support-case-status", args=[case.pk]), {"status": "waiting"})
    assert response.status_code == (302 if status == 200 else status), f"{persona} status on {which}"
    # Assigning is the coordinators' (the co-opted assignee may not pass the case on).
    assign = {**expected, "coopted": 403 if status == 200 else status}
    assign_status = assign.get(persona, assign.get("default"))
    response = client.post(reverse("support-case-assign", args=[case.pk]), {"assignee": ""})
    assert response.status_code == (302 if assign_status == 200 else assign_status), (
        f"{persona} assign on {which}"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_attachment(world, cases, persona, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stodplattform.support.forms import EntryForm
    from stodplattform.support.services import add_entry

    form = EntryForm(
        {"kind": "note", "date": "2026-01-02", "minutes": "0", "text": "Bifogat"},
        {"attachment": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf")},
    )
    assert form.is_valid(), form.errors
    entry = add_entry(cases.conf_a, form, by=world.coordinator)
    expected = CASE_READ["conf_a"]
    status = expected.get(persona, expected.get("default"))
    response = _client(world, persona).get(reverse("support-attachment", args=[cases.conf_a.pk, entry.pk]))
    assert response.status_code == status, persona
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert 'filename="plan.pdf"' in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
    # The file never lies under a public address.
    assert not entry.attachment.name.startswith("/")
    assert "plan" not in entry.attachment.name


# -- The API --------------------------------------------------------------------


def _api(world, persona):
    client = Client()
    headers = {}
    if persona != "anonymous":
        _, raw = ApiToken.issue(user=getattr(world, persona), name="t")
        headers["Authorization"] = f"Bearer {raw}"
    return client, headers


def _api_status(status):
    return 401 if status == 302 else status


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", list(CASE_READ))
def test_api_case(world, cases, persona, which):
    case = getattr(cases, which)
    client, headers = _api(world, persona)
    read = _api_status(CASE_READ[which].get(persona, CASE_READ[which].get("default")))
    response = client.get(f"/api/v1/support/cases/{case.pk}", headers=headers)
    assert response.status_code == read, f"{persona} reading {which}: {response.content}"
    assert (
        set(response.json()) >= {"detail"} if read != 200 else response.json()["reference"] == case.reference
    )
    response = client.get(f"/api/v1/support/cases/{case.pk}/entries", headers=headers)
    assert response.status_code == read
    change = _api_status(CASE_EDIT[which].get(persona, CASE_EDIT[which].get("default")))
    response = client.post(
        f"/api/v1/support/cases/{case.pk}/entries",
        {"kind": "call", "minutes": 15, "text": "Samtal"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == (201 if change == 200 else change), f"{persona} entry on {which}"
    response = client.post(
        f"/api/v1/support/cases/{case.pk}/status",
        {"status": "waiting"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == change, f"{persona} status on {which}: {response.content}"
    assign = {**CASE_EDIT[which], "coopted": 403 if change == 200 else CASE_EDIT[which].get("coopted", 404)}
    assign_status = _api_status(assign.get(persona, assign.get("default")))
    response = client.post(
        f"/api/v1/support/cases/{case.pk}/assignee",
        {"assignee": None},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == assign_status, f"{persona} assign on {which}"


LIST_VISIBLE = {
    "anonymous": None,
    "coordinator": {"case_a", "conf_a", "conf_b"},
    "steering": set(),
    "coopted": {"conf_a"},
    "observer": set(),
    "manager_a": {"case_a", "conf_a"},
    "manager_b": {"conf_b"},
    "outsider": {"other"},
    "superuser": {"case_a", "conf_a", "conf_b", "other"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_and_inbox(world, cases, persona):
    client, headers = _api(world, persona)
    response = client.get("/api/v1/support/cases", headers=headers)
    expected = LIST_VISIBLE[persona]
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    references = {r["reference"] for r in response.json()["results"]}
    assert references == {getattr(cases, name).reference for name in expected}
    # The inbox page lists the same cases.
    page = _client(world, persona).get(reverse("support-inbox"))
    html = page.content.decode()
    for name in ["case_a", "conf_a", "conf_b", "other"]:
        case = getattr(cases, name)
        assert (case.title in html) == (name in expected), f"{persona} inbox {name}"


CREATE = {
    "anonymous": 401,
    "coordinator": 201,
    "steering": 403,
    "coopted": 403,
    "observer": 403,
    "manager_a": 201,
    "manager_b": 422,  # enterprise A is not theirs: not a valid choice
    "outsider": 422,
    "superuser": 201,
}

TIME = {
    "anonymous": 401,
    "coordinator": 201,
    "coopted": 201,
    "outsider": 422,  # platform A is not theirs
    "superuser": 201,
    "default": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_create_and_time(world, cases, persona):
    client, headers = _api(world, persona)
    response = client.post(
        "/api/v1/support/cases",
        {"title": "Nytt", "category": "hr", "enterprise": world.enterprise_a.slug, "confidential": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == CREATE[persona], f"{persona}: {response.content}"
    response = client.post(
        "/api/v1/support/time",
        {"platform": world.platform.slug, "category": "network", "minutes": 60},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == TIME.get(persona, TIME["default"]), f"{persona}: {response.content}"
    listing = client.get("/api/v1/support/time", headers=headers)
    expected = TIME.get(persona, TIME["default"])
    assert listing.status_code == {201: 200, 422: 200}.get(expected, expected)


# "Lägg till bland nya företag på väg" on a request that concerns no enterprise yet: the platform's coordinators.
CASE_TO_PIPELINE = {
    "anonymous": 302,
    "coordinator": 200,
    "superuser": 200,
    "steering": 403,
    "coopted": 403,
    "observer": 403,
    "default": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_to_pipeline(world, cases, persona):
    from stodplattform.support.models import Prospect
    from stodplattform.support.testing import make_case

    request = make_case(
        world.platform, title="Idé: kafé", requester_name="Ada Idé", requester_organisation="Kaféet"
    )
    url = reverse("support-case-to-pipeline", args=[request.pk])
    client = _client(world, persona)
    expected = CASE_TO_PIPELINE.get(persona, CASE_TO_PIPELINE["default"])
    assert client.get(url).status_code == expected
    data = {
        "name": "Kaféet",
        "contact_name": "Ada Idé",
        "municipality": world.platform.municipalities.first().pk,
    }
    response = client.post(url, {**data, "stage": "idea"})
    assert response.status_code == (302 if expected == 200 else expected)
    request.refresh_from_db()
    assert (request.prospect_id is not None) == (expected == 200)
    assert Prospect.objects.filter(name="Kaféet").exists() == (expected == 200)
