"""Writes: adding and changing enterprises, with the same validation as the pages."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from stodplattform.enterprises.models import Enterprise, Industry
from stodplattform.lib.orgnr import luhn_complete

FULL = {
    "name": "Cykelverkstan",
    "org_number": luhn_complete("769612345"),
    "legal_form": "ek",
    "municipality": "2061",
    "street_address": "Storgatan 1",
    "postcode": "77730",
    "city": "Smedjebacken",
    "website": "https://cykel.example",
    "email": "info@cykel.example",
    "phone": "0240-123 45",
    "industries": ["95.290", "47.792"],
    "year_founded": 2019,
    "description": "Vi lagar cyklar.",
    "offers_goods": "Begagnade cyklar\nReservdelar",
    "offers_services": "Cykelservice",
    "sells_to_private": True,
    "sells_to_public": True,
    "image_alt": "",
}


def log_for(enterprise):
    return LogEntry.objects.get_for_object(enterprise).order_by("pk")


# -- Create -------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["token", "session"])
def test_coordinator_creates_enterprise_and_audit_names_actor(as_token, as_session, world, auth):
    api = as_token(world.coordinator) if auth == "token" else as_session(world.coordinator)
    response = api.post("/enterprises", FULL)
    assert response.status_code == 201, response.content
    data = response.json()
    enterprise = Enterprise.objects.get(slug=data["slug"])
    assert data["slug"] == "cykelverkstan"
    assert enterprise.platform == world.platform  # the coordinator's only platform
    assert enterprise.status == "idea" and data["status"] == "idea"
    assert enterprise.is_public is True and data["is_public"] is True
    assert data["is_listed"] is False  # an idea is not listed yet
    assert enterprise.postcode == "777 30"
    assert enterprise.org_number == FULL["org_number"]
    assert sorted(enterprise.industries.values_list("code", flat=True)) == ["47.792", "95.290"]
    assert data["goods"] == ["Begagnade cyklar", "Reservdelar"]
    assert data["municipality"] == {"code": "2061", "name": "Smedjebacken"}
    entries = log_for(enterprise)
    assert entries.exists()
    assert {entry.actor for entry in entries} == {world.coordinator}
    assert entries.first().action == LogEntry.Action.CREATE


def test_create_minimal_uses_defaults(as_token, world):
    response = as_token(world.coordinator).post("/enterprises", {"name": "Liten", "municipality": "2085"})
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(slug=response.json()["slug"])
    # The model's defaults hold for what the caller does not send.
    assert enterprise.sells_to_private is True
    assert enterprise.sells_to_public is False
    assert enterprise.status == "idea"


def test_create_with_registry_fields(as_token, world):
    response = as_token(world.coordinator).post(
        "/enterprises",
        {
            "name": "Egen",
            "municipality": "2085",
            "slug": "egen-adress",
            "status": "active",
            "is_public": False,
        },
    )
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(slug="egen-adress")
    assert (enterprise.status, enterprise.is_public) == ("active", False)


def test_create_slug_made_unique(as_token, world):
    api = as_token(world.coordinator)
    first = api.post("/enterprises", {"name": "Samma Namn", "municipality": "2085"}).json()
    second = api.post("/enterprises", {"name": "Samma Namn", "municipality": "2085"}).json()
    assert (first["slug"], second["slug"]) == ("samma-namn", "samma-namn-2")


def test_coordinator_cannot_create_in_another_platform(as_token, world):
    response = as_token(world.coordinator).post(
        "/enterprises", {"name": "Smyg", "municipality": "2080", "platform": "plattform-b"}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"platform"}
    assert not Enterprise.objects.filter(name="Smyg").exists()


def test_superuser_must_name_the_platform(as_token, world):
    api = as_token(world.superuser)
    response = api.post("/enterprises", {"name": "Rot", "municipality": "2080"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"platform"}
    ok = api.post("/enterprises", {"name": "Rot", "municipality": "2080", "platform": "plattform-b"})
    assert ok.status_code == 201
    assert Enterprise.objects.get(name="Rot").platform == world.other_platform


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"org_number": "556677-8890"}, "org_number"),  # wrong check digit
        ({"org_number": "12345"}, "org_number"),
        ({"postcode": "1234"}, "postcode"),
        ({"postcode": "abcde"}, "postcode"),
        ({"email": "inte-en-adress"}, "email"),
        ({"website": "inte en adress"}, "website"),
        ({"phone": "12"}, "phone"),
        ({"municipality": "9999"}, "municipality"),
        ({"municipality": ""}, "municipality"),
        ({"industries": ["00.000"]}, "industries"),
        ({"industries": ["47.792", "nope"]}, "industries"),
        ({"name": "x" * 151}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"legal_form": "kb"}, "legal_form"),
        ({"status": "sleeping"}, "status"),
        ({"slug": "inte en slug"}, "slug"),
        ({"slug": "aterbruket-a"}, "slug"),  # taken
        ({"year_founded": "abc"}, "year_founded"),
        ({"year_founded": 1200}, "year_founded"),
        ({"year_founded": 3000}, "year_founded"),
        ({"year_founded": 2.5}, "year_founded"),
        ({"name": 12}, "name"),
        ({"industries": "47.792"}, "industries"),
        ({"is_public": "kanske"}, "is_public"),
        ({"sells_to_public": [1]}, "sells_to_public"),
        ({"description": "x" * 4001}, "description"),
        ({"image_alt": "x" * 201}, "image_alt"),
    ],
)
def test_create_bad_input_is_422_and_saves_nothing(as_token, world, changes, field):
    before = Enterprise.objects.count()
    payload = {**FULL, **changes}
    response = as_token(world.coordinator).post("/enterprises", payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    assert field in body["errors"], body
    assert all(isinstance(m, str) and m for m in body["errors"][field])
    assert Enterprise.objects.count() == before


def test_create_missing_name_and_municipality(as_token, world):
    response = as_token(world.coordinator).post("/enterprises", {})
    assert response.status_code == 422
    assert {"name", "municipality"} <= set(response.json()["errors"])


def test_create_duplicate_org_number(as_token, world):
    response = as_token(world.coordinator).post(
        "/enterprises", {**FULL, "org_number": world.enterprise_a.org_number}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"org_number"}


def test_validation_messages_match_the_form_and_language(world, as_token):
    en = as_token(world.coordinator, language="en").post("/enterprises", {**FULL, "email": "x"}).json()
    sv = as_token(world.coordinator, language="sv").post("/enterprises", {**FULL, "email": "x"}).json()
    assert en["errors"]["email"] == ["Enter a valid email address."]
    assert sv["errors"]["email"] != en["errors"]["email"]
    assert len(sv["errors"]["email"]) == 1
    assert en["detail"] != sv["detail"]


def test_type_errors_get_the_form_message(world, as_token):
    en = as_token(world.coordinator, language="en").post("/enterprises", {**FULL, "year_founded": "abc"})
    assert en.json()["errors"]["year_founded"] == ["Enter a whole number."]


def test_many_errors_at_once(as_token, world):
    payload = {**FULL, "email": "x", "postcode": "1", "org_number": "1", "municipality": "0000"}
    response = as_token(world.coordinator).post("/enterprises", payload)
    assert response.status_code == 422
    assert {"email", "postcode", "org_number", "municipality"} <= set(response.json()["errors"])


@pytest.mark.parametrize("persona", ["steering", "coopted", "observer", "manager_a"])
def test_non_coordinators_may_not_create(as_token, world, persona):
    response = as_token(getattr(world, persona)).post("/enterprises", FULL)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Enterprise.objects.filter(name=FULL["name"]).exists()


def test_user_without_roles_may_not_create(as_token, world):
    from stodplattform.enterprises.testing import make_user

    assert as_token(make_user("nobody")).post("/enterprises", FULL).status_code == 403


# -- Change -------------------------------------------------------------------


def test_manager_changes_own_profile(as_token, world):
    api = as_token(world.manager_a)
    response = api.patch(
        f"/enterprises/{world.enterprise_a.slug}", {"phone": "0240-555 55", "city": "Grängesberg"}
    )
    assert response.status_code == 200, response.content
    world.enterprise_a.refresh_from_db()
    assert (world.enterprise_a.phone, world.enterprise_a.city) == ("0240-555 55", "Grängesberg")
    assert response.json()["city"] == "Grängesberg"
    entry = log_for(world.enterprise_a).last()
    assert entry.actor == world.manager_a
    assert entry.action == LogEntry.Action.UPDATE


def test_manager_patch_by_session_names_actor(as_session, world):
    response = as_session(world.manager_a).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"city": "Ludvika C"}
    )
    assert response.status_code == 200
    assert log_for(world.enterprise_a).last().actor == world.manager_a


def test_manager_cannot_change_another_enterprise(as_token, world):
    response = as_token(world.manager_a).patch(f"/enterprises/{world.enterprise_b.slug}", {"city": "X"})
    assert response.status_code == 404
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_b.city != "X"


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "closed"},
        {"is_public": False},
        {"slug": "nytt"},
        {"platform": "plattform-b"},
        {"status": "active"},
    ],
)
def test_manager_cannot_change_registry_fields(as_token, world, changes):
    before = Enterprise.objects.values().get(pk=world.enterprise_a.pk)
    response = as_token(world.manager_a).patch(
        f"/enterprises/{world.enterprise_a.slug}", {**changes, "city": "X"}
    )
    assert response.status_code == 403
    assert list(changes)[0] in response.json()["detail"]
    assert Enterprise.objects.values().get(pk=world.enterprise_a.pk) == before


def test_outsider_patch_is_404(as_token, world):
    response = as_token(world.outsider).patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"})
    assert response.status_code == 404


def test_members_who_may_not_edit_get_403(as_token, world):
    response = as_token(world.steering).patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"})
    assert response.status_code == 403


def test_coopted_sees_only_the_public_profile_and_cannot_edit(as_token, world):
    api = as_token(world.coopted)
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 404
    assert "is_public" not in api.get(f"/enterprises/{world.enterprise_a.slug}").json()
    assert api.patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"}).status_code == 404


def test_observer_patch_is_404(as_token, world):
    response = as_token(world.observer).patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"})
    assert response.status_code == 404


def test_coordinator_patch_one_field_keeps_the_rest(as_token, world):
    enterprise = world.enterprise_a
    enterprise.industries.add(Industry.objects.get(code="56.100"))
    enterprise.year_founded = 2001
    enterprise.email = "a@a.example"
    enterprise.postcode = "771 30"
    enterprise.sells_to_private = False
    enterprise.sells_to_public = True
    enterprise.legal_form = "ek"
    enterprise.save()
    before = Enterprise.objects.values().get(pk=enterprise.pk)
    industries = set(enterprise.industries.values_list("code", flat=True))

    response = as_token(world.coordinator).patch(
        f"/enterprises/{enterprise.slug}", {"description": "Ny text."}
    )
    assert response.status_code == 200, response.content

    after = Enterprise.objects.values().get(pk=enterprise.pk)
    changed = {k for k in after if after[k] != before[k]}
    # Saving a profile also confirms that it is current.
    assert changed == {"description", "updated_at", "reviewed_at"}
    assert set(enterprise.industries.values_list("code", flat=True)) == industries == {"47.792", "56.100"}


def test_coordinator_changes_registry_fields(as_token, world):
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_b.slug}", {"status": "paused", "is_public": False}
    )
    assert response.status_code == 200
    world.enterprise_b.refresh_from_db()
    assert (world.enterprise_b.status, world.enterprise_b.is_public) == ("paused", False)
    assert response.json()["is_listed"] is False


def test_coordinator_cannot_move_enterprise_to_another_platform(as_token, world):
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"platform": "plattform-b"}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"platform"}


def test_coordinator_clears_industries(as_token, world):
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"industries": []}
    )
    assert response.status_code == 200
    assert not world.enterprise_a.industries.exists()


def test_patch_industries_logged(as_token, world):
    as_token(world.coordinator).patch(f"/enterprises/{world.enterprise_a.slug}", {"industries": ["56.100"]})
    assert list(world.enterprise_a.industries.values_list("code", flat=True)) == ["56.100"]
    assert log_for(world.enterprise_a).filter(actor=world.coordinator).exists()


def test_patch_null_clears_optional_field(as_token, world):
    world.enterprise_a.year_founded = 2001
    world.enterprise_a.save()
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"year_founded": None}
    )
    assert response.status_code == 200
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.year_founded is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"municipality": None}, "municipality"),
        ({"postcode": "12"}, "postcode"),
        ({"org_number": "556677-8890"}, "org_number"),
        ({"year_founded": "abc"}, "year_founded"),
    ],
)
def test_patch_bad_input_is_422_and_saves_nothing(as_token, world, changes, field):
    before = Enterprise.objects.values().get(pk=world.enterprise_a.pk)
    response = as_token(world.manager_a).patch(
        f"/enterprises/{world.enterprise_a.slug}", {**changes, "city": "X"}
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Enterprise.objects.values().get(pk=world.enterprise_a.pk) == before


def test_patch_org_number_of_another_enterprise(as_token, world):
    world.enterprise_b.org_number = luhn_complete("769600002")
    world.enterprise_b.save()
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"org_number": world.enterprise_b.org_number}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"org_number"}


def test_patch_own_org_number_again_is_fine(as_token, world):
    response = as_token(world.manager_a).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"org_number": world.enterprise_a.org_number}
    )
    assert response.status_code == 200


def test_patch_missing_enterprise_is_404(as_token, world):
    assert as_token(world.coordinator).patch("/enterprises/finns-inte", {"city": "X"}).status_code == 404


def test_patch_empty_body_changes_nothing(as_token, world):
    before = Enterprise.objects.values().get(pk=world.enterprise_a.pk)
    response = as_token(world.manager_a).patch(f"/enterprises/{world.enterprise_a.slug}", {})
    assert response.status_code == 200
    after = Enterprise.objects.values().get(pk=world.enterprise_a.pk)
    assert {k for k in after if after[k] != before[k]} <= {"updated_at", "reviewed_at"}


def test_superuser_patches_anything(as_token, world):
    response = as_token(world.superuser).patch(
        f"/enterprises/{world.other_enterprise.slug}", {"status": "paused"}
    )
    assert response.status_code == 200


def test_write_with_ended_manager_role_is_404(as_token, world):
    import datetime

    world.enterprise_a.memberships.update(ends_on=datetime.date(2000, 1, 1))
    assert (
        as_token(world.manager_a).patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"}).status_code
        == 404
    )


def test_session_client_gets_json_errors(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post("/api/v1/enterprises", "{}", content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")


# -- A concurrent write between validation and save ----------------------------


@pytest.fixture
def race(monkeypatch, world):
    """Before the first save, another request takes the slug and org number the form just checked."""
    from stodplattform.enterprises import services as module

    real = module.save_enterprise
    calls = []

    def competing_save(form, *, by, **kwargs):
        calls.append(form.cleaned_data.get("slug"))
        if len(calls) == 1:
            org_number = form.cleaned_data.get("org_number", "")
            if Enterprise.objects.filter(org_number=org_number).exists():
                org_number = ""  # a PATCH keeps the enterprise's own number
            Enterprise.objects.create(
                platform=world.other_platform,
                municipality=world.other_enterprise.municipality,
                name="Konkurrenten",
                slug=form.cleaned_data["slug"] if "slug" in form.fields else "konkurrenten",
                org_number=org_number,
            )
        return real(form, by=by, **kwargs)

    monkeypatch.setattr(module, "save_enterprise", competing_save)
    return calls


def test_race_on_the_slug_takes_the_next_free_one(as_token, world, race):
    response = as_token(world.coordinator).post("/enterprises", {"name": "Samtidigt", "municipality": "2085"})
    assert response.status_code == 201, response.content
    assert race == ["samtidigt", "samtidigt-2"]
    assert response.json()["slug"] == "samtidigt-2"


def test_race_on_the_org_number_is_422(as_token, world, race):
    response = as_token(world.coordinator).post("/enterprises", FULL)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"org_number"}
    assert not Enterprise.objects.filter(name=FULL["name"]).exists()


def test_race_on_patch_is_422_and_changes_nothing(as_token, world, race):
    before = Enterprise.objects.values().get(pk=world.enterprise_a.pk)
    response = as_token(world.coordinator).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"slug": "ny-adress", "city": "X"}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"slug"}
    assert Enterprise.objects.values().get(pk=world.enterprise_a.pk) == before
