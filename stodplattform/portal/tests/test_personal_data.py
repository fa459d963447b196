"""One person's data: the export finds every kind, the erasure leaves no trace but keeps the counts.

Greta has an account (a steering member of platform A) and is also in every other kind
of personal data; Erik is known only by e-mail (an event registrant who asked for support).
"""

import json

import pytest
from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.accounts.models import AccountEvent, User
from stodplattform.core.audit import acting_as
from stodplattform.core.privacy import ERASED, kinds, text_columns
from stodplattform.events.models import Registration
from stodplattform.events.testing import make_event, make_registration
from stodplattform.interventions.models import Intervention
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings.models import AgendaItem, Attendance
from stodplattform.meetings.testing import make_meeting
from stodplattform.platforms.models import Invitation, Membership, Role
from stodplattform.platforms.testing import PASSWORD, make_member
from stodplattform.support.models import CaseEntry, Category, Prospect, SupportCase
from stodplattform.support.testing import make_case

NAME, EMAIL = "Greta Gdprsson", "greta.gdpr@example.org"
OTHER_NAME, OTHER_EMAIL = "Erik Endastmejl", "erik.mejl@example.org"


def make_greta(world):
    """Greta in every kind of personal data, on platform A."""
    greta = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name=NAME, phone="070-1234567")
    make_member(world.platform, greta, Role.STEERING)
    AccountEvent.objects.create(user=greta, email=EMAIL, kind=AccountEvent.Kind.LOGIN)
    UserSession.objects.create(user=greta, ip="192.0.2.7", session_key="s" * 32, user_agent="Firefox")
    with acting_as(world.coordinator):
        Invitation.objects.create(
            platform=world.platform,
            email=EMAIL,
            role=Role.STEERING,
            key="k",
            accepted_by=greta,
            message="Hej Greta!",
        )
    case = make_case(
        world.platform,
        requester_name=NAME,
        requester_email=EMAIL,
        requester_phone="070-1234567",
        description=f"{NAME} ringde om lokaler.",
    )
    CaseEntry.objects.create(case=case, author=world.coordinator, text=f"Pratade med {NAME}, {EMAIL}.")
    make_case(
        world.platform,
        title="Personalärende",
        category=Category.HR,
        confidential=True,
        enterprise=world.enterprise_a,
        requester_name=NAME,
        requester_email=EMAIL,
    )
    Prospect.objects.create(
        platform=world.platform,
        name="Gretas kafé",
        contact_name=NAME,
        contact_email=EMAIL,
        notes=f"{NAME} vill starta ett kafé.",
        municipality=world.platform.municipalities.first(),
    )
    make_budget(world.platform)
    intervention = make_intervention(world)
    Intervention.objects.filter(pk=intervention.pk).update(applicant=greta, report_reminder_sent_to=EMAIL)
    meeting = make_meeting(world.platform, days=-3, secretary=world.coordinator, checker=world.steering)
    with acting_as(greta):
        AgendaItem.objects.create(
            meeting=meeting, title="Kaféet", presenter=NAME, proposed_by=greta, notes=f"{NAME} berättade."
        )
        Attendance.objects.create(meeting=meeting, user=greta, status=Attendance.Status.PRESENT)
    event = make_event(world.platform)
    make_registration(event, name=NAME, email=EMAIL, note="Vegetarisk", comment="Bra dag", rating=5)
    make_registration(event, name="Någon Annan", email="annan@example.org")
    return greta, event, meeting


def make_erik(world, event):
    make_registration(event, name=OTHER_NAME, email=OTHER_EMAIL, organisation="Eriks AB")
    make_case(world.platform, requester_name=OTHER_NAME, requester_email=OTHER_EMAIL, description="Hej")


def traces(*needles) -> list[str]:
    """Every row of every model with a needle in any text or JSON column, read in Python."""
    found = []
    needles = [n.lower() for n in needles]
    for model in apps.get_models():
        columns = text_columns(model)
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *[c.attname for c in columns]):
            for column, value in zip(columns, row[1:], strict=True):
                text = (
                    json.dumps(value, ensure_ascii=False) if isinstance(column, models.JSONField) else value
                )
                if text and any(n in str(text).lower() for n in needles):
                    found.append(f"{model._meta.label}.{column.name} #{row[0]}: {str(text)[:80]}")
    return found


@pytest.fixture
def greta(world):
    return make_greta(world)


# -- Permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "lookup", "found"),
    [
        ("anonymous", 302, 302),
        ("steering", 403, 403),
        ("manager_a", 403, 403),
        ("coopted", 403, 403),
        ("observer", 403, 403),
        ("outsider", 200, 404),
        ("coordinator", 200, 200),
        ("superuser", 200, 200),
    ],
)
def test_who_may_look_up_a_person(client, world, greta, persona, lookup, found):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse("portal-person-data")
    assert client.get(url).status_code == lookup
    assert client.post(url, {"email": EMAIL}).status_code == found
    export = client.post(reverse("portal-person-export"), {"email": EMAIL, "format": "json"})
    erase = client.post(reverse("portal-person-erase"), {"email": EMAIL, "step": "confirm", "confirm": "on"})
    expected = {"anonymous": 302, "coordinator": 302, "superuser": 302}.get(persona, found)
    assert export.status_code == (200 if found == 200 else found)
    assert erase.status_code == expected
    assert User.objects.filter(email=EMAIL).exists() == (persona not in ("coordinator", "superuser"))


def test_a_person_also_on_another_platform_is_for_a_superuser(client, world, greta):
    make_member(world.other_platform, greta[0], Role.STEERING)
    client.force_login(world.coordinator)
    assert client.post(reverse("portal-person-data"), {"email": EMAIL}).status_code == 404
    client.force_login(world.superuser)
    assert client.post(reverse("portal-person-data"), {"email": EMAIL}).status_code == 200


def test_a_superuser_is_for_a_superuser(client, world):
    make_member(world.platform, world.superuser, Role.STEERING)
    client.force_login(world.coordinator)
    assert client.post(reverse("portal-person-data"), {"email": world.superuser.email}).status_code == 404


def test_the_members_page_leads_coordinators_to_it(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("platforms-members", args=[world.platform.slug])).content.decode()
    assert reverse("portal-person-data") in html


def test_bad_address_is_answered_next_to_the_field(client, world):
    client.force_login(world.coordinator)
    for name in ("portal-person-data", "portal-person-export", "portal-person-erase"):
        response = client.post(reverse(name), {"email": "inte en adress", "step": "confirm", "confirm": "on"})
        assert response.status_code == 400, name
        assert "Skriv en hel e-postadress" in response.content.decode()
    assert client.post(reverse("portal-person-export"), {}).status_code == 400
    assert client.get(reverse("portal-person-export")).status_code == 405


# -- Export ------------------------------------------------------------------------


def test_export_holds_every_kind(client, world, greta):
    client.force_login(world.coordinator)
    response = client.post(reverse("portal-person-export"), {"email": EMAIL, "format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    by_kind = {kind["key"]: kind["records"] for kind in data["kinds"]}
    for key in [
        "accounts",
        "roles",
        "invitations",
        "sign_in",
        "support_requests",
        "confidential_cases",
        "prospects",
        "applicants",
        "meetings",
        "registrations",
        "history",
    ]:
        assert by_kind[key], key
    assert by_kind["accounts"][0]["phone"] == "070-1234567"
    assert by_kind["registrations"][0]["note"] == "Vegetarisk"
    assert by_kind["prospects"][0]["notes"] == f"{NAME} vill starta ett kafé."
    # The export is recorded in the platform's history, without the name.
    entry = LogEntry.objects.filter(additional_data__personal_data="export").get(
        object_pk=str(world.platform.pk)
    )
    assert entry.actor == world.coordinator
    history = client.get(reverse("platforms-history", args=[world.platform.slug])).content.decode()
    assert f"utlämnade av {world.coordinator.full_name}" in history


def test_export_as_pdf(client, world, greta):
    client.force_login(world.superuser)
    response = client.post(reverse("portal-person-export"), {"email": EMAIL, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_person_page_costs_a_bounded_number_of_queries(client, world, greta):
    client.force_login(world.coordinator)
    url = reverse("portal-person-data")
    client.post(url, {"email": EMAIL})
    with CaptureQueriesContext(connection) as one:
        assert client.post(url, {"email": EMAIL}).status_code == 200
    # More of everything: the count stays.
    for title in ("Mässan", "Frukostmötet"):
        make_registration(make_event(world.platform, title), name=NAME, email=EMAIL)
    make_case(world.platform, requester_name=NAME, requester_email=EMAIL)
    make_case(world.platform, requester_name=NAME, requester_email=EMAIL)
    meeting = make_meeting(world.platform, days=-10)
    Attendance.objects.create(meeting=meeting, user=greta[0], status=Attendance.Status.PRESENT)
    with CaptureQueriesContext(connection) as more:
        assert client.post(url, {"email": EMAIL}).status_code == 200
    assert len(more) == len(one), "\n".join(q["sql"] for q in more.captured_queries)
    # 36 today: the session and the person, then about two queries per kind of personal data
    # (accounts, roles and regional roles, invitations, sign-in, cases, prospects, interventions,
    # meetings, events, enterprises, follow-up, history), the platforms concerned and the refusals.
    assert len(one) <= 38


# -- Erasure -----------------------------------------------------------------------


def test_erasure_leaves_no_trace_and_keeps_the_counts(client, world, greta):
    user, event, meeting = greta
    # Greta's own address as the platform's contact: emptied, not given a name.
    type(world.platform).objects.filter(pk=world.platform.pk).update(contact_email=EMAIL)
    assert traces(NAME, EMAIL)  # the search finds them before
    counts = {
        "registrations": Registration.objects.filter(event=event).count(),
        "cases": SupportCase.objects.count(),
        "entries": CaseEntry.objects.count(),
        "attendance": Attendance.objects.filter(meeting=meeting).count(),
        "agenda": AgendaItem.objects.count(),
        "memberships": Membership.objects.count(),
        "interventions": Intervention.objects.count(),
    }
    client.force_login(world.coordinator)
    confirm = client.post(reverse("portal-person-erase"), {"email": EMAIL})
    assert confirm.status_code == 200
    assert User.objects.filter(email=EMAIL).exists()  # the first step only asks
    unticked = client.post(reverse("portal-person-erase"), {"email": EMAIL, "step": "confirm"})
    assert unticked.status_code == 400
    assert User.objects.filter(email=EMAIL).exists()
    response = client.post(
        reverse("portal-person-erase"), {"email": EMAIL, "step": "confirm", "confirm": "on"}
    )
    assert response.status_code == 302

    assert traces(NAME, EMAIL, "070-1234567") == []
    assert counts == {
        "registrations": Registration.objects.filter(event=event).count(),
        "cases": SupportCase.objects.count(),
        "entries": CaseEntry.objects.count(),
        "attendance": Attendance.objects.filter(meeting=meeting).count(),
        "agenda": AgendaItem.objects.count(),
        "memberships": Membership.objects.count(),
        "interventions": Intervention.objects.count(),
    }
    user.refresh_from_db()
    assert user.full_name == ERASED and not user.is_active and not user.has_usable_password()
    assert not Membership.objects.current().filter(user=user).exists()
    assert AgendaItem.objects.get(meeting=meeting).notes == f"{ERASED} berättade."
    assert Registration.objects.filter(event=event, name=ERASED).count() == 1
    world.platform.refresh_from_db()
    assert world.platform.contact_email == ""
    assert not client.login(email=EMAIL, password=PASSWORD)
    # Recorded, without the name; others' data untouched.
    entry = LogEntry.objects.get(additional_data__personal_data="erasure", object_pk=str(world.platform.pk))
    assert entry.actor == world.coordinator
    assert Registration.objects.filter(name="Någon Annan", email="annan@example.org").exists()


def test_erasure_of_a_person_known_only_by_email(client, world, greta):
    event = greta[1]
    make_erik(world, event)
    before = Registration.objects.filter(event=event).count()
    client.force_login(world.coordinator)
    data = client.post(reverse("portal-person-export"), {"email": OTHER_EMAIL, "format": "json"}).json()
    assert {k["key"] for k in data["kinds"] if k["records"]} >= {"registrations", "support_requests"}
    response = client.post(
        reverse("portal-person-erase"), {"email": OTHER_EMAIL, "step": "confirm", "confirm": "on"}
    )
    assert response.status_code == 302
    assert traces(OTHER_NAME, OTHER_EMAIL, "Eriks AB") == []
    assert Registration.objects.filter(event=event).count() == before
    assert traces(NAME, EMAIL)  # Greta is someone else


def test_the_last_coordinator_is_not_erased(client, world):
    client.force_login(world.superuser)
    email = world.coordinator.email
    response = client.post(
        reverse("portal-person-erase"), {"email": email, "step": "confirm", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "last coordinator" in response.content.decode() or "sista samordnare" in response.content.decode()
    world.coordinator.refresh_from_db()
    assert world.coordinator.email == email and world.coordinator.is_active


def test_the_checker_of_unlocked_minutes_is_not_erased(client, world, greta):
    meeting = greta[2]  # checked by the steering member, not yet locked
    client.force_login(world.coordinator)
    url = reverse("portal-person-erase")
    response = client.post(url, {"email": world.steering.email, "step": "confirm", "confirm": "on"})
    assert response.status_code == 400
    assert str(meeting) in response.content.decode()
    assert User.objects.get(pk=world.steering.pk).is_active
    meeting.locked_at = meeting.ends_at
    meeting.save()
    assert (
        client.post(url, {"email": world.steering.email, "step": "confirm", "confirm": "on"}).status_code
        == 302
    )


def test_nobody_erases_themselves_here(client, world):
    from stodplattform.platforms.testing import make_user

    second = make_user("second")
    make_member(world.platform, second, Role.COORDINATOR)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("portal-person-erase"), {"email": world.coordinator.email, "step": "confirm", "confirm": "on"}
    )
    assert response.status_code == 400
    assert User.objects.get(pk=world.coordinator.pk).is_active


# -- The register covers every model with a person in it ---------------------------

PERSONAL = {"full_name", "contact_name", "requester_name", "speaker", "presenter", "actor_email"}
# Models with such fields that are no person's data, and why.
NOT_PERSONAL = {
    "platforms.Platform": "its contact address is the platform's own, not a person's",
}


def _personal_fields(model) -> list[str]:
    user_model = apps.get_model("accounts.User")
    names = []
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.EmailField)
            or "email" in field.name
            or field.name in PERSONAL
            or (field.is_relation and field.related_model is user_model)
        ):
            names.append(field.name)
    return names


def test_every_model_with_a_person_in_it_is_in_the_register():
    covered = {label for kind in kinds() for label in kind.models}
    missing = [
        f"{model._meta.label} ({', '.join(_personal_fields(model))})"
        for model in apps.get_models()
        if _personal_fields(model)
        and model._meta.label not in covered
        and model._meta.label not in NOT_PERSONAL
        and model._meta.app_label not in {"sessions"}
    ]
    assert missing == [], "add these to a kind in the app's privacy.py (core/privacy.py explains)"


def test_every_kind_says_what_why_basis_who_and_how_long(client, db, settings):
    settings.SUPPORT_PROSPECT_RETENTION_MONTHS = 17
    page = client.get(reverse("portal-privacy")).content.decode()
    for kind in kinds():
        assert all([kind.title, kind.stored, kind.purpose, kind.legal_basis, kind.seen_by, kind.retention()])
        assert f'id="kind-{kind.key}"' in page
        assert kind.setting == "" or hasattr(settings, kind.setting)
    assert "inte har ändrats på 17 månader" in page
