"""Public statistics: anyone may read a public platform's figures and a region's, always
protected (no count of people below the threshold in the page, the CSV or the JSON), with the
open-data licence, cached for anonymous visitors, in a number of queries that does not grow
with the data."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.reporting.figures import SENSITIVE
from stodplattform.reporting.testing import YEAR, make_activity

THRESHOLD = 5


def _platform_url(world, fmt=""):
    url = reverse("reporting-public-platform", args=[world.platform.slug]) + f"?year={YEAR}"
    return url + (f"&format={fmt}" if fmt else "")


def _region_url(fmt=""):
    return (
        reverse("reporting-public-region", args=["20"]) + f"?year={YEAR}" + (f"&format={fmt}" if fmt else "")
    )


def _small_text(text: str) -> bool:
    return bool(re.fullmatch(r"[1-4]", text.strip()))


def _protected_columns(board):
    """{table key: (title, indices of the columns that count people)} of the sensitive tables."""
    return {
        t.key: (
            str(t.title),
            [i for i, (key, _l) in enumerate(t.columns) if key not in t.table.plain_columns],
        )
        for t in board.tables
        if t.unit in SENSITIVE
    }


@pytest.mark.parametrize("where", ["platform", "region"])
def test_no_small_count_in_page_csv_or_json(world, where):
    make_activity(world)
    client = Client()
    url = (lambda fmt="": _platform_url(world, fmt)) if where == "platform" else _region_url
    page = client.get(url())
    assert page.status_code == 200
    board = page.context["board"]
    protected = _protected_columns(board)
    assert protected
    # The data has small counts (a coordinator sees them); here they are hidden.
    html = page.content.decode()
    assert "&lt; 5" in html
    assert "CC BY 4.0" in html
    checked = 0
    for key, (_title, columns) in protected.items():
        table = re.search(rf'id="table-{key}".*?</table>', html, re.S).group(0)
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for i in columns + ([len(cells) - 1] if len(cells) > len(columns) else []):
                if i < len(cells):
                    assert not _small_text(cells[i]), (key, cells)
                    checked += 1
    assert checked > 20

    response = client.get(url("csv"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "CC BY 4.0" in body
    titles = dict(protected.values())
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    current = None
    for row in rows:
        if not row:
            current = "title"
            continue
        if current == "title":
            current = titles.get(row[0], False)
            header = True
            continue
        if current and not header:
            for i in current:
                assert not _small_text(row[i + 1]), row
            assert not _small_text(row[-1]), row
        header = False
    assert "< 5" in body

    data = json.loads(client.get(url("json")).content)
    assert data["licence"] == "CC BY 4.0" and data["suppressed_below"] == THRESHOLD
    hidden = 0
    for table in data["tables"]:
        if table["key"] not in protected:
            continue
        columns = protected[table["key"]][1]
        for row in table["rows"]:
            for i in columns:
                value = row["cells"][i]["value"]
                assert not (isinstance(value, int) and 0 < value < THRESHOLD), (table["key"], row)
                hidden += row["cells"][i]["hidden"]
            if row["total"]:
                assert not (isinstance(row["total"]["value"], int) and 0 < row["total"]["value"] < THRESHOLD)
    assert hidden


def test_region_page_names_and_links_its_public_platforms(world):
    world.other_platform.is_public = False
    world.other_platform.save()
    response = Client().get(_region_url())
    assert response.status_code == 200
    assert [p.pk for p in response.context["platforms"]] == [world.platform.pk]
    assert reverse("reporting-public-platform", args=[world.platform.slug]) in response.content.decode()
    assert world.other_platform.name not in response.content.decode()


def test_platform_page_links_to_its_statistics(world):
    html = Client().get(reverse("platforms-detail", args=[world.platform.slug])).content.decode()
    assert reverse("reporting-public-platform", args=[world.platform.slug]) in html
    assert reverse("reporting-public-region", args=["20"]) in html


def test_bad_year_is_refused_with_a_message(world):
    response = Client().get(reverse("reporting-public-region", args=["20"]) + "?year=1800")
    assert response.status_code == 400
    assert "2000" in response.content.decode()


def _queries(url) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The same number of queries with six times the data (no activity at all: a few fewer).
# The dashboard's figures (financing, meetings and events: one each) plus the page's own reads; the
# same at 1× and 6× the data. The people reached are two of them (planned, through interventions;
# the events' participants are the events table's).
QUERIES = {"platform": 17, "region": 18}


@pytest.mark.parametrize("scale", [1, 6])
@pytest.mark.parametrize("fmt", ["", "csv", "json"])
def test_queries_do_not_grow_with_the_data(world, fmt, scale):
    make_activity(world, scale=scale)
    assert _queries(_platform_url(world, fmt)) == QUERIES["platform"]
    assert _queries(_region_url(fmt)) == QUERIES["region"]


def test_second_anonymous_visitor_is_served_from_the_cache(world, settings):
    from stodplattform.core.testing import turn_on_cache

    turn_on_cache(settings, "pages")
    make_activity(world)
    for url in (_platform_url(world), _region_url(), _region_url("json")):
        first = Client().get(url)
        with CaptureQueriesContext(connection) as queries:
            second = Client().get(url)
        assert second.get("X-Cache") == "hit", url
        assert len(queries) == 1 and second.content == first.content
        assert b"csrfmiddlewaretoken" not in first.content
