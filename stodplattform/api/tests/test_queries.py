"""Every list uses a bounded number of queries, independent of how many rows there are.

Each test counts the queries of one request with few rows and with many, and
prints the SQL of both when they differ.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stodplattform.enterprises.models import Industry
from stodplattform.enterprises.testing import make_enterprise
from stodplattform.platforms.models import Municipality, Platform


def count_queries(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content
    return captured


def assert_same(few, many, persona=""):
    if len(few) != len(many):
        listing = "\n".join(
            ["-- few:"]
            + [q["sql"] for q in few.captured_queries]
            + ["-- many:"]
            + [q["sql"] for q in many.captured_queries]
        )
        who = f" ({persona})" if persona else ""
        pytest.fail(f"{len(few)} queries with few rows, {len(many)} with many{who}:\n{listing}")


def add_enterprises(world, n, start=0):
    industries = list(Industry.objects.all()[:3])
    ludvika = Municipality.objects.get(code="2085")
    for i in range(start, start + n):
        platform = world.platform if i % 2 else world.other_platform
        municipality = ludvika if i % 2 else Municipality.objects.get(code="2080")
        enterprise = make_enterprise(
            platform, f"Mängd {i:03d}", municipality=municipality, is_public=bool(i % 3), offers_goods="Saker"
        )
        enterprise.industries.set(industries)


def persona_client(persona, world, anon, as_token, as_session):
    if persona == "anonymous":
        return anon
    if persona.startswith("session:"):
        return as_session(getattr(world, persona.split(":")[1]))
    return as_token(getattr(world, persona))


PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "manager_a",
    "outsider",
    "superuser",
    "session:coordinator",
]


@pytest.mark.parametrize("params", [{}, {"q": "Mängd"}, {"industry": "01.130", "what": "goods"}])
def test_enterprise_list_query_count_is_constant(world, anon, as_token, as_session, params):
    # Every persona counted on the same rows: few, then many (making them is the slow part).
    apis = {persona: persona_client(persona, world, anon, as_token, as_session) for persona in PERSONAS}
    add_enterprises(world, 3)
    few = {}
    for persona, api in apis.items():
        api.get("/enterprises")  # warm up: the token's last use is written once
        few[persona] = count_queries(lambda api=api: api.get("/enterprises", **params))
    add_enterprises(world, 27, start=3)
    add_enterprises(world, 100, start=30)  # more than a page
    for persona, api in apis.items():
        many = count_queries(lambda api=api: api.get("/enterprises", **params))
        assert_same(few[persona], many, persona)
        # A sanity bound: token or session and user, roles, managed ids, a filter's choice, count,
        # page, industries, offers, photos, opening hours, exceptions, internal ids.
        assert len(many) <= 13, persona


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "session:steering"])
def test_later_pages_query_count_is_constant(world, anon, as_token, as_session, persona):
    api = persona_client(persona, world, anon, as_token, as_session)
    add_enterprises(world, 80)
    api.get("/enterprises")
    few = count_queries(lambda: api.get("/enterprises", page=2))
    add_enterprises(world, 150, start=80)
    many = count_queries(lambda: api.get("/enterprises", page=2))
    assert_same(few, many)


@pytest.mark.parametrize("persona", ["anonymous", "coordinator"])
def test_page_past_the_end_queries_no_rows(world, anon, as_token, as_session, persona):
    api = persona_client(persona, world, anon, as_token, as_session)
    api.get("/enterprises")
    captured = count_queries(lambda: api.get("/enterprises", page=10**12))
    assert not any("OFFSET" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize("persona", PERSONAS)
def test_enterprise_detail_query_count(world, anon, as_token, as_session, persona):
    api = persona_client(persona, world, anon, as_token, as_session)
    api.get("/platforms")
    captured = count_queries(lambda: api.get(f"/enterprises/{world.enterprise_a.slug}"))
    assert len(captured) <= 10  # with the showcase's photos, opening hours and exceptions


@pytest.mark.parametrize("persona", PERSONAS)
def test_platform_list_query_count_is_constant(world, anon, as_token, as_session, persona):
    api = persona_client(persona, world, anon, as_token, as_session)
    api.get("/platforms")
    few = count_queries(lambda: api.get("/platforms"))
    towns = list(Municipality.objects.all()[:5])
    for i in range(30):
        platform = Platform.objects.create(
            name=f"P {i:02d}", slug=f"p-{i:02d}", operator="X", is_public=bool(i % 2)
        )
        platform.municipalities.set(towns)
    many = count_queries(lambda: api.get("/platforms"))
    assert_same(few, many)
    assert len(many) <= 5
