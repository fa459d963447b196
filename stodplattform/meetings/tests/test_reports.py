"""The coordinators' attendance overview on the meeting list: a summary whose size does not grow
with the number of enterprises (one bar per enterprise made 167 bars on a large platform)."""

import base64

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.testing import make_enterprise
from stodplattform.meetings import reports, services
from stodplattform.meetings.testing import make_meeting
from stodplattform.platforms.models import Role
from stodplattform.platforms.testing import make_member, make_user


def _managers(world, n, start=0):
    for i in range(start, start + n):
        enterprise = make_enterprise(world.platform, f"Närvaroföretag {i:02d}")
        make_member(world.platform, make_user(f"narvaro{i}"), Role.MANAGER, enterprise=enterprise)


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings-list"))
    assert response.status_code == 200
    return response, len(queries)


def _bars(response) -> int:
    chart = response.context["attendance"][0]["chart"]
    svg = base64.b64decode(chart.removeprefix("data:image/svg+xml;base64,")).decode()
    return svg.count('class="rect reactive tooltip-trigger"')


def test_attendance_overview_does_not_grow_with_the_enterprises(client, world):
    # Held today at midnight: this year's, whatever the date the test runs.
    meeting = make_meeting(world.platform, days=0, hour=0, secretary=world.coordinator)
    services.record_attendance(
        meeting, by=world.coordinator, statuses={world.manager_a.pk: "present", world.manager_b.pk: "absent"}
    )
    client.force_login(world.coordinator)
    few, few_queries = _page(client)
    report = few.context["attendance"][0]
    assert report["held"] == 1
    _managers(world, reports.LEAST_SHOWN + 5)
    many, many_queries = _page(client)
    assert few_queries == many_queries
    report = many.context["attendance"][0]
    assert report["enterprises"] >= reports.LEAST_SHOWN + 5
    # Four bars in the figure and its table, the ten that came least by name, the others counted.
    assert _bars(few) == _bars(many) == 4
    assert len(report["groups"]) == 4
    assert sum(n for _label, n in report["groups"]) == report["enterprises"]
    assert len(report["least"]) == reports.LEAST_SHOWN
    assert all(n == 0 for _name, n in report["least"])
    assert report["others"] == report["enterprises"] - reports.LEAST_SHOWN
    html = many.content.decode()
    named = [name for name, _n in report["least"] if name.startswith("Närvaroföretag")]
    assert named and html.count("Närvaroföretag") == len(named) < reports.LEAST_SHOWN + 5
    assert f"Och {report['others']} företag till." in html
    # The one that came is in the group "every meeting".
    assert dict(report["groups"])["Varje träff"] == 1


def test_a_manager_sees_no_attendance_overview(client, world):
    make_meeting(world.platform, days=0, hour=0, secretary=world.coordinator)
    client.force_login(world.manager_a)
    response, _queries = _page(client)
    assert response.context["attendance"] == []
