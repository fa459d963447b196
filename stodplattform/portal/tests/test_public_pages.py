"""The way in for someone with an idea, the accessibility statement and the privacy page."""

import re

import pytest
from django.urls import reverse

IDEA = "/har-du-en-ide/"


# Each bound includes one read of the public cache's generation (core/pagecache.py).
def test_idea_page_lists_every_municipality_by_county(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(IDEA)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<optgroup") == 21  # the counties
    assert len(re.findall(r'<option value="\d{4}"', html)) == 290  # the municipalities, with their SCB codes
    assert '<optgroup label="Dalarnas län">' in html
    assert '<option value="2085">Ludvika</option>' in html
    # The steps of how it goes.
    for step in ["Första mötet", "Pröva idén", "Välja företagsform", "Finansiering", "Registrering"]:
        assert step in html


def test_municipality_with_a_platform(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(IDEA, {"kommun": "2061"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Smedjebacken har Plattform A" in html
    assert reverse("platforms-detail", args=[world.platform.slug]) in html
    assert world.platform.contact_email in html
    # The support form opens with the municipality chosen.
    assert "/fa-stod/?kommun=2061" in html
    form = client.get("/fa-stod/", {"kommun": "2061"}).content.decode()
    assert '<option value="2061" selected>' in form


def test_municipality_without_a_platform_gets_a_kind_answer(client, world):
    response = client.get(IDEA, {"kommun": "0114"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det finns ingen stödplattform i Upplands Väsby ännu" in html
    assert "Coompanion" in html and "verksamt.se" in html
    assert "Plattform A" not in html.split('id="idea-answer"')[1]  # none in Stockholms län


def test_no_platform_but_one_in_the_county(client, world):
    html = client.get(IDEA, {"kommun": "2084"}).content.decode()  # Avesta, Dalarna
    answer = html.split('id="idea-answer"')[1]
    assert "ingen stödplattform i Avesta" in answer
    assert "Plattform A" in answer and "Plattform B" in answer


def test_hidden_platform_is_not_offered(client, world):
    world.other_platform.is_public = False
    world.other_platform.save()
    answer = client.get(IDEA, {"kommun": "2080"}).content.decode().split('id="idea-answer"')[1]
    assert "ingen stödplattform i Falun" in answer
    assert "Plattform B" not in answer


@pytest.mark.parametrize("code", ["9999", "garbage", "20855", "", "<script>", "2085' OR 1=1"])
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Välj din kommun i listan"),
        ("en", "Choose your municipality in the list"),
    ],
)
def test_bad_municipality_code(client, world, code, language, message):
    response = client.get(IDEA, {"kommun": code}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("name", ["portal-accessibility", "portal-privacy"])
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("sv", ("Tillgänglighetsredogörelse", "Personuppgifter och kakor")),
        ("en", ("Accessibility statement", "Personal data and cookies")),
    ],
)
def test_statements_in_both_languages(client, world, name, language, heading):
    html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    expected = heading[0] if name == "portal-accessibility" else heading[1]
    assert f"<h1>{expected}</h1>" in html
    assert world.platform.contact_email in html


def test_accessibility_statement_follows_diggs_model(client, world):
    html = client.get(reverse("portal-accessibility")).content.decode()
    for part in [
        "delvis förenlig",  # compliance status
        "Innehåll som inte är tillgängligt",  # known gaps
        "Rapportera brister",  # how to report
        "https://www.digg.se/tdosanmalan",  # enforcement
    ]:
        assert part in html, part


def test_privacy_page_names_the_retention_settings(client, world, settings):
    settings.EVENTS_RETENTION_DAYS = 45
    settings.SUPPORT_CONFIDENTIAL_RETENTION_MONTHS = 18
    html = client.get(reverse("portal-privacy")).content.decode()
    assert "45 dagar efter evenemanget" in html
    assert "18 månader" in html
    assert "kakor" in html.lower()


def test_footer_links_to_the_statements_on_every_page(client, world):
    for path in ["/", "/foretag/", IDEA]:
        html = client.get(path).content.decode()
        footer = html.split("<footer")[1]
        assert reverse("portal-accessibility") in footer
        assert reverse("portal-privacy") in footer


def test_home_leads_to_the_idea_page(client, world):
    html = client.get("/").content.decode()
    assert f'href="{IDEA}"' in html


def test_answer_queries_do_not_grow_with_platforms(client, world, django_assert_max_num_queries):
    from stodplattform.platforms.testing import make_platform

    with django_assert_max_num_queries(6):
        client.get(IDEA, {"kommun": "2084"})
    for n, code in enumerate(["2021", "2023", "2026", "2029", "2031", "2034"]):
        make_platform(f"Extra {n}", f"extra-{n}", code, "2085")
    with django_assert_max_num_queries(6):
        html = client.get(IDEA, {"kommun": "2084"}).content.decode()
    assert "Extra 5" in html
    with django_assert_max_num_queries(4):
        html = client.get(IDEA, {"kommun": "2085"}).content.decode()
    assert "Extra 5" in html and "Plattform A" in html
