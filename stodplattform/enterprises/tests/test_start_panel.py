"""The start page's registry panel shows a page of the enterprises at a time, with a pager to the rest.

A national coordinator or a superuser has thousands: the panel once rendered up to 200 rows and hid
the rest without saying so.
"""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise
from stodplattform.enterprises.panels import PAGE_SIZE
from stodplattform.enterprises.testing import make_enterprise

START = reverse("portal-start")


def _grow(world, n):
    for i in range(n):
        make_enterprise(world.platform, f"Extra {i:03d}")


def _names(html):
    """The enterprises in the panel's table, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_long_list_shows_one_page_the_count_and_a_link_to_the_rest(client, world):
    _grow(world, PAGE_SIZE + 2)  # with the world's three: 25 on the platform
    total = Enterprise.objects.filter(platform=world.platform).count()
    client.force_login(world.coordinator)

    first, queries_first = _get(client, START)
    assert len(_names(first)) == PAGE_SIZE
    assert f"Företag 1–{PAGE_SIZE} av {total}" in first
    assert "Sida 1 av 2" in first
    assert 'href="?page=2#enterprises"' in first
    # The badges count all of them, not only the page shown.
    assert f"Aktivt: {total}" in first

    second, queries_second = _get(client, START + "?page=2")
    assert len(_names(second)) == total - PAGE_SIZE
    assert f"Företag {PAGE_SIZE + 1}–{total} av {total}" in second
    assert 'href="?page=1#enterprises"' in second
    # Together the pages list every enterprise once; the second page costs no more queries.
    assert sorted(_names(first) + _names(second)) == sorted(
        Enterprise.objects.filter(platform=world.platform).values_list("name", flat=True)
    )
    assert queries_second == queries_first
    # A page past the end shows the last one, a page that is no number the first.
    assert _names(client.get(START + "?page=99").content.decode()) == _names(second)
    assert _names(client.get(START + "?page=x").content.decode()) == _names(first)


def test_a_short_list_has_no_pager(client, world):
    client.force_login(world.coordinator)
    html, _ = _get(client, START)
    assert len(_names(html)) == 3
    assert "?page=2" not in html
    assert "Företag 1–" not in html


def test_profiles_to_confirm_come_first_and_are_all_counted(client, world):
    _grow(world, PAGE_SIZE + 2)
    year_ago = timezone.now() - datetime.timedelta(days=400)
    # The last two by name: without the order they would be on the second page.
    last = list(Enterprise.objects.filter(platform=world.platform).order_by("-name")[:2])
    Enterprise.objects.filter(pk__in=[e.pk for e in last]).update(reviewed_at=year_ago)
    client.force_login(world.coordinator)
    html, _ = _get(client, START)
    assert _names(html)[:2] == sorted(e.name for e in last)
    assert "2 offentliga profiler har inte bekräftats" in html
    assert "De visas först i listan." in html
    assert html.count("Profilen stämmer") == 2

    # In English too.
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    html = client.get(START).content.decode()
    assert f"Enterprises 1–{PAGE_SIZE} of {PAGE_SIZE + 5}" in html
    assert "They are listed first." in html
