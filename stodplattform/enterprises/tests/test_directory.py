"""The public directory, showcase pages, open data, and their query counts."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.models import Industry, Status
from stodplattform.enterprises.testing import make_enterprise


def names(response):
    return [e.name for e in response.context["page"].object_list]


def test_directory_lists_public_enterprises_of_all_platforms(client, world):
    response = client.get(reverse("enterprises-directory"))
    assert names(response) == ["Hundcentret B", "Kaféet D", "Återbruket A"]


def test_ideas_and_hidden_are_not_listed(client, world):
    make_enterprise(world.platform, "Bara en idé", status=Status.IDEA)
    assert "Bara en idé" not in names(client.get(reverse("enterprises-directory")))
    assert "Dolda C" not in names(client.get(reverse("enterprises-directory")))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "möbler"}, ["Återbruket A"]),
        ({"q": "återbruket"}, ["Återbruket A"]),  # case folded beyond ASCII, SQLite too
        ({"q": "MÖBLER"}, ["Återbruket A"]),
        ({"q": "100%"}, []),
        ({"q": "hunddagis"}, ["Hundcentret B"]),
        ({"q": "smedjebacken"}, ["Hundcentret B"]),
        ({"q": "begagnade"}, ["Återbruket A"]),  # the SNI industry name
        ({"q": "ingenting-sådant"}, []),
        ({"municipality": "2061"}, ["Hundcentret B"]),
        ({"platform": "plattform-b"}, ["Kaféet D"]),
        ({"industry": "47.792"}, ["Återbruket A"]),
        ({"what": "goods"}, ["Återbruket A"]),
        ({"what": "services"}, ["Hundcentret B", "Kaféet D"]),
        ({"buyer": "public"}, ["Hundcentret B"]),
        # The filter of earlier versions is gone: it narrows nothing.
        ({"offer": "public"}, ["Hundcentret B", "Kaféet D", "Återbruket A"]),
        ({"q": "hund", "municipality": "2085"}, []),
    ],
)
def test_search_and_filters(client, world, params, expected):
    assert names(client.get(reverse("enterprises-directory"), params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": "9999"},
        {"platform": "finns-inte"},
        {"industry": "x"},
        {"what": "allt"},
        {"q": "x" * 500},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "\x00"},
    ],
)
def test_bad_filters_never_break_the_page(client, world, params):
    response = client.get(reverse("enterprises-directory"), params)
    assert response.status_code == 200


def test_unknown_filter_is_explained(client, world):
    response = client.get(reverse("enterprises-directory"), {"municipality": "9999"})
    assert "municipality" in response.context["form"].errors
    assert "alert-warning" in response.content.decode()


def test_htmx_request_gets_only_the_results(client, world):
    response = client.get(reverse("enterprises-directory"), {"q": "hund"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert "<mark>Hundcentret</mark> B" in html  # the matched word is marked


def _grow(world, n):
    industry = Industry.objects.get(code="81.300")
    start = world.platform.enterprises.count()
    for i in range(start, start + n):
        enterprise = make_enterprise(world.platform, f"Extra {i:03d}", offers_goods="Saker")
        enterprise.industries.set([industry])


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("enterprises-directory", {}),
        ("enterprises-directory", {"q": "saker", "what": "goods", "municipality": "2085"}),
        ("enterprises-export-csv", {}),
        ("enterprises-export-json", {}),
        ("enterprises-export-xlsx", {}),
        ("home", {}),
        ("platforms-list", {}),
    ],
)
def test_query_count_does_not_grow_with_enterprises(client, world, url_name, params):
    url = reverse(url_name)
    _grow(world, 1)  # so that the filtered list is not empty to begin with
    before = _count(client, url, params)
    _grow(world, 20)
    after = _count(client, url, params)
    assert after == before, f"{url}: {before} queries with 4 enterprises, {after} with 24"
    # The searched list: the synonyms, the typo vocabulary and the showcase parts add a few.
    assert before <= 13


def test_platform_page_and_dashboard_query_counts(client, world):
    platform_url = reverse("platforms-detail", args=[world.platform.slug])
    client.force_login(world.coordinator)
    dashboard = _count(client, reverse("portal-start"))
    platform = _count(client, platform_url)
    _grow(world, 20)
    assert _count(client, reverse("portal-start")) == dashboard
    assert _count(client, platform_url) == platform
    # The start page adds up every capability's panels, each with its own few queries.
    assert dashboard <= 31


def test_showcase_query_count_is_bounded(client, world):
    url = world.enterprise_a.get_absolute_url()
    before = _count(client, url)
    world.enterprise_a.industries.set(Industry.objects.all()[:10])
    assert _count(client, url) == before


def test_showcase_page_shows_offer_and_contact(client, world):
    world.enterprise_a.email = "info@aterbruket.example"
    world.enterprise_a.save()
    html = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    assert "Begagnade möbler" in html
    assert "mailto:info@aterbruket.example" in html
    assert world.enterprise_a.org_number in html


def test_csv_export_follows_the_filters_and_opens(client, world):
    response = client.get(reverse("enterprises-export-csv"), {"municipality": "2085"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2  # header + Återbruket A
    assert rows[1][0] == "Återbruket A"
    assert "Dolda C" not in text and "Kaféet D" not in text


def test_json_export_has_public_fields_only(client, world):
    data = json.loads(client.get(reverse("enterprises-export-json")).getvalue())
    assert data["count"] == 3
    first = data["results"][0]
    assert first["municipality_code"] in {"2085", "2061", "2080"}
    assert "is_public" not in first and "created_at" not in first
