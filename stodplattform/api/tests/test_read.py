"""Reads: who sees which enterprises and platforms, with which fields; filters and pages."""

import pytest

from stodplattform.enterprises.models import Status
from stodplattform.enterprises.testing import make_enterprise, make_user
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

INTERNAL_KEYS = {"is_public", "is_listed", "is_example", "created_at", "updated_at"}


def names(response):
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["results"]}


def by_slug(response):
    return {item["slug"]: item for item in response.json()["results"]}


@pytest.fixture
def idea(world):
    return make_enterprise(world.platform, "Idén E", status=Status.IDEA)


# -- Anonymous ----------------------------------------------------------------


def test_anonymous_lists_listed_enterprises_only(anon, world, idea):
    response = anon.get("/enterprises")
    assert names(response) == {"Återbruket A", "Hundcentret B", "Kaféet D"}
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1 and body["pages"] == 1
    for item in body["results"]:
        assert not INTERNAL_KEYS & set(item), item


def test_anonymous_detail_has_public_fields_only(anon, world):
    response = anon.get(f"/enterprises/{world.enterprise_a.slug}")
    assert response.status_code == 200
    data = response.json()
    assert not INTERNAL_KEYS & set(data)
    assert data["name"] == "Återbruket A"
    assert data["org_number"] == world.enterprise_a.org_number
    assert data["platform"] == "plattform-a"
    assert data["municipality"] == {"code": "2085", "name": "Ludvika"}
    assert data["industries"] == [{"code": "47.792", "name": "Övrig butikshandel med begagnade varor"}]
    assert data["goods"] == ["Begagnade möbler"]
    assert data["url"].endswith(world.enterprise_a.get_absolute_url())
    assert data["image_url"] is None


@pytest.mark.parametrize("which", ["hidden", "idea", "nonpublic_platform", "missing"])
def test_anonymous_gets_404_for_unlisted(anon, world, idea, which):
    if which == "nonpublic_platform":
        secret = Platform.objects.create(name="Hemlig", slug="hemlig", operator="X", is_public=False)
        slug = make_enterprise(secret, "Hemliga F", municipality=Municipality.objects.get(code="2080")).slug
    else:
        slug = {"hidden": world.hidden.slug, "idea": idea.slug, "missing": "finns-inte"}[which]
    response = anon.get(f"/enterprises/{slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "errors": {}}
    assert response.json()["detail"]


def test_image_url_is_absolute(anon, world, settings):
    settings.SITE_URL = "https://stod.example/"
    world.enterprise_a.image = "enterprises/logo.png"
    world.enterprise_a.save()
    data = anon.get(f"/enterprises/{world.enterprise_a.slug}").json()
    assert data["image_url"] == "https://stod.example" + world.enterprise_a.image.url
    assert data["url"] == "https://stod.example" + world.enterprise_a.get_absolute_url()


def test_english_names_with_accept_language(client, world):
    response = client.get(f"/api/v1/enterprises/{world.enterprise_a.slug}", headers={"Accept-Language": "en"})
    assert response.json()["industries"][0]["name"] == "Other retail sale of second-hand goods in stores"


# -- Members of platform A ----------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "steering"])
@pytest.mark.parametrize("auth", ["token", "session"])
def test_platform_members_see_hidden_and_internal_fields(as_token, as_session, world, idea, persona, auth):
    user = getattr(world, persona)
    api = as_token(user) if auth == "token" else as_session(user)
    response = api.get("/enterprises")
    assert names(response) == {"Återbruket A", "Hundcentret B", "Dolda C", "Idén E", "Kaféet D"}
    items = by_slug(response)
    for enterprise in (world.enterprise_a, world.enterprise_b, world.hidden, idea):
        assert set(items[enterprise.slug]) >= INTERNAL_KEYS, enterprise
    # Another platform's enterprise: public fields only.
    assert not INTERNAL_KEYS & set(items[world.other_enterprise.slug])
    assert items[world.hidden.slug]["is_public"] is False
    assert items[world.hidden.slug]["is_listed"] is False
    assert items[world.enterprise_a.slug]["is_listed"] is True

    detail = api.get(f"/enterprises/{world.hidden.slug}")
    assert detail.status_code == 200
    assert detail.json()["is_public"] is False
    assert "created_at" in detail.json()


def test_outsider_does_not_see_platform_a_internals(as_token, world):
    api = as_token(world.outsider)
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 404
    response = api.get("/enterprises")
    assert names(response) == {"Återbruket A", "Hundcentret B", "Kaféet D"}
    items = by_slug(response)
    assert not INTERNAL_KEYS & set(items[world.enterprise_a.slug])
    assert set(items[world.other_enterprise.slug]) >= INTERNAL_KEYS
    detail = api.get(f"/enterprises/{world.enterprise_a.slug}").json()
    assert not INTERNAL_KEYS & set(detail)


def test_observer_sees_the_public_directory(as_token, world):
    api = as_token(world.observer)
    response = api.get("/enterprises")
    assert names(response) == {"Återbruket A", "Hundcentret B", "Kaféet D"}
    assert all(not INTERNAL_KEYS & set(item) for item in response.json()["results"])
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 404


def test_manager_sees_internals_of_own_enterprise_only(as_token, world):
    api = as_token(world.manager_a)
    items = by_slug(api.get("/enterprises"))
    assert set(items) == {world.enterprise_a.slug, world.enterprise_b.slug, world.other_enterprise.slug}
    assert set(items[world.enterprise_a.slug]) >= INTERNAL_KEYS
    assert not INTERNAL_KEYS & set(items[world.enterprise_b.slug])
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 404


def test_manager_sees_own_hidden_enterprise(as_token, world):
    from stodplattform.enterprises.testing import make_manager

    make_manager(world.hidden, world.manager_b)
    response = as_token(world.manager_b).get(f"/enterprises/{world.hidden.slug}")
    assert response.status_code == 200
    assert response.json()["is_public"] is False


def test_superuser_sees_everything(as_token, world, idea):
    response = as_token(world.superuser).get("/enterprises")
    assert names(response) == {"Återbruket A", "Hundcentret B", "Dolda C", "Idén E", "Kaféet D"}
    assert all(set(item) >= INTERNAL_KEYS for item in response.json()["results"])


def test_ended_membership_no_longer_sees_hidden(as_token, world):
    import datetime

    Membership.objects.filter(user=world.steering).update(ends_on=datetime.date(2000, 1, 1))
    assert as_token(world.steering).get(f"/enterprises/{world.hidden.slug}").status_code == 404


# -- Filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "hunddagis"}, {"Hundcentret B"}),
        ({"q": "Ludvika"}, {"Återbruket A"}),
        ({"q": "begagnade"}, {"Återbruket A"}),  # industry name and goods
        ({"q": "second-hand Ludvika"}, {"Återbruket A"}),
        ({"q": "ingenting-matchar"}, set()),
        ({"municipality": "2061"}, {"Hundcentret B"}),
        ({"municipality": "2080"}, {"Kaféet D"}),
        ({"platform": "plattform-b"}, {"Kaféet D"}),
        ({"platform": "plattform-a"}, {"Återbruket A", "Hundcentret B"}),
        ({"industry": "47.792"}, {"Återbruket A"}),
        ({"what": "goods"}, {"Återbruket A"}),
        ({"what": "services"}, {"Hundcentret B", "Kaféet D"}),
        ({"buyer": "public"}, {"Hundcentret B"}),
        ({"buyer": "private"}, {"Återbruket A", "Hundcentret B", "Kaféet D"}),
        ({"platform": "plattform-a", "what": "services"}, {"Hundcentret B"}),
        ({"q": "", "municipality": "", "platform": "", "industry": "", "what": "", "buyer": ""}, None),
    ],
)
def test_filters(anon, world, params, expected):
    expected = expected if expected is not None else {"Återbruket A", "Hundcentret B", "Kaféet D"}
    assert names(anon.get("/enterprises", **params)) == expected


@pytest.mark.parametrize(("param", "value"), [("municipality", "2062"), ("industry", "81.210")])
def test_known_codes_without_enterprises_give_an_empty_list(anon, world, param, value):
    response = anon.get("/enterprises", **{param: value})
    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["count"] == 0


def test_filters_keep_hidden_out_for_anonymous(anon, world):
    assert names(anon.get("/enterprises", q="Dolda")) == set()


def test_coordinator_filters_include_hidden(as_token, world):
    assert names(as_token(world.coordinator).get("/enterprises", q="Dolda")) == {"Dolda C"}


def test_members_can_filter_by_their_nonpublic_platform(as_token, world):
    world.platform.is_public = False
    world.platform.save()
    api = as_token(world.coordinator)
    assert names(api.get("/enterprises", platform="plattform-a")) == {
        "Återbruket A",
        "Hundcentret B",
        "Dolda C",
    }


def test_anonymous_cannot_filter_by_nonpublic_platform(anon, world):
    world.platform.is_public = False
    world.platform.save()
    response = anon.get("/enterprises", platform="plattform-a")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"platform"}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"municipality": "9999"}, {"municipality"}),
        ({"municipality": "abcd"}, {"municipality"}),
        ({"platform": "finns-inte"}, {"platform"}),
        ({"industry": "00.000"}, {"industry"}),
        ({"what": "allt"}, {"what"}),
        ({"buyer": "alla"}, {"buyer"}),
        ({"q": "x" * 101}, {"q"}),
        ({"page": "abc"}, {"page"}),
        ({"page": "1.5"}, {"page"}),
        ({"municipality": "9999", "industry": "x", "what": "y"}, {"municipality", "industry", "what"}),
    ],
)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_invalid_filters_give_422_per_field(client, world, params, fields, language):
    response = client.get("/api/v1/enterprises", params, headers={"Accept-Language": language})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    assert set(body["errors"]) == fields
    assert all(body["errors"][field] and all(body["errors"][field]) for field in fields)


def test_invalid_filter_messages_are_translated(client, world):
    sv = client.get("/api/v1/enterprises", {"municipality": "9999"}, headers={"Accept-Language": "sv"})
    en = client.get("/api/v1/enterprises", {"municipality": "9999"}, headers={"Accept-Language": "en"})
    # Django's own message for an unknown choice, in each language.
    assert en.json()["errors"]["municipality"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert sv.json()["errors"]["municipality"] != en.json()["errors"]["municipality"]


# -- Pages --------------------------------------------------------------------


@pytest.fixture
def many(world):
    ludvika = Municipality.objects.get(code="2085")
    for i in range(117):
        make_enterprise(world.platform, f"Företag {i:03d}", municipality=ludvika)
    return 120  # with A, B and D


def test_pages(anon, many):
    first = anon.get("/enterprises").json()
    assert (first["count"], first["page"], first["pages"], len(first["results"])) == (many, 1, 3, 50)
    second = anon.get("/enterprises", page=2).json()
    third = anon.get("/enterprises", page=3).json()
    assert (second["page"], len(second["results"])) == (2, 50)
    assert (third["page"], len(third["results"])) == (3, 20)
    slugs = [item["slug"] for page in (first, second, third) for item in page["results"]]
    assert len(slugs) == len(set(slugs)) == many
    listed = [item["name"] for page in (first, second, third) for item in page["results"]]
    assert listed == sorted(listed, key=lambda n: n)  # ordered by name, as the database sorts


def test_pages_with_filter(anon, many):
    body = anon.get("/enterprises", q="Företag", page=3).json()
    assert (body["count"], body["pages"], body["page"], len(body["results"])) == (117, 3, 3, 17)


def test_page_past_the_end_is_empty_not_an_error(anon, many):
    response = anon.get("/enterprises", page=4)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == many and body["pages"] == 3
    assert body["results"] == []


@pytest.mark.parametrize("page_number", ["0", "-1"])
def test_page_below_one_is_invalid(client, world, page_number):
    response = client.get("/api/v1/enterprises", {"page": page_number}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"page": ["Ensure this value is greater than or equal to 1."]}


def test_page_not_a_number_gets_django_message(client, world):
    response = client.get("/api/v1/enterprises", {"page": "två"}, headers={"Accept-Language": "en"})
    assert response.json()["errors"] == {"page": ["Enter a whole number."]}


# -- Platforms ----------------------------------------------------------------


@pytest.fixture
def secret_platform(world):
    secret = Platform.objects.create(name="Hemlig", slug="hemlig", operator="X", is_public=False)
    secret.municipalities.set([Municipality.objects.get(code="2062")])
    member = make_user("secret.member")
    Membership.objects.create(platform=secret, user=member, role=Role.STEERING)
    return secret, member


def test_anonymous_lists_public_platforms(anon, world, secret_platform):
    response = anon.get("/platforms")
    assert response.status_code == 200
    data = response.json()
    assert [p["slug"] for p in data] == ["plattform-a", "plattform-b"]
    a = data[0]
    assert a["name"] == "Plattform A"
    assert a["operator"] == "Samarkand"
    assert {m["code"] for m in a["municipalities"]} == {"2085", "2061"}
    assert a["url"].endswith(world.platform.get_absolute_url())


def test_platform_detail(anon, world):
    response = anon.get("/platforms/plattform-b")
    assert response.status_code == 200
    assert response.json()["municipalities"] == [{"code": "2080", "name": "Falun"}]


def test_nonpublic_platform_only_for_members(anon, as_token, world, secret_platform):
    secret, member = secret_platform
    assert anon.get("/platforms/hemlig").status_code == 404
    assert as_token(world.coordinator).get("/platforms/hemlig").status_code == 404
    api = as_token(member)
    assert api.get("/platforms/hemlig").status_code == 200
    assert [p["slug"] for p in api.get("/platforms").json()] == ["hemlig", "plattform-a", "plattform-b"]
    assert as_token(world.superuser).get("/platforms/hemlig").status_code == 200


def test_missing_platform_is_404(anon, world):
    response = anon.get("/platforms/finns-inte")
    assert response.status_code == 404
    assert response.json()["errors"] == {}
