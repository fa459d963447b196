"""A platform page lists its enterprises a page at a time, with a query count that does not grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.models import Industry
from stodplattform.enterprises.testing import make_enterprise


def _grow(world, n):
    industry = Industry.objects.get(code="81.300")
    start = world.platform.enterprises.count()
    for i in range(start, start + n):
        make_enterprise(world.platform, f"Extra {i:03d}").industries.set([industry])


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_platform_page_lists_its_enterprises_a_page_at_a_time(client, world, settings):
    from stodplattform.portal import views as portal_views

    url = reverse("platforms-detail", args=[world.platform.slug])
    _grow(world, 3)
    few = _count(client, url)
    _grow(world, portal_views.PLATFORM_PAGE_SIZE + 5)
    assert _count(client, url) == few
    first = client.get(url)
    listed = first.context["page"]
    assert len(listed.object_list) == portal_views.PLATFORM_PAGE_SIZE
    assert listed.paginator.count == world.platform.enterprises.public().count()
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == listed.paginator.count - portal_views.PLATFORM_PAGE_SIZE
    assert 'page=2"' in first.content.decode()
