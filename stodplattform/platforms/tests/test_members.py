"""The members page: who holds which role, changing and ending roles, the history, the start page's panels."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises.testing import make_user
from stodplattform.platforms.models import Invitation, Membership, Platform, Role
from stodplattform.platforms.services import invite
from stodplattform.platforms.testing import make_member

TODAY = timezone.localdate


def _members(client, world, **params):
    return client.get(reverse("platforms-members", args=[world.platform.slug]), params)


def test_coordinator_sees_every_membership_with_actions(client, world):
    client.force_login(world.coordinator)
    response = _members(client, world)
    html = response.content.decode()
    assert response.context["manage"]
    # Coordinator, steering, co-opted, observer and the two managers.
    assert response.context["page"].paginator.count == 6
    assert world.steering.email in html
    assert "Bjud in en person" in html
    assert (
        reverse("platforms-membership-end", args=[world.platform.slug, world.steering.memberships.get().pk])
        in html
    )


@pytest.mark.parametrize("persona", ["steering", "coopted", "manager_a"])
def test_other_members_see_who_works_with_the_platform_without_actions(client, world, persona):
    client.force_login(getattr(world, persona))
    response = _members(client, world, status="ended", format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # no export for them
    assert not response.context["manage"]
    html = response.content.decode()
    assert "Bjud in" not in html and "/avsluta/" not in html
    # Current members only, whatever the filter asks.
    assert response.context["page"].paginator.count == 6


def test_filters_and_csv_export_give_exactly_what_is_shown(client, world):
    old = make_user("old.member")
    make_member(
        world.platform,
        old,
        Role.STEERING,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    client.force_login(world.coordinator)
    ended = _members(client, world, status="ended")
    assert [m.user for m in ended.context["page"].object_list] == [old]
    steering = _members(client, world, role=Role.STEERING, status="all")
    assert {m.user for m in steering.context["page"].object_list} == {world.steering, old}
    assert _members(client, world, q="Org steering").context["page"].paginator.count == 1
    export = _members(client, world, role=Role.STEERING, status="all", format="csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:3] == ["Namn", "E-post", "Roll"]
    assert sorted(r[1] for r in rows[1:]) == sorted([world.steering.email, old.email])
    workbook = _members(client, world, role=Role.STEERING, status="all", format="xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        [world.steering.email, old.email]
    )


def test_bad_filter_values_are_ignored_not_500(client, world):
    client.force_login(world.coordinator)
    response = _members(client, world, role="king", status="x" * 500, q="%' OR 1=1 --" * 20)
    assert response.status_code == 200


def test_members_page_queries_do_not_grow_with_members(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as few:
        _members(client, world)
    for i in range(30):
        member = make_user(f"extra{i}")
        make_member(
            world.platform,
            member,
            Role.STEERING if i % 2 else Role.COOPTED,
            ends_on=TODAY() + datetime.timedelta(days=90),
        )
        invite(
            platform=world.platform, email=f"invited{i}@example.org", role=Role.OBSERVER, by=world.coordinator
        )
    with CaptureQueriesContext(connection) as many:
        _members(client, world)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 10


def test_start_page_queries_do_not_grow(client, world):
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal-start"))
    for i in range(20):
        member = make_user(f"soon{i}")
        make_member(world.platform, member, Role.COOPTED, ends_on=TODAY() + datetime.timedelta(days=10))
        invite(
            platform=world.platform, email=f"pending{i}@example.org", role=Role.OBSERVER, by=world.coordinator
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal-start"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    # Every capability's panels together (each app bounds its own).
    assert len(few) <= 31


def test_coordinator_changes_a_role_and_it_is_in_the_history(client, world):
    membership = world.steering.memberships.get()
    client.force_login(world.coordinator)
    url = reverse("platforms-membership-edit", args=[world.platform.slug, membership.pk])
    response = client.post(
        url, {"role": Role.COOPTED, "organisation": "Ny org", "title": "", "ends_on": "2099-01-01"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == (Role.COOPTED, "Ny org")
    history = client.get(reverse("platforms-history", args=[world.platform.slug]))
    html = history.content.decode()
    assert "Ny org" in html and "Coordinator" in html


@pytest.mark.parametrize(
    ("persona", "status"), [("steering", 403), ("manager_a", 403), ("coopted", 403), ("outsider", 404)]
)
def test_only_the_coordinator_changes_or_ends_roles(client, world, persona, status):
    membership = world.steering.memberships.get()
    client.force_login(getattr(world, persona))
    edit = reverse("platforms-membership-edit", args=[world.platform.slug, membership.pk])
    end = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    assert client.post(edit, {"role": Role.COORDINATOR, "organisation": "Kupp"}).status_code == status
    assert client.post(end, {"ends_on": TODAY().isoformat()}).status_code == status
    membership.refresh_from_db()
    assert (membership.role, membership.organisation, membership.ends_on) == (
        Role.STEERING,
        "Org steering",
        None,
    )


def test_another_platforms_membership_answers_404_to_a_coordinator(client, world):
    theirs = world.outsider.memberships.get()
    client.force_login(world.coordinator)
    url = reverse("platforms-membership-end", args=[world.platform.slug, theirs.pk])
    assert client.post(url, {"ends_on": TODAY().isoformat()}).status_code == 404
    url = reverse("platforms-membership-end", args=[world.other_platform.slug, theirs.pk])
    assert client.post(url, {"ends_on": TODAY().isoformat()}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.ends_on is None


def test_ending_a_membership_today_takes_effect_at_once(client, world):
    membership = world.coopted.memberships.get()
    client.force_login(world.coordinator)
    url = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    assert client.post(url, {"ends_on": TODAY().isoformat()}).status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == TODAY()
    assert not membership.is_current()
    # Kept, and shown among the ended ones.
    ended = _members(client, world, status="ended").context["page"].object_list
    assert membership in ended
    client.force_login(world.coopted)
    assert _members(client, world).status_code == 404


def test_ending_in_the_past_is_refused(client, world):
    membership = world.coopted.memberships.get()
    client.force_login(world.coordinator)
    url = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    response = client.post(url, {"ends_on": "2001-01-01"})
    assert response.status_code == 200
    assert "2001-01-01" in response.content.decode()
    assert response.context["form"].errors["ends_on"]
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_the_last_coordinator_cannot_be_ended_or_changed(client, world):
    membership = world.coordinator.memberships.get()
    client.force_login(world.coordinator)
    end = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    response = client.post(end, {"ends_on": TODAY().isoformat()})
    assert response.status_code == 200
    assert "skulle stå utan samordnare" in response.content.decode()
    edit = reverse("platforms-membership-edit", args=[world.platform.slug, membership.pk])
    response = client.post(edit, {"role": Role.STEERING, "organisation": "x"})
    assert "skulle stå utan samordnare" in response.content.decode()
    membership.refresh_from_db()
    assert (membership.role, membership.ends_on) == (Role.COORDINATOR, None)
    # With a second coordinator it can.
    make_member(world.platform, make_user("second.coordinator"), Role.COORDINATOR)
    assert client.post(end, {"ends_on": TODAY().isoformat()}).status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == TODAY()


def test_a_manager_role_cannot_become_a_platform_role(client, world):
    membership = world.manager_a.memberships.get()
    client.force_login(world.coordinator)
    url = reverse("platforms-membership-edit", args=[world.platform.slug, membership.pk])
    response = client.post(url, {"role": Role.COORDINATOR, "organisation": ""})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_panels_show_what_needs_the_coordinator(client, world):
    make_member(
        world.platform, make_user("leaving"), Role.COOPTED, ends_on=TODAY() + datetime.timedelta(days=5)
    )
    make_member(
        world.platform, make_user("staying"), Role.COOPTED, ends_on=TODAY() + datetime.timedelta(days=60)
    )
    invite(platform=world.platform, email="waiting@example.org", role=Role.STEERING, by=world.coordinator)
    client.force_login(world.coordinator)
    html = client.get(reverse("portal-start")).content.decode()
    assert "Leaving" in html and "Staying" not in html
    assert "waiting@example.org" in html
    assert "Medlemmar och inbjudningar" in html
    # Not for the steering group.
    client.force_login(world.steering)
    html = client.get(reverse("portal-start")).content.decode()
    assert "Leaving" not in html and "waiting@example.org" not in html


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("coordinator", "Plattformens företag"),
        ("steering", "Företagen på din plattform"),
        ("manager_a", "Ditt företag"),
    ],
)
def test_start_page_headings_follow_the_role(client, world, persona, heading):
    client.force_login(getattr(world, persona))
    html = client.get(reverse("portal-start")).content.decode()
    assert heading in html
    assert "Dina roller" in html


def test_create_platform_command_invites_the_first_coordinator(db, mailoutbox, capsys):
    call_command(
        "create_platform",
        "Stödplattformen Mora",
        "--operator=Moraföretaget",
        "--contact-email=info@mora.example",
        "--municipality=2062",
        "--coordinator=Anna@Mora.example",
    )
    platform = Platform.objects.get(slug="stodplattformen-mora")
    assert [m.code for m in platform.municipalities.all()] == ["2062"]
    invitation = Invitation.objects.get(platform=platform)
    assert (invitation.email, invitation.role) == ("anna@mora.example", Role.COORDINATOR)
    assert mailoutbox[0].to == ["anna@mora.example"]
    assert "/inbjudan/" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_platform",
            "Stödplattformen Mora",
            "--operator=x",
            "--contact-email=a@b.se",
            "--municipality=2062",
            "--coordinator=b@b.se",
        )
    with pytest.raises(CommandError, match="9999"):
        call_command(
            "create_platform",
            "Ny",
            "--operator=x",
            "--contact-email=a@b.se",
            "--municipality=9999",
            "--coordinator=b@b.se",
        )
    with pytest.raises(CommandError, match="--coordinator"):
        call_command(
            "create_platform",
            "Ny",
            "--operator=x",
            "--contact-email=a@b.se",
            "--municipality=2062",
            "--coordinator=inte-en-adress",
        )
    assert Platform.objects.filter(name="Ny").count() == 0


def test_superuser_creates_a_platform_in_the_admin_with_its_first_coordinator(client, world, mailoutbox):
    client.force_login(world.superuser)
    from stodplattform.platforms.models import Municipality

    response = client.post(
        reverse("admin:platforms_platform_add"),
        {
            "name": "Adminplattformen",
            "slug": "adminplattformen",
            "municipalities": [Municipality.objects.get(code="2062").pk],
            "operator": "Op",
            "contact_email": "op@example.org",
            "is_public": "on",
            "first_coordinator": "first@example.org",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    invitation = Invitation.objects.get(platform__slug="adminplattformen")
    assert invitation.role == Role.COORDINATOR
    assert mailoutbox[0].to == ["first@example.org"]


def test_admin_invitation_goes_through_the_rules(client, world, mailoutbox):
    client.force_login(world.superuser)
    url = reverse("admin:platforms_invitation_add")
    data = {
        "platform": world.platform.pk,
        "email": world.steering.email,
        "role": Role.STEERING,
        "language": "sv",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    response = client.post(url, {**data, "email": "fresh@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "fresh@example.org"
    assert len(mailoutbox) == 1


def test_membership_model_refuses_a_manager_without_enterprise(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(platform=world.platform, user=world.steering, role=Role.MANAGER)


def test_every_swedish_municipality_is_there(db):
    from stodplattform.platforms.models import Municipality, Region

    assert Municipality.objects.count() == 290
    assert Region.objects.count() == 21
    assert Municipality.objects.get(code="2085").name == "Ludvika"
    assert Municipality.objects.get(code="0180").region.name == "Stockholms län"
    assert Municipality.objects.get(code="2580").name == "Luleå"


def test_the_history_shows_members_sign_ins_and_not_others(client, world):
    from stodplattform.accounts.models import AccountEvent

    AccountEvent.objects.create(user=world.steering, email=world.steering.email, kind=AccountEvent.Kind.LOGIN)
    AccountEvent.objects.create(
        user=world.steering, email=world.steering.email, kind=AccountEvent.Kind.MFA_ADDED, detail="TOTP"
    )
    AccountEvent.objects.create(
        user=world.outsider, email=world.outsider.email, kind=AccountEvent.Kind.LOGIN_FAILED
    )
    client.force_login(world.coordinator)
    response = client.get(reverse("platforms-history", args=[world.platform.slug]))
    events = response.context["events"]
    # The steering member's events and the coordinator's own sign-in; never another platform's people.
    assert {e.user for e in events} == {world.steering, world.coordinator}
    html = response.content.decode()
    assert "Steering" in html and "Outsider" not in html
