"""Pages and services: the happy path and every kind of bad input, which saves nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stodplattform.meetings import services
from stodplattform.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Series
from stodplattform.meetings.testing import make_meetings


@pytest.fixture
def meetings(world):
    return make_meetings(world)


def test_coordinator_creates_a_series(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings-series-create", args=[world.platform.slug]),
        {
            "kind": "network",
            "title": "Nätverksträff",
            "frequency": "monthly",
            "ordinal": "1",
            "weekday": "1",
            "start_time": "13:00",
            "duration_minutes": "120",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "skip": ["7"],
            "place": "Samarkand",
            "video_link": "video.example.org/rum",
        },
    )
    assert response.status_code == 302
    series = Series.objects.get()
    assert series.meetings.count() == 11
    assert series.video_link == "https://video.example.org/rum"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2026-12-31"}, "ends_on", "Sista datumet måste komma efter det första"),
        ({"skip": [str(m) for m in range(1, 13)]}, None, "ger inga mötesdatum"),
        ({"duration_minutes": "0"}, "duration_minutes", ""),
    ],
)
def test_series_bad_input_keeps_what_was_typed(client, world, changes, field, message):
    client.force_login(world.coordinator)
    data = {
        "kind": "network",
        "title": "Skrivet av mig",
        "frequency": "monthly",
        "ordinal": "1",
        "weekday": "1",
        "start_time": "13:00",
        "duration_minutes": "120",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
    }
    data.update(changes)
    response = client.post(reverse("meetings-series-create", args=[world.platform.slug]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert (field or "__all__") in form.errors
    assert message in str(form.errors)
    assert 'value="Skrivet av mig"' in response.content.decode()
    assert not Series.objects.exists() and not Meeting.objects.filter(series__isnull=False).exists()


def test_meeting_end_before_start(client, world, meetings):
    network, _s, _o = meetings
    client.force_login(world.coordinator)
    start = timezone.localtime(network.starts_at)
    response = client.post(
        reverse("meetings-edit", args=[network.pk]),
        {
            "title": "Ändrad titel",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "proposals_close_at": (start - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    network.refresh_from_db()
    assert network.title != "Ändrad titel"
    with pytest.raises(ValidationError):
        services.change_meeting(network, by=world.coordinator, ends_at=network.starts_at)


def test_manager_proposes_until_the_deadline(client, world, meetings):
    network, _s, _o = meetings
    client.force_login(world.manager_a)
    response = client.post(reverse("meetings-agenda-add", args=[network.pk]), {"title": "Mässan i maj"})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert item.proposed_by == world.manager_a and item.position == 1

    network.proposals_close_at = timezone.now() - datetime.timedelta(minutes=1)
    network.save()
    response = client.post(reverse("meetings-agenda-add", args=[network.pk]), {"title": "För sent"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "För sent" in response.content.decode()
    assert AgendaItem.objects.count() == 1
    # The coordinator still adds items after the deadline.
    client.force_login(world.coordinator)
    assert (
        client.post(reverse("meetings-agenda-add", args=[network.pk]), {"title": "Sent men ok"}).status_code
        == 302
    )


def test_attendance_per_invitee_and_enterprise(client, world, meetings):
    network, _s, _o = meetings
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings-attendance", args=[network.pk]),
        {f"person_{world.manager_a.pk}": "present", f"person_{world.manager_b.pk}": "excused"},
    )
    assert response.status_code == 302
    records = {a.user_id: a for a in Attendance.objects.all()}
    assert records[world.manager_a.pk].enterprise == world.enterprise_a
    assert records[world.manager_b.pk].status == "excused"
    _rows, by_enterprise = Meeting.objects.get(pk=network.pk).attendance_overview()
    assert dict(by_enterprise) == {world.enterprise_a: True, world.enterprise_b: False}
    response = client.post(
        reverse("meetings-attendance", args=[network.pk]), {f"person_{world.manager_a.pk}": "x"}
    )
    assert response.status_code == 200 and f"person_{world.manager_a.pk}" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.record_attendance(network, by=world.coordinator, statuses={world.steering.pk: "present"})


def test_decisions_are_numbered_per_platform_and_year(client, world, meetings):
    network, steering, other = meetings
    first = services.add_decision(network, by=world.coordinator, text="Ett")
    second = services.add_decision(steering, by=world.coordinator, text="Två")
    elsewhere = services.add_decision(other, by=world.outsider, text="Annan plattform")
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert str(second) == f"§ 2/{second.year}"
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings-decision-add", args=[network.pk]), {"number": "2", "text": "Dubblett"}
    )
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert "§ 2/" in str(response.context["form"].errors["number"])
    assert "Dubblett" in response.content.decode()
    assert Decision.objects.count() == 3


def test_action_item_needs_owner_and_due_date(client, world, meetings):
    network, _s, _o = meetings
    client.force_login(world.coordinator)
    response = client.post(reverse("meetings-action-add", args=[network.pk]), {"title": "Utan ägare"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "owner" in errors and "due_on" in errors
    assert not ActionItem.objects.exists()
    response = client.post(
        reverse("meetings-action-add", args=[network.pk]),
        {"title": "Med ägare", "owner": world.manager_a.pk, "due_on": "2030-01-31"},
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError) as error:
        services.add_action_item(network, by=world.coordinator, title="x", owner=None, due_on=None)
    assert set(error.value.message_dict) == {"owner", "due_on"}


def test_locked_minutes_take_only_additions(client, world, meetings):
    network, _s, _o = meetings
    item = services.add_agenda_item(network, by=world.coordinator, title="Punkt", any_time=True)
    services.save_minutes(network, by=world.coordinator, notes={item.pk: "Första versionen"})
    client.force_login(world.manager_a)  # the checker
    assert client.post(reverse("meetings-lock", args=[network.pk]), {"confirm": "on"}).status_code == 302
    network.refresh_from_db()
    assert network.is_locked

    client.force_login(world.coordinator)
    response = client.post(reverse("meetings-minutes", args=[network.pk]), {f"item_{item.pk}": "Ändrad"})
    assert response.status_code == 200
    assert "justerat och låst" in response.content.decode()
    item.refresh_from_db()
    assert item.notes == "Första versionen"
    for call in (
        lambda: services.add_decision(network, by=world.coordinator, text="Sent"),
        lambda: services.add_action_item(
            network, by=world.coordinator, title="x", owner=world.manager_a, due_on=datetime.date(2030, 1, 1)
        ),
        lambda: services.lock_minutes(network, by=world.manager_a),
    ):
        with pytest.raises(ValidationError):
            call()
    response = client.post(reverse("meetings-addition", args=[network.pk]), {"text": "Rättelse: fel datum."})
    assert response.status_code == 302
    page = client.get(reverse("meetings-detail", args=[network.pk])).content.decode()
    assert "Rättelse: fel datum." in page and "Tillägg av" in page


def test_changes_to_minutes_and_decisions_are_in_the_history(client, world, meetings):
    network, _s, _o = meetings
    item = services.add_agenda_item(network, by=world.coordinator, title="Punkt", any_time=True)
    services.save_minutes(network, by=world.coordinator, notes={item.pk: "Anteckning"})
    decision = services.add_decision(network, by=world.coordinator, text="Beslut")
    entries = LogEntry.objects.filter(actor=world.coordinator)
    assert entries.filter(object_pk=str(item.pk), changes__icontains="Anteckning").exists()
    assert entries.filter(object_pk=str(decision.pk), content_type__model="decision").exists()
    client.force_login(world.coordinator)
    history = client.get(reverse("meetings-history", args=[network.pk])).content.decode()
    assert "Anteckning" in history and "Beslut" in history


def test_action_item_status_by_its_owner(client, world, meetings):
    network, _s, _o = meetings
    item = services.add_action_item(
        network, by=world.coordinator, title="Gör", owner=world.manager_a, due_on=datetime.date(2030, 1, 1)
    )
    client.force_login(world.manager_a)
    page = client.get(reverse("portal-start")).content.decode()
    assert "Gör" in page
    response = client.post(
        reverse("meetings-action-status", args=[item.pk]), {"status": "done", "next": "start"}
    )
    assert response.status_code == 302 and response.url == reverse("portal-start")
    item.refresh_from_db()
    assert item.status == "done"
    response = client.post(reverse("meetings-action-status", args=[item.pk]), {"status": "nonsense"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_archive_search(client, world, meetings):
    network, _s, _o = meetings
    network.starts_at -= datetime.timedelta(days=40)
    network.ends_at -= datetime.timedelta(days=40)
    network.proposals_close_at -= datetime.timedelta(days=40)
    network.save()
    services.add_agenda_item(network, by=world.coordinator, title="Julmarknaden", any_time=True)
    client.force_login(world.manager_b)
    page = client.get(reverse("meetings-archive"), {"q": "julmarknad"})
    assert list(page.context["page"].object_list) == [network]
    page = client.get(reverse("meetings-archive"), {"q": "finns inte"})
    assert list(page.context["page"].object_list) == []
    assert client.get(reverse("meetings-archive"), {"year": "abc", "kind": "?"}).status_code == 200


def test_steering_decisions_for_other_apps(world, meetings):
    network, steering, _o = meetings
    services.add_decision(network, by=world.coordinator, text="Nätverk")
    taken = services.add_decision(steering, by=world.coordinator, text="Bevilja insatsen")
    assert list(services.steering_decisions(world.platform)) == [taken]
    assert services.decision_by_id(taken.pk, platform=world.platform) == taken
    assert services.decision_by_id(taken.pk, platform=world.other_platform) is None


def test_agenda_item_with_attachment(client, world, meetings, settings, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stodplattform.meetings import forms

    settings.MEDIA_ROOT = tmp_path
    network, _s, _o = meetings
    client.force_login(world.coordinator)
    url = reverse("meetings-agenda-add", args=[network.pk])
    upload = SimpleUploadedFile("underlag.pdf", b"%PDF-1.4 underlag", content_type="application/pdf")
    response = client.post(url, {"title": "Med bilaga", "attachment": upload})
    assert response.status_code == 302
    assert AgendaItem.objects.get().attachment.name.endswith("underlag.pdf")
    monkeypatch.setattr(forms, "ATTACHMENT_MAX_BYTES", 5)
    upload = SimpleUploadedFile("stor.pdf", b"%PDF-1.4 for stor", content_type="application/pdf")
    response = client.post(url, {"title": "För stor bilaga", "attachment": upload})
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    assert AgendaItem.objects.count() == 1


def test_an_agenda_attachment_is_private_and_permission_checked(client, world, meetings, settings):
    """Stored outside MEDIA_ROOT and handed out only to those who may see the meeting."""
    from pathlib import Path

    from django.core.files.base import ContentFile

    meeting, _steering, _other = meetings
    item = AgendaItem.objects.create(meeting=meeting, title="Bilagan", position=9)
    item.attachment.save("underlag.pdf", ContentFile(b"%PDF-1.4 hemligt"))
    stored = Path(settings.PRIVATE_ROOT) / item.attachment.name
    assert stored.is_file()
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    url = reverse("meetings-agenda-attachment", args=[meeting.pk, item.pk])
    client.force_login(world.manager_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hemligt"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_api_my_action_items_for_an_anonymous_caller_is_401_not_500(client, world, meetings):
    response = client.get("/api/v1/meetings/action-items", {"mine": "true"})
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize("days", [10, -3])
def test_the_secretary_finds_write_the_minutes_once(client, world, days):
    """Before the meeting by the agenda; after it, first in the page's actions, and not again
    by the agenda."""
    from stodplattform.meetings.testing import make_meeting

    meeting = make_meeting(world.platform, days=days, secretary=world.coordinator, checker=world.manager_a)
    client.force_login(world.coordinator)
    page = client.get(reverse("meetings-detail", args=[meeting.pk])).content.decode()
    assert page.count(f'href="{reverse("meetings-minutes", args=[meeting.pk])}"') == 1
