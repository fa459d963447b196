"""Invitations: sending, the link's life (expired, forged, reused, replaced, withdrawn), accepting."""

import datetime
import re
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from stodplattform.accounts.models import User
from stodplattform.platforms.models import Invitation, Membership, Role
from stodplattform.platforms.services import LINK_SALT, invitation_link, invite

LINK = re.compile(r"http://[^\s\"<]+/inbjudan/[^\s\"<]+/")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _invite_page(client, world, **data):
    client.force_login(world.coordinator)
    payload = {"role": Role.COOPTED, "language": "sv", "ends_on": "2099-12-31", **data}
    return client.post(reverse("platforms-invite", args=[world.platform.slug]), payload)


def test_coordinator_invites_and_the_invitee_accepts(client, world, mailoutbox):
    response = _invite_page(
        client, world, email="Ny.Person@Example.se", organisation="Region", title="Expert"
    )
    assert response.status_code == 302, response.context["form"].errors
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.person@example.se"
    assert invitation.invited_by == world.coordinator
    # One e-mail, in Swedish, with the link in both the text and the HTML part.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ny.person@example.se"]
    assert "Inbjudan" in mail.subject
    assert "adjungerad stödperson" in mail.body
    link = LINK.search(mail.body).group(0)
    assert link in mail.alternatives[0][0]
    assert mail.reply_to == [world.platform.contact_email]

    client.logout()
    page = client.get(_path(link))
    assert page.status_code == 200
    assert "ny.person@example.se" in page.content.decode()
    response = client.post(
        _path(link),
        {"full_name": "Ny Person", "password1": "ett-langt-losen-42", "password2": "ett-langt-losen-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal-start")
    person = User.objects.get(email="ny.person@example.se")
    membership = Membership.objects.get(user=person)
    assert (membership.platform, membership.role, membership.organisation) == (
        world.platform,
        Role.COOPTED,
        "Region",
    )
    assert membership.ends_on == datetime.date(2099, 12, 31)
    assert membership.is_current()
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    # Signed in now, and both the invitation and the membership are in the history.
    assert client.get(reverse("portal-start")).status_code == 200
    # Created, sent, accepted.
    entries = list(LogEntry.objects.get_for_object(invitation).order_by("pk"))
    assert [e.action for e in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
    ]
    assert set(entries[1].changes_dict) >= {"sent_at", "times_sent"}
    assert set(entries[2].changes_dict) == {"accepted_at", "accepted_by"}
    assert "key" not in str([e.changes for e in entries])
    assert LogEntry.objects.get_for_object(membership).get().actor == person
    # The link works once.
    client.logout()
    again = client.get(_path(link))
    assert again.status_code == 400
    assert "redan använts" in again.content.decode()


def test_the_email_is_in_the_chosen_language(world, mailoutbox):
    with translation.override("sv"):
        invite(
            platform=world.platform,
            email="en@example.org",
            role=Role.STEERING,
            by=world.coordinator,
            language="en",
        )
    mail = mailoutbox[0]
    assert mail.subject.startswith("Invitation to Plattform A")
    assert "steering group member" in mail.body
    assert '<html lang="en">' in mail.alternatives[0][0]


def test_an_invalid_password_keeps_the_name_and_saves_nothing(client, world):
    invitation = invite(
        platform=world.platform, email="x@example.org", role=Role.STEERING, by=world.coordinator
    )
    path = _path(invitation_link(invitation))
    response = client.post(path, {"full_name": "Xena", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Xena"' in html
    assert "aria-invalid" in html
    assert response.context["form"].errors["password1"]
    mismatch = client.post(
        path, {"full_name": "Xena", "password1": "ett-langt-losen-42", "password2": "annat"}
    )
    assert "olika" in mismatch.context["form"].errors["password2"][0]
    assert not User.objects.filter(email="x@example.org").exists()
    assert not Membership.objects.filter(user__email="x@example.org").exists()


@pytest.mark.parametrize("how", ["expired", "forged", "withdrawn", "replaced", "garbage"])
def test_a_link_that_cannot_be_used_says_why_and_changes_nothing(client, world, how):
    invitation = invite(
        platform=world.platform, email="y@example.org", role=Role.STEERING, by=world.coordinator
    )
    path = _path(invitation_link(invitation))
    expected = {
        "expired": "gått ut",
        "forged": "inte giltig",
        "withdrawn": "dragits tillbaka",
        "replaced": "nyare inbjudan",
        "garbage": "inte giltig",
    }[how]
    if how == "expired":
        old = timezone.now() - datetime.timedelta(days=15)
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=old)
        # A signature made 15 days ago, as the e-mail's link was.
        with mock.patch("django.core.signing.time.time", return_value=old.timestamp()):
            token = signing.dumps({"i": invitation.pk, "k": invitation.key}, salt=LINK_SALT, compress=True)
        path = reverse("platforms-invitation", args=[token])
    elif how == "forged":
        token = signing.dumps({"i": invitation.pk, "k": invitation.key}, salt="another", compress=True)
        path = reverse("platforms-invitation", args=[token])
    elif how == "withdrawn":
        client.force_login(world.coordinator)
        client.post(reverse("platforms-invitation-withdraw", args=[world.platform.slug, invitation.pk]))
        client.logout()
    elif how == "replaced":
        client.force_login(world.coordinator)
        client.post(reverse("platforms-invitation-resend", args=[world.platform.slug, invitation.pk]))
        client.logout()
    else:
        path = reverse("platforms-invitation", args=["' OR 1=1 --"])
    for response in (
        client.get(path),
        client.post(
            path, {"full_name": "Y", "password1": "ett-langt-losen-42", "password2": "ett-langt-losen-42"}
        ),
    ):
        assert response.status_code == 400
        assert expected in response.content.decode()
    assert not User.objects.filter(email="y@example.org").exists()
    assert not Membership.objects.filter(user__email="y@example.org").exists()


def test_resend_gives_a_new_link_that_works(client, world, mailoutbox):
    invitation = invite(
        platform=world.platform, email="z@example.org", role=Role.OBSERVER, by=world.coordinator
    )
    client.force_login(world.coordinator)
    client.post(reverse("platforms-invitation-resend", args=[world.platform.slug, invitation.pk]))
    client.logout()
    assert len(mailoutbox) == 2
    new = LINK.search(mailoutbox[1].body).group(0)
    assert new != LINK.search(mailoutbox[0].body).group(0)
    assert client.get(_path(new)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.times_sent == 2


def test_an_existing_account_signs_in_to_accept(client, world):
    invitation = invite(
        platform=world.other_platform, email=world.steering.email, role=Role.STEERING, by=world.outsider
    )
    path = _path(invitation_link(invitation))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # Signed in as somebody else: told so, nothing happens.
    client.force_login(world.manager_a)
    other = client.post(path)
    assert other.status_code == 403
    assert not Membership.objects.filter(user=world.steering, platform=world.other_platform).exists()
    client.force_login(world.steering)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Membership.objects.current().filter(user=world.steering, platform=world.other_platform).exists()


def test_an_existing_account_sees_the_invitation_on_its_start_page(client, world):
    invite(platform=world.other_platform, email=world.steering.email, role=Role.STEERING, by=world.outsider)
    client.force_login(world.steering)
    html = client.get(reverse("portal-start")).content.decode()
    assert "Inbjudningar till dig" in html
    assert "/inbjudan/" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "steering@test.example", "role": Role.STEERING}, "email", "har redan den rollen"),
        ({"email": "nobody@example.org", "role": Role.COOPTED, "ends_on": ""}, "ends_on", "slutdatum"),
        (
            {
                "email": "nobody@example.org",
                "role": Role.COOPTED,
                "starts_on": "2099-06-01",
                "ends_on": "2099-01-01",
            },
            "ends_on",
            "efter starten",
        ),
        ({"email": "nobody@example.org", "role": Role.MANAGER}, "enterprise", "Välj företaget"),
        (
            {"email": "nobody@example.org", "role": Role.STEERING, "enterprise": "ENTERPRISE_A"},
            "enterprise",
            "verksamhetsledare",
        ),
        ({"email": "inte en adress", "role": Role.STEERING}, "email", "giltig"),
        ({"email": "nobody@example.org", "role": "king"}, "role", "giltigt alternativ"),
    ],
)
def test_bad_invitations_get_a_message_by_the_field_and_send_nothing(
    client, world, mailoutbox, data, field, message
):
    if data.get("enterprise") == "ENTERPRISE_A":
        data["enterprise"] = world.enterprise_a.pk
    response = _invite_page(client, world, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    # What was typed is kept.
    assert data["email"] in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_second_pending_invitation_is_refused(client, world):
    _invite_page(client, world, email="twice@example.org", role=Role.STEERING)
    response = _invite_page(client, world, email="twice@example.org", role=Role.STEERING)
    assert "Skicka den igen" in response.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 1


def test_another_platforms_enterprise_cannot_be_chosen(client, world):
    response = _invite_page(
        client, world, email="m@example.org", role=Role.MANAGER, enterprise=world.other_enterprise.pk
    )
    assert response.context["form"].errors["enterprise"]
    assert not Invitation.objects.exists()


def test_a_manager_invitation_makes_a_manager(client, world, mailoutbox):
    _invite_page(
        client,
        world,
        email="ledare@example.org",
        role=Role.MANAGER,
        enterprise=world.enterprise_b.pk,
        ends_on="",
    )
    link = LINK.search(mailoutbox[0].body).group(0)
    client.logout()
    client.post(
        _path(link),
        {"full_name": "Ledare", "password1": "ett-langt-losen-42", "password2": "ett-langt-losen-42"},
    )
    person = User.objects.get(email="ledare@example.org")
    assert client.get(reverse("enterprises-edit", args=[world.enterprise_b.slug])).status_code == 200
    assert Membership.objects.get(user=person).enterprise == world.enterprise_b


@pytest.mark.parametrize(
    ("persona", "status"), [("steering", 403), ("manager_a", 403), ("observer", 403), ("outsider", 404)]
)
def test_only_the_platforms_coordinator_invites(client, world, mailoutbox, persona, status):
    client.force_login(getattr(world, persona))
    url = reverse("platforms-invite", args=[world.platform.slug])
    response = client.post(url, {"email": "a@example.org", "role": Role.COORDINATOR, "language": "sv"})
    assert response.status_code == status
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("action", ["platforms-invitation-resend", "platforms-invitation-withdraw"])
@pytest.mark.parametrize(("persona", "status"), [("steering", 403), ("outsider", 404), ("coopted", 403)])
def test_only_the_coordinator_resends_or_withdraws(client, world, mailoutbox, action, persona, status):
    invitation = invite(
        platform=world.platform, email="w@example.org", role=Role.STEERING, by=world.coordinator
    )
    client.force_login(getattr(world, persona))
    assert client.post(reverse(action, args=[world.platform.slug, invitation.pk])).status_code == status
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert invitation.times_sent == 1


def test_another_platforms_invitation_answers_404(client, world):
    invitation = invite(
        platform=world.other_platform, email="w@example.org", role=Role.STEERING, by=world.outsider
    )
    client.force_login(world.coordinator)
    url = reverse("platforms-invitation-withdraw", args=[world.platform.slug, invitation.pk])
    assert client.post(url).status_code == 404
