"""The coordinator's search synonyms: who may keep them, bad input, the history."""

import pytest
from django.urls import reverse

from stodplattform.enterprises.models import Synonym

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "outsider",
    "superuser",
]

# page → {persona: status}; a member of the platform with another role gets 403, an outsider 404.
MATRIX = [
    ("list", {"anonymous": 302, "coordinator": 200, "superuser": 200, "outsider": 404, "default": 403}),
    ("edit", {"anonymous": 302, "coordinator": 200, "superuser": 200, "outsider": 404, "default": 403}),
    ("list_other", {"anonymous": 302, "outsider": 200, "superuser": 200, "default": 404}),
    ("edit_other", {"anonymous": 302, "outsider": 200, "superuser": 200, "default": 404}),
    ("delete", {"anonymous": 302, "default": 405}),  # GET: POST only
]


@pytest.fixture
def synonyms(world):
    return (
        Synonym.objects.create(platform=world.platform, words="loppis, second hand"),
        Synonym.objects.create(platform=world.other_platform, words="fika, kafé"),
    )


def _url(world, synonyms, page):
    mine, other = synonyms
    return {
        "list": reverse("enterprises-synonyms", args=[world.platform.slug]),
        "edit": reverse("enterprises-synonym-edit", args=[world.platform.slug, mine.pk]),
        "list_other": reverse("enterprises-synonyms", args=[world.other_platform.slug]),
        "edit_other": reverse("enterprises-synonym-edit", args=[world.other_platform.slug, other.pk]),
        "delete": reverse("enterprises-synonym-delete", args=[world.platform.slug, mine.pk]),
    }[page]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("page", "expected"), MATRIX)
def test_permission_matrix(client, world, synonyms, persona, page, expected):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    status = expected.get(persona, expected["default"])
    assert client.get(_url(world, synonyms, page)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("steering", 403), ("manager_a", 403), ("outsider", 404), ("coordinator", 302)],
)
def test_only_the_coordinator_adds_and_removes(client, world, synonyms, persona, status):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse("enterprises-synonyms", args=[world.platform.slug])
    assert client.post(url, {"words": "fika, kafé"}).status_code == status
    delete = reverse("enterprises-synonym-delete", args=[world.platform.slug, synonyms[0].pk])
    assert client.post(delete).status_code == status
    changed = persona == "coordinator"
    assert Synonym.objects.filter(platform=world.platform, words="fika, kafé").exists() == changed
    assert Synonym.objects.filter(pk=synonyms[0].pk).exists() != changed


def test_added_synonyms_apply_at_once_and_are_in_the_history(client, world, synonyms):
    client.force_login(world.coordinator)
    url = reverse("enterprises-synonyms", args=[world.platform.slug])
    names = [e.name for e in client.get(reverse("enterprises-directory"), {"q": "dogsitter"}).context["page"]]
    assert names == []
    response = client.post(url, {"words": " dogsitter ,  hunddagis , Hunddagis"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(words="dogsitter, hunddagis")
    names = [e.name for e in client.get(reverse("enterprises-directory"), {"q": "dogsitter"}).context["page"]]
    assert names == ["Hundcentret B"]
    client.post(
        reverse("enterprises-synonym-edit", args=[world.platform.slug, synonym.pk]),
        {"words": "hundvakt, hunddagis"},
    )
    client.post(reverse("enterprises-synonym-delete", args=[world.platform.slug, synonym.pk]))
    entries = client.get(url).context["entries"]
    assert [e.action for e in entries[:3]] == [2, 1, 0]  # deleted, changed, created: newest first
    assert all(e.actor == world.coordinator for e in entries[:3])


@pytest.mark.parametrize(
    "words",
    [
        "",
        "loppis",
        "loppis, loppis",
        "!!!, ???",
        "loppis, 🙂",
        ", , ,",
        ", ".join(f"ord{i}" for i in range(13)),
        "x" * 301,
    ],
)
def test_bad_input_is_explained_and_kept(client, world, words):
    client.force_login(world.coordinator)
    url = reverse("enterprises-synonyms", args=[world.platform.slug])
    response = client.post(url, {"words": words})
    assert response.status_code == 200
    assert response.context["form"].errors["words"]
    assert not Synonym.objects.filter(platform=world.platform).exists()
    if words:
        assert response.context["form"]["words"].value() == words


def test_another_platforms_synonym_is_not_reachable(client, world, synonyms):
    client.force_login(world.coordinator)
    other = synonyms[1]
    url = reverse("enterprises-synonym-edit", args=[world.platform.slug, other.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("enterprises-synonym-delete", args=[world.platform.slug, other.pk])).status_code
        == 404
    )
    assert Synonym.objects.filter(pk=other.pk).exists()


def test_start_page_links_the_coordinator_to_the_synonyms(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("portal-start")).content.decode()
    assert reverse("enterprises-synonyms", args=[world.platform.slug]) in html
    client.force_login(world.steering)
    assert "/sok/synonymer/" not in client.get(reverse("portal-start")).content.decode()
