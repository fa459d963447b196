"""The sustainability check: filled in by the manager, agreed or sent back by the coordinator,
shown over the years as a chart and a table, the weakest areas offered as a start of support;
bad input refused next to the field with nothing saved."""

from urllib.parse import parse_qs, urlparse

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from stodplattform.core.panels import Panel
from stodplattform.followup import checks_demo, checks_panels
from stodplattform.followup import checks_services as services
from stodplattform.followup.models import CheckStatus, Score, SustainabilityCheck
from stodplattform.platforms import access

from .checks_testing import YEAR, form_data, make_check, scores


def test_manager_fills_in_sends_and_coordinator_agrees(client, world):
    client.force_login(world.manager_a)
    slug = world.enterprise_a.slug
    response = client.post(reverse("followup-check-create", args=[slug]), {**form_data(), "submit": "1"})
    assert response.status_code == 302
    check = SustainabilityCheck.objects.get(enterprise=world.enterprise_a, year=YEAR)
    assert check.status == CheckStatus.SUBMITTED
    assert check.scores.count() == 10
    # The manager can no longer change it, nor agree it.
    assert client.get(reverse("followup-check-edit", args=[slug, YEAR])).status_code == 403
    assert client.post(reverse("followup-check-agree", args=[slug, YEAR])).status_code == 403

    client.force_login(world.coordinator)
    detail = client.get(reverse("followup-check-detail", args=[slug, YEAR])).content.decode()
    assert "Kommentar market" in detail and 'id="agree"' in detail
    client.post(reverse("followup-check-agree", args=[slug, YEAR]))
    check.refresh_from_db()
    assert check.status == CheckStatus.AGREED and check.agreed_by == world.coordinator
    # Who did what is in the history, with the actor.
    actors = set(
        LogEntry.objects.filter(object_id=check.pk, content_type__model="sustainabilitycheck").values_list(
            "actor__email", flat=True
        )
    )
    assert {world.manager_a.email, world.coordinator.email} <= actors


def test_coordinator_sends_it_back_with_a_note_and_the_manager_sends_it_again(client, world):
    check = make_check(world.enterprise_a, by=world.manager_a, state="submitted")
    slug = world.enterprise_a.slug
    client.force_login(world.coordinator)
    url = reverse("followup-check-return", args=[slug, YEAR])
    empty = client.post(url, {"note": "  "})
    assert empty.status_code == 200 and "id_note_error" in empty.content.decode()
    client.post(url, {"note": "Beskriv kunderna mer."})
    check.refresh_from_db()
    assert check.status == CheckStatus.DRAFT and check.return_note == "Beskriv kunderna mer."

    client.force_login(world.manager_a)
    page = client.get(reverse("followup-check-edit", args=[slug, YEAR])).content.decode()
    assert "Beskriv kunderna mer." in page
    client.post(reverse("followup-check-edit", args=[slug, YEAR]), {**form_data(value="4"), "submit": "1"})
    check.refresh_from_db()
    assert check.status == CheckStatus.SUBMITTED and check.return_note == ""
    assert set(check.scores.values_list("score", flat=True)) == {4}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"score_market": ""}, "score_market"),
        ({"score_market": "6"}, "score_market"),
        ({"score_finances": "tre"}, "score_finances"),
        ({"year": str(YEAR + 2)}, "year"),
        ({"year": "1999"}, "year"),
        ({"comment_staff": "x" * 2001}, "comment_staff"),
        ({"comment_staff": "Dold\x07text"}, "comment_staff"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, world, change, field):
    client.force_login(world.manager_a)
    data = {**form_data(), **change}
    response = client.post(reverse("followup-check-create", args=[world.enterprise_a.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"id_{field}_error" in html
    # What was typed is kept.
    assert "Kommentar purpose" in html
    assert not SustainabilityCheck.objects.exists() and not Score.objects.exists()


def test_a_year_before_the_enterprise_was_founded_is_refused(client, world):
    world.enterprise_a.year_founded = YEAR
    world.enterprise_a.save()
    client.force_login(world.manager_a)
    response = client.post(
        reverse("followup-check-create", args=[world.enterprise_a.slug]), form_data(YEAR - 1)
    )
    assert "id_year_error" in response.content.decode()
    assert not SustainabilityCheck.objects.exists()


def test_a_second_check_for_the_same_year_is_refused(client, world):
    make_check(world.enterprise_a, by=world.manager_a)
    client.force_login(world.manager_a)
    response = client.post(reverse("followup-check-create", args=[world.enterprise_a.slug]), form_data())
    assert "id_year_error" in response.content.decode()
    assert SustainabilityCheck.objects.count() == 1


def test_the_services_refuse_steps_out_of_order(world):
    draft = make_check(world.enterprise_a, by=world.manager_a)
    with pytest.raises(ValidationError):
        services.agree_check(draft, by=world.coordinator)
    with pytest.raises(ValidationError):
        services.return_check(draft, note="x", by=world.coordinator)
    services.submit_check(draft, by=world.manager_a)
    with pytest.raises(ValidationError):
        services.save_check(enterprise=world.enterprise_a, year=YEAR, scores=scores(), by=world.manager_a)
    with pytest.raises(ValidationError) as missing:
        services.save_check(
            enterprise=world.enterprise_b, year=YEAR, scores={"market": (2, "")}, by=world.manager_b
        )
    assert "score_purpose" in missing.value.message_dict


def test_history_shows_chart_table_and_the_weakest_areas_as_links(client, world):
    a = world.enterprise_a
    make_check(a, year=YEAR - 2, by=world.coordinator, state="agreed", value=2)
    make_check(a, year=YEAR - 1, by=world.coordinator, state="agreed", value=3)
    make_check(
        a, year=YEAR, by=world.coordinator, state="agreed", value=4, market=(1, "Beroende"), staff=(2, "")
    )
    client.force_login(world.manager_a)
    response = client.get(reverse("followup-check-history", args=[a.slug]))
    html = response.content.decode()
    assert 'id="check-chart"' in html and "data:image/svg+xml;base64," in html
    assert [c.year for c in response.context["history"].checks] == [YEAR - 2, YEAR - 1, YEAR]
    market = next(row for row in response.context["history"].rows if row[0] == "market")
    assert market[2] == [2, 3, 1]
    starts = response.context["starts"]
    assert [s["score"].area for s in starts] == ["market", "staff"]
    case = urlparse(starts[0]["case_url"])
    assert case.path == reverse("support-case-create")
    assert parse_qs(case.query)["category"] == ["market"]
    assert parse_qs(case.query)["enterprise"] == [a.slug]
    application = parse_qs(urlparse(starts[0]["intervention_url"]).query)
    assert application["category"] == ["marketing"] and application["platform"] == [a.platform.slug]
    assert "Market and customer mix" in application["title"][0] or "Marknad" in application["title"][0]


def test_the_method_is_labelled_as_the_platforms_own(client, world):
    client.force_login(world.manager_a)
    for url in (
        reverse("followup-check-history", args=[world.enterprise_a.slug]),
        reverse("followup-check-create", args=[world.enterprise_a.slug]),
    ):
        assert 'id="method-note"' in client.get(url).content.decode()


def test_the_overview_lists_the_latest_check_and_filters_those_waiting(client, world):
    make_check(world.enterprise_a, by=world.manager_a, state="submitted")
    make_check(world.enterprise_b, by=world.manager_b)
    client.force_login(world.coordinator)
    rows = client.get(reverse("followup-checks")).context["rows"]
    assert {e.name for e, _s in rows} == {"Återbruket A", "Hundcentret B", "Dolda C"}
    waiting = client.get(reverse("followup-checks"), {"waiting": "1"}).context["rows"]
    assert [e.name for e, _s in waiting] == ["Återbruket A"]
    client.force_login(world.manager_b)
    assert [e.name for e, _s in client.get(reverse("followup-checks")).context["rows"]] == ["Hundcentret B"]


def test_start_page_panels(rf, world, django_assert_num_queries):
    make_check(world.enterprise_a, year=YEAR + 1, by=world.manager_a, state="submitted")
    request = rf.get("/")
    request.user = world.coordinator
    panel = checks_panels.checks_to_agree(request)
    assert isinstance(panel, Panel) and [c.enterprise for c in panel.context["waiting"]] == [
        world.enterprise_a
    ]
    request.user = world.manager_b
    assert checks_panels.checks_to_agree(request) is None
    mine = checks_panels.my_checks(request)
    assert [(e, c) for e, c in mine.context["rows"]] == [(world.enterprise_b, None)]
    request.user = world.manager_a
    access.managed_enterprise_ids(request.user)  # the roles, read once per request for every panel
    with django_assert_num_queries(1):
        rows = checks_panels.my_checks(request).context["rows"]
    assert [str(c) for _e, c in rows] == ["Skickad för avstämning"]
    request.user = world.steering
    assert checks_panels.my_checks(request) is None and checks_panels.checks_to_agree(request) is None


def test_the_demo_gives_every_enterprise_three_agreed_years_marked_as_examples(world):
    checks_demo.load({"admin": world.superuser})
    for enterprise in (world.enterprise_a, world.enterprise_b, world.hidden, world.other_enterprise):
        checks = list(SustainabilityCheck.objects.filter(enterprise=enterprise))
        assert len(checks) == 3 and all(c.status == CheckStatus.AGREED for c in checks)
    assert all(s.comment.startswith("Exempel:") for s in Score.objects.all())
    assert set(Score.objects.values_list("score", flat=True)) <= {1, 2, 3, 4, 5}
