"""Every inbox, list and panel makes the same number of queries with few cases as with many."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.enterprises.testing import make_enterprise
from stodplattform.support.forms import EntryForm
from stodplattform.support.models import Category
from stodplattform.support.services import add_entry
from stodplattform.support.testing import make_case


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return captured


def _assert_same(few, many, label):
    if len(few) != len(many):
        listing = "\n".join(
            ["-- few:"]
            + [q["sql"] for q in few.captured_queries]
            + ["-- many:"]
            + [q["sql"] for q in many.captured_queries]
        )
        pytest.fail(f"{label}: {len(few)} queries with few cases, {len(many)} with many:\n{listing}")


def _grow(world, n):
    for i in range(n):
        enterprise = world.enterprise_a if i % 2 else world.enterprise_b
        case = make_case(
            world.platform,
            title=f"Mängd {i}",
            enterprise=enterprise,
            assignee=world.coopted if i % 3 else world.coordinator,
            confidential=not i % 4,
            status="open",
            due_on=None,
        )
        form = EntryForm({"kind": "call", "date": "2026-01-01", "minutes": "15", "text": "x"})
        assert form.is_valid(), form.errors
        add_entry(case, form, by=world.coordinator)


PAGES = [
    ("coordinator", "support-inbox", {}),
    ("coordinator", "support-inbox", {"status": "all", "sort": "priority", "q": "ärende"}),
    ("coordinator", "support-inbox", {"format": "csv"}),
    ("coordinator", "support-counts", {}),
    ("coordinator", "support-pipeline", {}),
    ("coordinator", "support-time", {}),
    ("coordinator", "portal-start", {}),
    ("coopted", "support-inbox", {}),
    ("coopted", "portal-start", {}),
    ("manager_a", "support-inbox", {}),
    ("manager_a", "portal-start", {}),
    ("steering", "support-inbox", {}),
    ("steering", "support-counts", {}),
    ("steering", "portal-start", {}),
    ("observer", "portal-start", {}),
]


@pytest.mark.parametrize(("persona", "name", "params"), PAGES, ids=[f"{p}-{n}-{len(q)}" for p, n, q in PAGES])
def test_pages_do_not_grow_with_cases(world, cases, persona, name, params):
    client = Client()
    client.force_login(getattr(world, persona))
    url = reverse(name)
    few = _count(client, url, data=params)
    _grow(world, 12)
    many = _count(client, url, data=params)
    _assert_same(few, many, f"{persona} {name} {params}")
    # The start page adds up every capability's panels (each app bounds its own).
    bound = 31 if name == "portal-start" else 15
    assert len(many) <= bound, [q["sql"] for q in many.captured_queries]


def test_case_page_does_not_grow_with_entries(world, cases):
    client = Client()
    client.force_login(world.coordinator)
    url = reverse("support-case", args=[cases.case_a.pk])
    few = _count(client, url)
    for i in range(10):
        form = EntryForm({"kind": "note", "date": "2026-01-01", "minutes": str(i), "text": "x"})
        assert form.is_valid()
        add_entry(cases.case_a, form, by=world.coopted if i % 2 else world.coordinator)
    many = _count(client, url)
    _assert_same(few, many, "case page")


@pytest.mark.parametrize("path", ["/api/v1/support/cases", "/api/v1/support/time"])
def test_api_lists_do_not_grow(world, cases, path):
    _, raw = ApiToken.issue(user=world.coordinator, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    client.get(path)  # the token's first use is recorded once
    few = _count(client, path)
    _grow(world, 12)
    many = _count(client, path)
    _assert_same(few, many, path)


def test_superusers_inbox_does_not_grow_with_enterprises(world, cases):
    """The filter asks for an enterprise by text: no list of every enterprise (5 000 options once)."""
    client = Client()
    client.force_login(world.superuser)
    url = reverse("support-inbox")
    few = _count(client, url)
    few_options = client.get(url).content.count(b"<option")
    for i in range(30):
        make_enterprise(world.other_platform if i % 2 else world.platform, f"Tillväxt {i}")
    many = _count(client, url)
    options = client.get(url).content.count(b"<option")
    _assert_same(few, many, "superuser's inbox")
    assert options == few_options
    assert "Tillväxt" not in client.get(url).content.decode()


def test_inbox_enterprise_filter_by_name_number_or_slug(world, cases):
    world.enterprise_b.org_number = "556677-8899"
    world.enterprise_b.save()
    client = Client()
    client.force_login(world.coordinator)
    url = reverse("support-inbox")
    page = client.get(url)
    assert b'<label class="form-label" for="id_enterprise">' in page.content
    for text in (world.enterprise_b.slug, "556677-8899", world.enterprise_b.name[3:].lower()):
        response = client.get(url, {"enterprise": text, "status": "all"})
        found = {c.pk for c in response.context["page"].object_list}
        assert found == {cases.conf_b.pk}, text
    # Another platform's enterprise finds nothing: the filter narrows the visible cases only.
    response = client.get(url, {"enterprise": world.other_enterprise.slug, "status": "all"})
    assert not response.context["page"].object_list
    # With a category and a status, in each person's scope (the filter is written differently for
    # PostgreSQL and SQLite, and this test runs on both).
    a = world.enterprise_a.slug
    for person, query, expected in [
        (world.coordinator, {"enterprise": a, "category": Category.HR, "status": "all"}, {cases.conf_a}),
        (world.coordinator, {"enterprise": a, "status": "all"}, {cases.case_a, cases.conf_a}),
        (world.coordinator, {"enterprise": a, "status": "open"}, {cases.conf_a}),
        (world.coordinator, {"enterprise": a, "category": Category.HR}, {cases.conf_a}),
        (world.coopted, {"enterprise": a, "status": "all"}, {cases.conf_a}),
        (world.manager_a, {"enterprise": "Återbruket", "status": "all"}, {cases.case_a, cases.conf_a}),
        (world.manager_b, {"enterprise": a, "status": "all"}, set()),
        (
            world.superuser,
            {"enterprise": "e", "category": Category.HR, "status": "all"},
            {cases.conf_a, cases.conf_b},
        ),
    ]:
        client.force_login(person)
        response = client.get(url, query)
        assert {c.pk for c in response.context["page"].object_list} == {c.pk for c in expected}, (
            person,
            query,
        )
        assert response.context["page"].paginator.count == len(expected)


def test_observers_panel_counts_each_status(rf, world, cases):
    """The steering member's and observer's panel counts each status apart (off the index on
    platform and status): the same figures as one count grouped by status."""
    from django.db.models import Count

    from stodplattform.support.models import CaseStatus, SupportCase
    from stodplattform.support.panels import support_cases

    _grow(world, 5)
    make_case(world.other_platform, title="Annan plattform", status="closed")
    request = rf.get("/")
    request.user = world.observer
    shown = dict(support_cases(request).context["counts"])
    grouped = dict(
        SupportCase.objects.filter(platform=world.platform)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    assert shown == {label: grouped.get(value, 0) for value, label in CaseStatus.choices}
    assert sum(shown.values()) == SupportCase.objects.filter(platform=world.platform).count()
