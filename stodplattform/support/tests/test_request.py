"""The public "Få stöd" form: a request becomes a case at the platform of the municipality."""

import pytest
from django.core import mail
from django.urls import reverse

from stodplattform.support.models import Source, SupportCase

URL = reverse("support-request")


def _data(**changes):
    data = {
        "name": "Anna Idé",
        "email": "anna@example.org",
        "phone": "0240-123 45",
        "organisation": "Idé: cykelverkstad",
        "municipality": "2085",  # Ludvika, on platform A
        "needs": ["startup", "financing"],
        "message": "Jag vill starta ett socialt företag.",
        "notify": "on",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_request_becomes_a_case_with_receipt_and_mails(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data())
    assert response.status_code == 302
    case = SupportCase.objects.get()
    assert case.platform == world.platform
    assert case.source == Source.FORM
    assert case.category == "startup" and case.needs == ["financing"]
    assert case.reference.startswith("PA-") and case.reference.endswith("-0001")
    assert case.notify_requester and case.status == "new"
    receipt = client.get(response["Location"])
    assert case.reference in receipt.content.decode()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["anna@example.org", "coordinator@test.example"]
    requester_mail = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert case.reference in requester_mail.subject and case.reference in requester_mail.body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": None}, "consent", "samtycke"),
        ({"email": "anna@"}, "email", "e-postadress"),
        ({"municipality": "9999"}, "municipality", "Välj en kommun i listan"),
        ({"municipality": "2080"}, "municipality", ""),  # Falun: platform B covers it
        ({"municipality": "2021"}, "municipality", "Ingen stödplattform"),  # Vansbro: no platform
        ({"needs": None}, "needs", "minst"),
        ({"message": ""}, "message", ""),
        ({"phone": "ring mig"}, "phone", "7–15"),
    ],
)
def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, world, changes, field, message):
    response = client.post(URL, _data(**changes))
    if field == "municipality" and changes["municipality"] == "2080":
        assert response.status_code == 302  # a covered municipality of another platform is fine
        assert SupportCase.objects.get().platform == world.other_platform
        return
    assert response.status_code == 200
    assert not SupportCase.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Anna Idé" in html or field == "name"
    assert 'aria-invalid="true"' in html or field == "needs"


def test_honeypot_answers_like_success_and_saves_nothing(client, world):
    response = client.post(URL, _data(website="http://spam.example"))
    assert response.status_code == 302
    assert not SupportCase.objects.exists()
    assert "PA-" not in client.get(response["Location"]).content.decode()


def test_rate_limit_per_address(client, world, settings):
    settings.SUPPORT_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, _data()).status_code == 302
    response = client.post(URL, _data())
    assert response.status_code == 200
    assert SupportCase.objects.count() == 2
    assert "För många" in response.content.decode()
    # Another address is not affected.
    assert client.post(URL, _data(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rate_limit_behind_the_proxy_counts_the_client(client, world, settings):
    settings.SUPPORT_REQUESTS_PER_HOUR = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # DJANGO_BEHIND_PROXY
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    assert client.post(URL, _data(), **first).status_code == 302
    assert client.post(URL, _data(), **first).status_code == 200
    # Another client behind the same proxy; a forged first hop does not help the first one.
    assert (
        client.post(URL, _data(), HTTP_X_FORWARDED_FOR="203.0.113.8", REMOTE_ADDR="10.0.0.1").status_code
        == 302
    )
    forged = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    assert client.post(URL, _data(), **forged).status_code == 200


def test_never_reveals_whether_an_address_is_known(client, world):
    known = client.post(URL, _data(email=world.coordinator.email))
    unknown = client.post(URL, _data(email="nobody@example.org"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_receipt_without_request_goes_back_to_the_form(client, world):
    assert client.get(reverse("support-request-sent"))["Location"] == URL


def test_form_in_english(client, world):
    response = client.get(URL, headers={"accept-language": "en"})
    assert "Get support" in response.content.decode()


def test_the_list_says_at_once_which_municipalities_have_no_platform(client, world):
    html = client.get(URL).content.decode()
    covered = html.index('<optgroup label="Med stödplattform">')
    uncovered = html.index('<optgroup label="Ingen stödplattform än')
    assert covered < html.index('value="2085"') < uncovered < html.index('value="2021"')  # Ludvika, Vansbro
    assert 'data-covered="2061 2080 2085"' in html
    # The notice for the page's script is there, hidden until a municipality without a platform is chosen.
    assert '<div id="no-platform" class="alert alert-warning" role="status"' in html
    assert "hidden>" in html[html.index('id="no-platform"') : html.index('id="no-platform"') + 300]


def test_a_municipality_without_a_platform_links_the_advice_of_have_an_idea(client, world):
    response = client.post(URL, _data(municipality="2021"))
    html = response.content.decode()
    notice = html[html.index('id="no-platform"') : html.index("</div>", html.index('id="no-platform"'))]
    assert " hidden" not in notice.split(">")[0]
    assert 'href="/har-du-en-ide/?kommun=2021#idea-answer"' in notice
    # The advice it links to names the alternatives for Vansbro.
    advice = client.get("/har-du-en-ide/?kommun=2021").content.decode()
    assert "Coompanion" in advice
