"""The permission matrix of meetings: (persona, page or endpoint) → status, over both platforms.

N is a network meeting and S a steering meeting of platform A (secretary: the
coordinator; checkers: manager A and the steering member); O is a network meeting
of platform B, the outsider's. 404 outside the persona's scope, 403 for a role too low.
"""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.meetings import services
from stodplattform.meetings.models import ActionItem, Decision, Meeting
from stodplattform.meetings.testing import make_meetings

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]

SEE_N = {
    "coordinator": 200,
    "manager_a": 200,
    "manager_b": 200,
    "superuser": 200,
    "anonymous": 302,
    "default": 404,
}
SEE_S = {"coordinator": 200, "steering": 200, "superuser": 200, "anonymous": 302, "default": 404}
SEE_O = {"outsider": 200, "superuser": 200, "anonymous": 302, "default": 404}
KEEP_N = {**SEE_N, "manager_a": 403, "manager_b": 403}
KEEP_S = {**SEE_S, "steering": 403}
SIGNED_IN = {"anonymous": 302, "default": 200}

# (target, {persona: status}) for GET.
PAGES = [
    ("list", SIGNED_IN),
    ("archive", SIGNED_IN),
    ("calendar", SIGNED_IN),
    (
        "series_create_a",
        {"coordinator": 200, "superuser": 200, "outsider": 404, "anonymous": 302, "default": 403},
    ),
    ("series_create_b", {"outsider": 200, "superuser": 200, "anonymous": 302, "default": 404}),
    ("detail_n", SEE_N),
    ("detail_s", SEE_S),
    ("detail_o", SEE_O),
    ("ics_n", SEE_N),
    ("ics_s", SEE_S),
    ("pdf_s", SEE_S),
    ("pdf_o", SEE_O),
    ("edit_n", KEEP_N),
    ("edit_s", KEEP_S),
    ("edit_o", {**SEE_O}),
    ("agenda_n", SEE_N),  # managers propose to network meetings
    ("agenda_s", SEE_S),  # the steering group to its own
    ("attendance_n", KEEP_N),
    ("attendance_s", KEEP_S),
    ("minutes_n", KEEP_N),
    ("minutes_s", KEEP_S),
    ("decision_n", KEEP_N),
    ("decision_s", KEEP_S),
    ("action_n", KEEP_N),
    ("action_s", KEEP_S),
    ("history_n", KEEP_N),
    ("history_s", KEEP_S),
    # Not locked yet: those who keep the minutes are sent to edit them directly.
    ("addition_n", {**KEEP_N, "coordinator": 302, "superuser": 302}),
    # The confirmation page: the named checker (the superuser passes the page, not the service).
    (
        "lock_n",
        {
            "anonymous": 302,
            "manager_a": 200,
            "superuser": 200,
            "coordinator": 403,
            "manager_b": 403,
            "default": 404,
        },
    ),
    ("feed_forged", {"default": 404}),
]


def _url(target, n, s, o, slug_a, slug_b):
    meeting = {"n": n, "s": s, "o": o}
    if target.startswith("series_create"):
        return reverse("meetings-series-create", args=[slug_a if target.endswith("_a") else slug_b])
    simple = {"list": "meetings-list", "archive": "meetings-archive", "calendar": "meetings-calendar"}
    if target in simple:
        return reverse(simple[target])
    if target == "feed_forged":
        return reverse("meetings-feed", args=["not-a-token"])
    name, which = target.rsplit("_", 1)
    names = {
        "detail": "meetings-detail",
        "ics": "meetings-ics",
        "pdf": "meetings-pdf",
        "edit": "meetings-edit",
        "agenda": "meetings-agenda-add",
        "attendance": "meetings-attendance",
        "minutes": "meetings-minutes",
        "decision": "meetings-decision-add",
        "action": "meetings-action-add",
        "addition": "meetings-addition",
        "lock": "meetings-lock",
        "history": "meetings-history",
    }
    return reverse(names[name], args=[meeting[which].pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("target", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, world, persona, target, expected):
    n, s, o = make_meetings(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(_url(target, n, s, o, world.platform.slug, world.other_platform.slug))
    status = expected.get(persona, expected["default"])
    assert response.status_code == status, f"{persona} on {target}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_checker_locks(client, world, persona):
    n, _s, _o = make_meetings(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.post(reverse("meetings-lock", args=[n.pk]), {"confirm": "on"})
    # The superuser passes the page's check, but the service still refuses anyone but the checker.
    expected = {"manager_a": 302, "anonymous": 302, "coordinator": 403, "manager_b": 403, "superuser": 302}
    assert response.status_code == expected.get(persona, 404)
    n.refresh_from_db()
    assert n.is_locked == (persona == "manager_a")


def test_a_guest_sees_the_steering_meeting(client, world):
    _n, s, _o = make_meetings(world)
    client.force_login(world.coopted)
    assert client.get(reverse("meetings-detail", args=[s.pk])).status_code == 404
    s.guests.create(user=world.coopted)
    assert client.get(reverse("meetings-detail", args=[s.pk])).status_code == 200
    assert client.get(reverse("meetings-minutes", args=[s.pk])).status_code == 403


def test_a_former_manager_no_longer_sees_network_meetings(client, world):
    from datetime import date

    n, _s, _o = make_meetings(world)
    world.manager_b.memberships.update(starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    client.force_login(world.manager_b)
    assert client.get(reverse("meetings-detail", args=[n.pk])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_agenda_attachment(client, world, persona):
    """An agenda item's file: for those who see the meeting."""
    n, _s, _o = make_meetings(world)
    item = services.add_agenda_item(
        n,
        by=world.coordinator,
        any_time=True,
        title="Budget",
        attachment=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n", "application/pdf"),
    )
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(reverse("meetings-agenda-attachment", args=[n.pk, item.pk]))
    assert response.status_code == SEE_N.get(persona, SEE_N["default"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_send_invitation(client, world, persona):
    """Sending the invitation is for those who keep the meeting; a 302 once signed in is sent."""
    n, _s, _o = make_meetings(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse("meetings-send-invitation", args=[n.pk])
    # GET: the confirmation page, which sends nothing.
    assert client.get(url).status_code == KEEP_N.get(persona, KEEP_N["default"])
    assert not mail.outbox
    response = client.post(url)
    expected = {**KEEP_N, "coordinator": 302, "superuser": 302}
    assert response.status_code == expected.get(persona, expected["default"])
    assert bool(mail.outbox) == (persona in {"coordinator", "superuser"})
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login")) == (persona == "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_action_item_status(client, world, persona):
    """The owner (here a co-opted member, who does not see the steering meeting) and those who
    keep the minutes mark an action item done; other members of the meeting may not (403)."""
    _n, s, _o = make_meetings(world)
    item = services.add_action_item(
        s, by=world.coordinator, title="Ring banken", owner=world.coopted, due_on=s.starts_at.date()
    )
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.post(reverse("meetings-action-status", args=[item.pk]), {"status": "done"})
    done = {"anonymous", "coordinator", "coopted", "superuser"}
    expected = 302 if persona in done else 403 if persona == "steering" else 404
    assert response.status_code == expected
    item.refresh_from_db()
    assert (item.status == ActionItem.Status.DONE) == (persona in done - {"anonymous"})


# -- The API ------------------------------------------------------------------

# Meetings are never public: an anonymous caller gets 401, as everywhere in the API but its public reads.
API_READ_N = {**SEE_N, "anonymous": 401}
API_READ_S = {**SEE_S, "anonymous": 401}
API_KEEP_N = {**KEEP_N, "anonymous": 401}
API_SIGNED_IN = {"anonymous": 401, "default": 200}


def _api_cases():
    ok201 = {"coordinator": 201, "superuser": 201}
    yield "GET", "/meetings", None, API_SIGNED_IN
    yield "GET", "/meetings/series", None, API_SIGNED_IN
    yield "GET", "/meetings/decisions", None, API_SIGNED_IN
    yield "GET", "/meetings/action-items", None, API_SIGNED_IN
    yield "GET", "/meetings/{n}", None, API_READ_N
    yield "GET", "/meetings/{s}", None, API_READ_S
    yield "GET", "/meetings/{o}", None, {**SEE_O, "anonymous": 401}
    yield "PATCH", "/meetings/{n}", {"place": "Nytt rum"}, API_KEEP_N
    yield "PATCH", "/meetings/{s}", {"place": "Nytt rum"}, {**KEEP_S, "anonymous": 401}
    yield (
        "POST",
        "/meetings/{n}/agenda",
        {"title": "Punkt"},
        {**SEE_N, "anonymous": 401, **ok201, "manager_a": 201, "manager_b": 201},
    )
    yield (
        "POST",
        "/meetings/{s}/agenda",
        {"title": "Punkt"},
        {**SEE_S, "anonymous": 401, **ok201, "steering": 201},
    )
    yield "PUT", "/meetings/{n}/attendance", {"attendance": []}, API_KEEP_N
    yield "POST", "/meetings/{n}/decisions", {"text": "Beslut"}, {**API_KEEP_N, **ok201}
    yield "POST", "/meetings/{s}/decisions", {"text": "Beslut"}, {**KEEP_S, "anonymous": 401, **ok201}
    yield (
        "POST",
        "/meetings/{n}/action-items",
        {"title": "Gör", "owner": "{manager_a}", "due_on": "2030-01-31"},
        {**API_KEEP_N, **ok201},
    )
    yield (
        "POST",
        "/meetings/series",
        {
            "platform": "plattform-a",
            "title": "Träff",
            "starts_on": "2030-01-01",
            "ends_on": "2030-06-30",
        },
        {"coordinator": 201, "superuser": 201, "outsider": 404, "anonymous": 401, "default": 403},
    )


API_CASES = list(_api_cases())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected"), API_CASES, ids=[f"{c[0]} {c[1]}" for c in API_CASES]
)
def test_api(client, world, persona, method, path, data, expected):
    n, s, o = make_meetings(world)
    path = "/api/v1" + path.format(n=n.pk, s=s.pk, o=o.pk)
    if data and data.get("owner") == "{manager_a}":
        data = {**data, "owner": world.manager_a.pk}
    headers = {}
    if persona != "anonymous":
        _token, raw = ApiToken.issue(user=getattr(world, persona), name="test")
        headers["Authorization"] = f"Bearer {raw}"
    before = (Meeting.objects.count(), Decision.objects.count())
    if method == "GET":
        response = client.get(path, headers=headers)
    else:
        import json

        response = client.generic(
            method, path, json.dumps(data), content_type="application/json", headers=headers
        )
    status = expected.get(persona, expected["default"])
    assert response.status_code == status, (persona, response.content)
    if status >= 400:
        body = response.json()
        assert set(body) == {"detail", "errors"}
        assert (Meeting.objects.count(), Decision.objects.count()) == before


def test_api_change_action_item(client, world):
    from stodplattform.meetings.services import add_action_item

    n, _s, _o = make_meetings(world)
    item = add_action_item(
        n, by=world.coordinator, title="Gör", owner=world.manager_a, due_on=n.starts_at.date()
    )
    for persona, expected in [("manager_b", 403), ("steering", 404), ("manager_a", 200), ("outsider", 404)]:
        _token, raw = ApiToken.issue(user=getattr(world, persona), name="t")
        response = client.patch(
            f"/api/v1/meetings/action-items/{item.pk}",
            '{"status": "done"}',
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code == expected, persona


# Replying on the meeting's page: those invited (the network meeting's managers and coordinators).
REPLY_N = {
    "anonymous": 302,
    "manager_a": 302,
    "manager_b": 302,
    "coordinator": 302,
    "superuser": 302,
    "default": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_reply_on_the_page(client, world, persona):
    from stodplattform.meetings.models import Reply

    n, _s, _o = make_meetings(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.post(reverse("meetings-reply", args=[n.pk]), {"answer": "coming"})
    assert response.status_code == REPLY_N.get(persona, REPLY_N["default"])
    # The superuser sees every meeting but is not invited: the service refuses.
    invited = persona in {"manager_a", "manager_b", "coordinator"}
    assert Reply.objects.filter(meeting=n).exists() == invited


@pytest.mark.parametrize("persona", PERSONAS)
def test_reply_link_needs_no_sign_in_and_is_personal(client, world, persona):
    """The e-mail's link answers for the person it was made for, whoever opens it; a changed one is 404."""
    from stodplattform.meetings.models import Reply

    n, _s, _o = make_meetings(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse("meetings-reply-link", args=[services.reply_token(n, world.manager_a)])
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "not_coming"}).status_code == 200
    assert Reply.objects.get(meeting=n).user == world.manager_a
    forged = reverse("meetings-reply-link", args=[services.reply_token(n, world.manager_a)[:-2] + "xx"])
    assert client.get(forged).status_code == 404
