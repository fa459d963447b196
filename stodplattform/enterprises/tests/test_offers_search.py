"""What an enterprise offers the public sector (issue 19, item 11): the kinds as reference data,
the edit form, the showcase, the API, and the search finding them by the words buyers use."""

import pytest

from stodplattform.enterprises.models import Enterprise, OfferKind
from stodplattform.enterprises.testing import make_enterprise

from .test_showcase import edit_data, edit_url, formset_data

NO_FORMSETS = {
    **formset_data("photos", []),
    **formset_data("hours", []),
    **formset_data("exceptions", []),
}


def found(text):
    return list(Enterprise.objects.search(text).values_list("name", flat=True))


def kinds(*codes):
    return list(OfferKind.objects.filter(code__in=codes))


def test_the_kinds_are_loaded_with_swedish_and_english_names(db):
    codes = set(OfferKind.objects.values_list("code", flat=True))
    assert {"arbetstraning", "praktik", "daglig-verksamhet", "handledd-anstallning"} <= codes
    assert {"stadning", "catering", "hundpensionat", "tradgard", "atervinning", "hantverk"} <= codes
    assert all(k.name and k.name_en and k.synonyms for k in OfferKind.objects.all())


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("arbetsträning", "arbetstraning"),
        ("praktik", "praktik"),
        ("daglig verksamhet", "daglig-verksamhet"),
        ("hundpensionat", "hundpensionat"),
        ("städning", "stadning"),
        ("catering", "catering"),
        ("work training", "arbetstraning"),
        ("lokalvård", "stadning"),
        ("gräsklippning", "tradgard"),
    ],
)
def test_buyers_words_find_the_enterprises_that_offer_them(world, query, code):
    # Words that are nowhere in the profile: only the structured offer carries them.
    plain = make_enterprise(world.platform, "Verkstaden Ett", description="Vi gör saker.")
    offering = make_enterprise(world.platform, "Verkstaden Två", description="Vi gör saker.")
    offering.offers.set(kinds(code))
    assert "Verkstaden Två" in found(query)
    assert plain.name not in found(query)


def test_the_index_follows_the_offers_and_a_renamed_kind(world):
    enterprise = make_enterprise(world.platform, "Verkstaden Tre")
    cleaning = OfferKind.objects.get(code="stadning")
    enterprise.offers.add(cleaning)
    assert "Verkstaden Tre" in found("fönsterputs")
    cleaning.synonyms += ", skurning"
    cleaning.save()
    assert "Verkstaden Tre" in found("skurning")
    cleaning.enterprises.remove(enterprise)
    assert "Verkstaden Tre" not in found("fönsterputs")


def test_manager_ticks_offers_on_the_edit_page_and_the_showcase_shows_them(client, world):
    client.force_login(world.manager_a)
    page = client.get(edit_url(world))
    assert "Vad erbjuder ni offentlig sektor?" in page.content.decode()
    data = {**edit_data(world), **NO_FORMSETS, "offers": ["arbetstraning", "stadning"]}
    response = client.post(edit_url(world), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert sorted(world.enterprise_a.offers.values_list("code", flat=True)) == ["arbetstraning", "stadning"]
    showcase = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    assert "Arbetsträningsplatser" in showcase
    assert "Städning och lokalvård" in showcase
    assert "Återbruket A" in found("arbetsträning")


def test_coordinator_edits_offers_and_an_unknown_kind_is_refused(client, world):
    client.force_login(world.coordinator)
    data = {**edit_data(world), **NO_FORMSETS, "platform": world.platform.slug, "offers": ["flygplan"]}
    response = client.post(edit_url(world), data)
    assert response.status_code == 200
    assert "offers" in response.context["form"].errors
    assert not world.enterprise_a.offers.exists()


def test_another_manager_cannot_edit_the_offers(client, world):
    client.force_login(world.manager_b)
    data = {**edit_data(world), **NO_FORMSETS, "offers": ["stadning"]}
    assert client.post(edit_url(world), data).status_code == 404  # not theirs: out of scope
    assert not world.enterprise_a.offers.exists()


def test_the_showcase_in_english_names_the_kinds_in_english(client, world):
    world.enterprise_b.offers.set(kinds("hundpensionat"))
    client.cookies["django_language"] = "en"
    html = client.get(world.enterprise_b.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dog boarding and day care" in html


def test_api_reads_and_writes_offers(client, world):
    world.enterprise_b.offers.set(kinds("hundpensionat", "praktik"))
    data = client.get(f"/api/v1/enterprises/{world.enterprise_b.slug}").json()
    assert {o["code"] for o in data["offers"]} == {"hundpensionat", "praktik"}
    assert {o["category"] for o in data["offers"]} == {"places", "service"}
