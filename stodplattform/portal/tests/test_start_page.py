"""Each person's start page ("Min sida") and the top menu: what needs action today comes first,
each thing is listed once, and the work sections are in the menu for those who use them."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stodplattform.support.testing import make_case

pytestmark = pytest.mark.django_db

MENU = {"cases": "/arenden/", "meetings": "/moten/", "interventions": "/insatser/"}
EXPECTED = {
    "coordinator": {"cases", "meetings", "interventions"},
    "steering": {"meetings", "interventions"},
    "coopted": {"cases", "meetings"},
    "manager_a": {"cases", "meetings", "interventions"},
    "observer": set(),
    "superuser": {"cases", "meetings", "interventions"},
}


def _menu(html: str) -> set[str]:
    nav = html[html.index('id="main-nav"') : html.index("</nav>")]
    return {name for name, url in MENU.items() if f'class="nav-link" href="{url}"' in nav}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_top_menu_has_the_work_sections_of_each_role(world, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    html = client.get(reverse("portal-start")).content.decode()
    assert _menu(html) == EXPECTED[persona]
    # Every link of the menu answers (no 403 behind a menu entry).
    for name in EXPECTED[persona]:
        assert client.get(MENU[name]).status_code == 200, name


def test_visitors_have_no_work_sections(world):
    html = Client().get(reverse("enterprises-directory")).content.decode()
    assert _menu(html) == set()


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("manager_a", ["A, sent", "A, senare"]),
        ("superuser", ["Annan plattform", "B", "A, sent", "A, senare"]),
    ],
)
def test_the_overdue_panel_lists_the_persons_own_soonest_due_first(world, persona, shown):
    today = timezone.localdate()

    def late(title, days, **fields):
        fields.setdefault("status", "open")
        return make_case(
            fields.pop("platform", world.platform),
            title=title,
            due_on=today - datetime.timedelta(days=days),
            **fields,
        )

    late("A, senare", 2, enterprise=world.enterprise_a)
    late("A, sent", 5, enterprise=world.enterprise_a)
    late("B", 7, enterprise=world.enterprise_b)
    late("Annan plattform", 9, platform=world.other_platform, enterprise=world.other_enterprise)
    late("A, avslutat", 9, enterprise=world.enterprise_a, status="closed")
    make_case(world.platform, title="A, i tid", status="open", enterprise=world.enterprise_a, due_on=today)
    client = Client()
    client.force_login(getattr(world, persona))
    html = client.get(reverse("portal-start")).content.decode()
    panel = html[html.index('id="overdue-cases"') :]
    panel = panel[: panel.index("</section>")]
    titles = re.findall(r"<span>(A, senare|A, sent|B|Annan plattform|A, avslutat|A, i tid)</span>", panel)
    assert titles == shown


def test_the_coordinators_start_page_puts_action_first_and_lists_each_case_once(world):
    today = timezone.localdate()
    new = make_case(world.platform, title="Ny förfrågan om kafé")
    late = make_case(
        world.platform,
        title="Försenat ärende",
        status="open",
        assignee=world.coordinator,
        due_on=today - datetime.timedelta(days=3),
    )
    mine = make_case(world.platform, title="Mitt öppna ärende", status="open", assignee=world.coordinator)
    client = Client()
    client.force_login(world.coordinator)
    html = client.get(reverse("portal-start")).content.decode()
    ids = re.findall(r'<section class="[^"]*start-panel[^"]*" aria-labelledby="[^"]*" id="([^"]+)"', html)
    assert ids.index("new-requests") < ids.index("overdue-cases") < ids.index("to-prepare")
    assert ids.index("to-prepare") < ids.index("support-cases") < ids.index("enterprises")
    # Each case once: the overdue one is not repeated among the coordinator's open cases.
    assert html.count(late.reference) == 1
    assert html.count(new.reference) == 1
    assert html.count(mine.reference) == 1
    # Counts and the way to all of them.
    assert 'href="/arenden/?status=new"' in html
    assert 'href="/arenden/?overdue=on&amp;sort=due"' in html
    # The long table of enterprises is one click away, not the length of the page.
    assert '<details class="long-table" id="enterprise-table">' in html
