"""One clear primary action per page, the others grouped under "More actions".

Each detail page draws its actions with includes/action_bar.html (core/actions.py): the one thing
this person does next as the page's only btn-primary, by the state of the thing and the person's
role, and every other action they may take exactly once in the menu.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stodplattform.events.testing import make_event
from stodplattform.interventions.models import Expense, ExpenseStatus
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings.services import reply_to_meeting
from stodplattform.meetings.testing import make_meeting
from stodplattform.support.models import CaseStatus, Outcome
from stodplattform.support.services import change_case_status
from stodplattform.support.testing import make_case

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _primary(html: str) -> list[str]:
    return re.findall(r'class="btn btn-primary[^"]*"[^>]*>([^<]+)<', _main(html))


def _menu(html: str) -> list[str]:
    """The labels under "Fler åtgärder", in order ([] without the menu)."""
    main = _main(html)
    if '<details class="more-actions">' not in main:
        return []
    menu = main[main.index('<details class="more-actions">') : main.index("</details>")]
    assert "Fler åtgärder" in menu
    return re.findall(r"<(?:a|button)\b[^>]*>([^<]+)</(?:a|button)>", menu.split("</summary>", 1)[1])


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _check(html, primary, more):
    found = _primary(html)
    if primary is None:
        assert found == [], found
    else:
        assert len(found) == 1 and primary in found[0], found
    # The rest are one click away, each once, and the primary is not among them.
    assert _menu(html) == more


# -- The meeting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "days", "primary"),
    [
        ("coordinator", 10, "Skicka kallelsen"),  # before: invite
        ("coordinator", -3, "Skriv protokollet"),  # after: the minutes
        ("manager_a", 10, "Lägg till i kalendern (.ics)"),  # a guest: the calendar
    ],
)
def test_the_meeting_page_has_one_primary_action(world, persona, days, primary):
    meeting = make_meeting(world.platform, days=days, secretary=world.coordinator, checker=world.steering)
    html = _page(getattr(world, persona), meeting.get_absolute_url())
    found = _primary(html)
    assert len(found) == 1 and primary in found[0], found
    # The rest are one click away, each once.
    assert _menu(html)
    for url in (f"/moten/{meeting.pk}/mote.ics", f"/moten/{meeting.pk}/protokoll.pdf"):
        assert html[: html.index("</details>")].count(f'href="{url}"') == 1


def test_the_checker_locks_from_the_notice_and_the_bar_has_no_second_primary(world):
    meeting = make_meeting(world.platform, days=-3, secretary=world.coordinator, checker=world.steering)
    html = _page(world.steering, meeting.get_absolute_url())
    assert _primary(html) == ["Justera och lås protokollet"]  # in the notice, not the bar
    assert "Protokoll (PDF)" in _menu(html)


# -- The support case ----------------------------------------------------------


def _case(world, state):
    if state == "new":  # a request from the public form: nobody has it yet
        return make_case(world.platform, title="Ny förfrågan", requester_name="Anna Idé")
    if state == "mine":
        return make_case(world.platform, assignee=world.coopted, status="open", enterprise=world.enterprise_a)
    case = make_case(world.platform, enterprise=world.enterprise_a, assignee=world.coopted, status="open")
    return change_case_status(case, status=CaseStatus.CLOSED, outcome=Outcome.RESOLVED, by=world.coordinator)


@pytest.mark.parametrize(
    ("persona", "state", "primary", "more"),
    [
        # A new request nobody has: the coordinator takes it; the rest waits in the menu.
        (
            "coordinator",
            "new",
            "Ta ärendet",
            ["Registrera arbete", "Redigera ärendet", "Lägg till bland nya företag på väg"],
        ),
        # The assignee's open case: log the work.
        ("coopted", "mine", "Registrera arbete", ["Redigera ärendet"]),
        ("coordinator", "mine", "Registrera arbete", ["Redigera ärendet"]),
        # A closed case: nothing is next; reopening is one of the others.
        ("coordinator", "closed", None, ["Redigera ärendet", "Öppna ärendet igen"]),
        # The enterprise's manager reads the case and does nothing on it here.
        ("manager_a", "mine", None, []),
    ],
)
def test_the_support_case_has_one_primary_action(world, persona, state, primary, more):
    case = _case(world, state)
    html = _page(getattr(world, persona), case.get_absolute_url())
    _check(html, primary, more)
    # The forms further down keep their own (outline) buttons; none is a second primary.
    assert ('class="btn btn-outline-primary" type="submit">Spara posten' in html) == (persona != "manager_a")


def test_taking_a_new_case_assigns_it_to_me_and_opens_it(world):
    case = make_case(world.platform, title="Ny förfrågan")
    client = Client()
    client.force_login(world.coordinator)
    html = client.get(case.get_absolute_url()).content.decode()
    take = html[html.index('<div class="action-bar') : html.index('id="take-case"')]
    assert f'action="{reverse("support-case-assign", args=[case.pk])}"' in take
    assert f'name="assignee" value="{world.coordinator.pk}"' in take
    response = client.post(reverse("support-case-assign", args=[case.pk]), {"assignee": world.coordinator.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == world.coordinator and case.status == CaseStatus.OPEN
    # Now the coordinator's own open case: log the work.
    assert _primary(client.get(case.get_absolute_url()).content.decode()) == ["Registrera arbete"]


def test_reopening_from_the_menu_is_a_post(world):
    case = _case(world, "closed")
    client = Client()
    client.force_login(world.coordinator)
    html = client.get(case.get_absolute_url()).content.decode()
    # The status form is not shown for a closed case: the menu reopens it.
    assert 'id="status-heading"' not in html
    assert 'name="status" value="open"' in html
    assert client.get(reverse("support-case-status", args=[case.pk])).status_code == 405
    response = client.post(reverse("support-case-status", args=[case.pk]), {"status": "open"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


# -- The targeted intervention -------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "state", "primary", "more"),
    [
        ("coordinator", "draft", "Skicka in ansökan", ["Redigera", "Avbryt insatsen"]),
        ("manager_a", "draft", "Skicka in ansökan", ["Redigera", "Avbryt insatsen"]),
        ("coordinator", "submitted", "Bered", ["Redigera", "Avbryt insatsen"]),
        ("manager_a", "submitted", None, ["Redigera", "Avbryt insatsen"]),  # the coordinator's turn
        ("steering", "prepared", "Registrera beslut", []),
        (
            "coordinator",
            "approved",
            "Registrera utgift",
            ["Nytt beslut", "Markera som påbörjad", "Återrapportera", "Avbryt insatsen"],
        ),
        ("manager_a", "approved", "Skicka in en utgift", ["Markera som påbörjad", "Återrapportera"]),
        ("manager_a", "in_progress", "Skicka in en utgift", ["Återrapportera"]),
        ("coordinator", "reported", "Avsluta", ["Registrera utgift"]),
        # Its planned period is over: the report is due and comes before more expenses.
        ("manager_a", "due", "Återrapportera", ["Skicka in en utgift"]),
        ("coordinator", "due", "Återrapportera", ["Nytt beslut", "Registrera utgift", "Avbryt insatsen"]),
        ("steering", "approved", None, ["Nytt beslut"]),
        ("coordinator", "closed", None, []),
    ],
)
def test_the_intervention_has_one_primary_action(world, persona, state, primary, more):
    make_budget(world.platform)
    if state == "due":  # started, and ended a month ago
        ended = timezone.localdate() - datetime.timedelta(days=30)
        intervention = make_intervention(
            world, state="in_progress", starts_on=ended - datetime.timedelta(days=60), ends_on=ended
        )
    else:  # running until next year
        intervention = make_intervention(
            world, state=state, ends_on=timezone.localdate() + datetime.timedelta(days=365)
        )
    html = _page(getattr(world, persona), intervention.get_absolute_url())
    _check(html, primary, more)
    if "Avbryt insatsen" in more:
        menu = _main(html)[_main(html).index('<details class="more-actions">') :]
        cancel = reverse("interventions-cancel", args=[intervention.pk])
        # Cancelling stays a POST form, drawn in the danger colour.
        assert re.search(
            rf'<form method="post" action="{cancel}"><input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
            r'<button type="submit" class="action-danger">Avbryt insatsen</button>',
            menu,
        )


def test_an_expense_to_review_is_an_outline_button_beside_the_primary(world):
    make_budget(world.platform)
    intervention = make_intervention(
        world, state="approved", ends_on=timezone.localdate() + datetime.timedelta(days=365)
    )
    expense = Expense.objects.create(
        intervention=intervention,
        date=intervention.starts_on,
        amount=Decimal("100.00"),
        supplier="Leverantör AB",
        status=ExpenseStatus.SUBMITTED,
    )
    html = _page(world.coordinator, intervention.get_absolute_url())
    assert _primary(html) == ["Registrera utgift"]
    review = reverse("interventions-expense-review", args=[expense.pk])
    assert f'<a class="btn btn-sm btn-outline-primary ms-1" href="{review}">Granska' in html


# -- The event, for its organiser ----------------------------------------------

ORGANISER_PAGES = ["Redigera", "Deltagare", "Incheckning", "Namnskyltar"]


def test_the_organiser_finds_the_event_pages_under_more_actions_before_the_day(world):
    event = make_event(world.platform, days=20)
    html = _page(world.coordinator, event.get_absolute_url())
    # Registration is open: registering is the page's primary action, for anyone.
    assert _primary(html) == ["Anmäl dig"]
    assert _menu(html) == ORGANISER_PAGES
    # A visitor sees no bar at all.
    public = Client().get(event.get_absolute_url()).content.decode()
    assert _menu(public) == [] and _primary(public) == ["Anmäl dig"]


def test_on_the_day_checking_in_is_the_organisers_primary_action(world):
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=1)
    event = make_event(world.platform, days=0, starts_at=soon, ends_at=soon + datetime.timedelta(hours=3))
    html = _page(world.coordinator, event.get_absolute_url())
    _check(html, "Incheckning", ["Redigera", "Deltagare", "Namnskyltar"])
    # The registration form, still open for a few minutes, steps back to an outline button.
    assert 'class="btn btn-outline-primary">Anmäl dig' in html


def test_a_guests_reply_is_a_pressed_button_not_a_second_primary(world):
    meeting = make_meeting(world.platform, days=10, secretary=world.coordinator, checker=world.steering)
    reply_to_meeting(meeting, user=world.manager_a, answer="coming")
    html = _page(world.manager_a, meeting.get_absolute_url())
    _check(html, "Lägg till i kalendern (.ics)", ["Protokoll (PDF)"])
    assert re.search(
        r'class="btn btn-sm btn-outline-primary active"[^>]*value="coming" aria-pressed="true"', html
    )
