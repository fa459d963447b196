"""Funding calls through the pages: the catalogue, adding a call with bad input, "Sök med stöd",
outcomes, start-page panels, reminders."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.financing.models import CallApplication, FundingCall, Outcome
from stodplattform.financing.services import send_reminders
from stodplattform.financing.testing import make_call
from stodplattform.support.models import Category, SupportCase


def call_data(world, **extra):
    data = {
        "scope": f"p{world.platform.pk}",
        "title": "Stöd till arbetsintegrerande sociala företag",
        "kind": "state_wise",
        "funder": "Tillväxtverket",
        "description": "Exempel.",
        "amount_max": "1 500 000",
        "cofinancing_percent": "50",
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "reminder_days": "14",
        "url": "https://tillvaxtverket.se/exempel",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_coordinator_adds_a_call_with_a_swedish_amount(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("financing-call-create"), call_data(world))
    call = FundingCall.objects.get()
    assert response.status_code == 302
    assert call.platform == world.platform and call.amount_max == 1500000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_max", "1,5 milj.", "Ange beloppet i kronor med bara siffror, t.ex. 1 500 000."),
        ("amount_max", "-100", "Ange ett belopp som är större än noll."),
        ("deadline", "2020-01-01", "Sista dagen har redan varit. Ange ett kommande datum."),
        ("url", "ftp://example.org/x", "Ange en webbadress som börjar med https:// eller http://."),
        ("url", "javascript:alert(1)", None),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_saved(client, world, field, value, message):
    client.force_login(world.coordinator)
    response = client.post(reverse("financing-call-create"), call_data(world, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    if message:
        assert message in response.context["form"].errors[field]
    assert response.context["form"][field].value() == value  # what was typed is kept
    assert not FundingCall.objects.exists()


def test_bad_amount_in_english(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("financing-call-create"), call_data(world, amount_max="1,5 milj."), HTTP_ACCEPT_LANGUAGE="en"
    )
    client.cookies["django_language"] = "en"
    response = client.post(reverse("financing-call-create"), call_data(world, amount_max="1,5 milj."))
    assert (
        "Enter the amount in kronor with digits only, e.g. 1 500 000."
        in response.context["form"].errors["amount_max"]
    )


def test_no_deadline_needs_continuous(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("financing-call-create"), call_data(world, deadline=""))
    assert "deadline" in response.context["form"].errors
    response = client.post(reverse("financing-call-create"), call_data(world, deadline="", continuous="on"))
    assert response.status_code == 302


def test_eligibility_matching_nobody_is_allowed_with_a_note(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("financing-call-create"),
        call_data(world, legal_forms=["stiftelse"], statuses=["idea"]),
        follow=True,
    )
    assert FundingCall.objects.count() == 1
    assert "Inget företag eller blivande företag passar utlysningen ännu" in response.content.decode()


def test_a_manager_or_steering_member_may_not_add_calls(client, world):
    for person in (world.manager_a, world.steering):
        client.force_login(person)
        assert client.post(reverse("financing-call-create"), call_data(world)).status_code == 403
    assert not FundingCall.objects.exists()


def test_only_a_superuser_shares_a_call_with_the_whole_installation(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("financing-call-create"), call_data(world, scope="all"))
    assert "scope" in response.context["form"].errors
    client.force_login(world.superuser)
    assert client.post(reverse("financing-call-create"), call_data(world, scope="all")).status_code == 302
    assert FundingCall.objects.get().platform is None


def test_regional_coordinator_keeps_the_regions_calls(client, world):
    from stodplattform.platforms.models import RegionalRole

    region = world.enterprise_a.municipality.region
    RegionalRole.objects.create(region=region, user=world.steering, role=RegionalRole.Kind.COORDINATOR)
    client.force_login(world.steering)
    response = client.post(reverse("financing-call-create"), call_data(world, scope=f"r{region.pk}"))
    assert response.status_code == 302
    call = FundingCall.objects.get()
    assert call.region == region and call.platform is None
    assert client.get(reverse("financing-call-edit", args=[call.pk])).status_code == 200
    client.force_login(world.coordinator)
    assert client.get(reverse("financing-call-edit", args=[call.pk])).status_code == 403


def test_apply_with_support_opens_a_financing_case_in_one_step(client, world):
    call = make_call(world.platform, title="Arvsfonden exempel")
    client.force_login(world.manager_a)
    page = client.get(call.get_absolute_url()).content.decode()
    assert world.enterprise_a.name in page and world.enterprise_b.name not in page
    url = reverse("financing-seek", args=[call.pk, world.enterprise_a.slug])
    response = client.post(url)
    case = SupportCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.category == Category.FINANCING and case.enterprise == world.enterprise_a
    assert "Arvsfonden exempel" in case.title
    client.post(url)  # twice: the same application and case
    assert SupportCase.objects.count() == 1 and CallApplication.objects.get().case == case


def test_a_manager_cannot_seek_for_another_enterprise_or_a_call_of_another_platform(client, world):
    call = make_call(world.platform)
    other = make_call(world.other_platform)
    client.force_login(world.manager_a)
    assert client.post(reverse("financing-seek", args=[call.pk, world.enterprise_b.slug])).status_code == 404
    assert client.post(reverse("financing-seek", args=[other.pk, world.enterprise_a.slug])).status_code == 404
    client.force_login(world.steering)
    assert client.post(reverse("financing-seek", args=[call.pk, world.enterprise_a.slug])).status_code == 403
    assert not SupportCase.objects.exists()


def test_outcome_granted_with_amount_and_managers_see_only_their_own(client, world):
    call = make_call(world.platform)
    own = CallApplication.objects.create(call=call, enterprise=world.enterprise_a)
    theirs = CallApplication.objects.create(call=call, enterprise=world.enterprise_b, outcome=Outcome.REFUSED)
    client.force_login(world.manager_a)
    url = reverse("financing-outcome", args=[own.pk])
    response = client.post(url, {"outcome": "granted", "amount_granted": ""})
    assert "amount_granted" in response.context["form"].errors
    response = client.post(url, {"outcome": "granted", "amount_granted": "250 000", "decided_on": ""})
    own.refresh_from_db()
    assert own.outcome == Outcome.GRANTED and own.amount_granted == 250000
    assert client.get(reverse("financing-outcome", args=[theirs.pk])).status_code == 404
    page = client.get(call.get_absolute_url()).content.decode()
    assert "250\u00a0000,00\u00a0kr" in page
    assert "Avslag" not in page and world.enterprise_b.name not in page


def test_the_public_sees_open_calls_never_outcomes(client, world):
    call = make_call(world.platform, title="Öppen")
    closed = make_call(world.platform, title="Stängd")
    FundingCall.objects.filter(pk=closed.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    CallApplication.objects.create(
        call=call, enterprise=world.enterprise_a, outcome=Outcome.GRANTED, amount_granted=5
    )
    page = client.get(reverse("financing-catalogue")).content.decode()
    assert "Öppen" in page and "Stängd" not in page
    detail = client.get(call.get_absolute_url()).content.decode()
    assert "Beviljad" not in detail and world.enterprise_a.name not in detail
    assert client.get(closed.get_absolute_url()).status_code == 404


def test_catalogue_query_count_does_not_grow_with_calls(client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("financing-catalogue")).status_code == 200
        return len(queries)

    client.force_login(world.manager_a)
    make_call(world.platform)
    few = count()
    for i in range(25):
        make_call(None if i % 2 else world.platform, title=f"Utlysning {i}")
    assert count() == few


def test_start_page_panels_show_matched_calls_with_deadline(client, world):
    call = make_call(world.platform, title="Passar A", statuses=["active"])
    make_call(world.platform, title="Passar ingen", legal_forms=["stiftelse"])
    world.enterprise_a.legal_form = "ek"
    world.enterprise_a.save()
    client.force_login(world.manager_a)
    page = client.get(reverse("portal-start")).content.decode()
    assert "Passar A" in page and "Passar ingen" not in page
    assert call.deadline.strftime("%Y-%m-%d") in page
    client.force_login(world.coordinator)
    page = client.get(reverse("portal-start")).content.decode()
    assert "Passar A" in page


def test_start_page_panel_query_count_does_not_grow(client, world):
    from stodplattform.enterprises.testing import make_enterprise

    client.force_login(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal-start"))
        return len([q for q in queries if "financing" in q["sql"]])

    make_call(world.platform)
    few = count()
    for i in range(10):
        make_call(world.platform, title=f"U{i}")
        make_enterprise(world.platform, f"Företag {i}")
    assert count() == few


def test_reminders_are_sent_once_however_often_the_command_runs(world, django_capture_on_commit_callbacks):
    make_call(world.platform, title="Snart slut", days=5)
    make_call(world.platform, title="Långt kvar", days=60)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders()
    assert first == 2  # the managers of A and B
    assert second == 0
    assert len(mail.outbox) == 2
    assert "Snart slut" in mail.outbox[0].subject
