"""The permission matrix: (persona, page) → expected status, across two platforms.

404 for records outside the persona's platform or enterprise, 403 for a role too low.
"""

import pytest
from django.urls import reverse

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
]

# page → {persona: status}; personas not named get the "default" status.
MATRIX = [
    ("home", {"default": 200}),
    ("directory", {"default": 200}),
    ("platform", {"default": 200}),
    ("showcase_a", {"default": 200}),
    ("showcase_hidden", {"coordinator": 200, "steering": 200, "default": 404}),
    ("portal-start", {"anonymous": 302, "default": 200}),
    ("tokens", {"anonymous": 302, "default": 200}),
    ("create", {"anonymous": 302, "coordinator": 200, "outsider": 200, "default": 403}),
    (
        "edit_a",
        {
            "anonymous": 302,
            "coordinator": 200,
            "manager_a": 200,
            "steering": 403,
            "default": 404,
        },
    ),
    (
        "edit_hidden",
        {"anonymous": 302, "coordinator": 200, "steering": 403, "default": 404},
    ),
    ("edit_other", {"anonymous": 302, "outsider": 200, "default": 404}),
    ("admin", {"anonymous": 302, "default": 302}),
    (
        "members",
        {"anonymous": 302, "observer": 403, "outsider": 404, "default": 200},
    ),
    ("members_other", {"anonymous": 302, "outsider": 200, "default": 404}),
    ("invite", {"anonymous": 302, "coordinator": 200, "outsider": 404, "default": 403}),
    ("people_history", {"anonymous": 302, "coordinator": 200, "outsider": 404, "default": 403}),
    ("membership_edit", {"anonymous": 302, "coordinator": 200, "outsider": 404, "default": 403}),
    ("membership_end", {"anonymous": 302, "coordinator": 200, "outsider": 404, "default": 403}),
    ("membership_other", {"anonymous": 302, "outsider": 200, "default": 404}),
    ("platforms", {"default": 200}),
    # The public directory's open data.
    ("export_csv", {"default": 200}),
    ("export_json", {"default": 200}),
    ("export_xlsx", {"default": 200}),
    ("idea", {"default": 200}),
    ("idea_ludvika", {"default": 200}),
    ("accessibility", {"default": 200}),
    ("privacy", {"default": 200}),
    # The platform's name, logo and colour: its coordinator only.
    ("identity", {"anonymous": 302, "coordinator": 200, "outsider": 404, "default": 403}),
    ("identity_other", {"anonymous": 302, "outsider": 200, "default": 404}),
    # A link that is not an invitation's: the same answer for everyone.
    ("invitation_forged", {"default": 400}),
    # POST only.
    ("confirm_a", {"anonymous": 302, "default": 405}),
]


def _url(world, target):
    return {
        "home": reverse("home"),
        "directory": reverse("enterprises-directory"),
        "platform": reverse("platforms-detail", args=[world.platform.slug]),
        "platforms": reverse("platforms-list"),
        "export_csv": reverse("enterprises-export-csv"),
        "export_json": reverse("enterprises-export-json"),
        "export_xlsx": reverse("enterprises-export-xlsx"),
        "showcase_a": reverse("enterprises-detail", args=[world.enterprise_a.slug]),
        "showcase_hidden": reverse("enterprises-detail", args=[world.hidden.slug]),
        "portal-start": reverse("portal-start"),
        "tokens": reverse("accounts-tokens"),
        "create": reverse("enterprises-create"),
        "edit_a": reverse("enterprises-edit", args=[world.enterprise_a.slug]),
        "edit_hidden": reverse("enterprises-edit", args=[world.hidden.slug]),
        "edit_other": reverse("enterprises-edit", args=[world.other_enterprise.slug]),
        "admin": reverse("admin:index"),
        "members": reverse("platforms-members", args=[world.platform.slug]),
        "members_other": reverse("platforms-members", args=[world.other_platform.slug]),
        "invite": reverse("platforms-invite", args=[world.platform.slug]),
        "people_history": reverse("platforms-history", args=[world.platform.slug]),
        "membership_edit": reverse(
            "platforms-membership-edit", args=[world.platform.slug, world.steering.memberships.get().pk]
        ),
        "membership_end": reverse(
            "platforms-membership-end", args=[world.platform.slug, world.steering.memberships.get().pk]
        ),
        "membership_other": reverse(
            "platforms-membership-edit", args=[world.other_platform.slug, world.outsider.memberships.get().pk]
        ),
        "idea": reverse("portal-idea"),
        "idea_ludvika": reverse("portal-idea") + "?kommun=2085",
        "accessibility": reverse("portal-accessibility"),
        "privacy": reverse("portal-privacy"),
        "identity": reverse("platforms-identity", args=[world.platform.slug]),
        "identity_other": reverse("platforms-identity", args=[world.other_platform.slug]),
        "invitation_forged": reverse("platforms-invitation", args=["eyJpIjoxfQ:forged"]),
        "confirm_a": reverse("enterprises-confirm", args=[world.enterprise_a.slug]),
    }[target]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("target", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_matrix(client, world, persona, target, expected):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    status = expected.get(persona, expected["default"])
    response = client.get(_url(world, target))
    assert response.status_code == status, f"{persona} on {target}"


# POST → {persona: status}; a 302 for a signed-in persona is the success (back to the page).
POSTS = [
    # An invitation of platform A: its coordinator only.
    ("invitation_resend", {"anonymous": 302, "coordinator": 302, "outsider": 404, "default": 403}),
    ("invitation_withdraw", {"anonymous": 302, "coordinator": 302, "outsider": 404, "default": 403}),
    # Manager A's API token: only they revoke it; for anyone else it does not exist.
    ("token_revoke", {"anonymous": 302, "manager_a": 302, "default": 404}),
]


def _post_url(world, target):
    from stodplattform.accounts.services import create_token
    from stodplattform.platforms.services import invite

    if target == "token_revoke":
        token, _raw = create_token(user=world.manager_a, name="Matrisen")
        return reverse("accounts-token-revoke", args=[token.pk])
    invitation = invite(platform=world.platform, email="ny@example.se", role="steering", by=world.coordinator)
    name = {
        "invitation_resend": "platforms-invitation-resend",
        "invitation_withdraw": "platforms-invitation-withdraw",
    }
    return reverse(name[target], args=[world.platform.slug, invitation.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("target", "expected"), POSTS, ids=[m[0] for m in POSTS])
def test_post_matrix(client, world, persona, target, expected):
    url = _post_url(world, target)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    status = expected.get(persona, expected["default"])
    response = client.post(url)
    assert response.status_code == status, f"{persona} on {target}"
    if status == 302:
        signing_in = response["Location"].startswith(reverse("login"))
        assert signing_in == (persona == "anonymous"), f"{persona} on {target}"


def test_superuser_reaches_everything(client, world):
    client.force_login(world.superuser)
    for page in [
        "edit_a",
        "edit_hidden",
        "edit_other",
        "create",
        "admin",
        "showcase_hidden",
        "members",
        "members_other",
        "invite",
        "people_history",
        "membership_other",
        "identity",
        "identity_other",
    ]:
        assert client.get(_url(world, page)).status_code == 200, page


def test_ended_membership_gives_no_access(client, world):
    from datetime import date

    membership = world.coordinator.memberships.get()
    membership.ends_on = date(2020, 12, 31)
    membership.starts_on = date(2020, 1, 1)
    membership.save()
    client.force_login(world.coordinator)
    assert client.get(_url(world, "edit_a")).status_code == 404
    assert client.get(_url(world, "create")).status_code == 403


def test_former_manager_loses_access(client, world):
    from datetime import date

    world.manager_a.memberships.update(ends_on=date(2021, 1, 1), starts_on=date(2020, 1, 1))
    client.force_login(world.manager_a)
    assert client.get(_url(world, "edit_a")).status_code == 404


def test_posting_to_a_foreign_enterprise_changes_nothing(client, world):
    client.force_login(world.manager_a)
    url = _url(world, "edit_other")
    response = client.post(url, {"name": "Kapad", "municipality": "2080"})
    assert response.status_code == 404
    world.other_enterprise.refresh_from_db()
    assert world.other_enterprise.name == "Kaféet D"


def test_steering_cannot_post_an_edit(client, world):
    client.force_login(world.steering)
    response = client.post(_url(world, "edit_a"), {"name": "Ändrat"})
    assert response.status_code == 403
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.name == "Återbruket A"
