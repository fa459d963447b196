"""Two people writing the same minutes: a save over text someone else saved meanwhile is refused."""

import pytest
from django.urls import reverse

from stodplattform.meetings import services
from stodplattform.meetings.models import AgendaItem
from stodplattform.meetings.testing import make_meetings


@pytest.fixture
def minutes(world):
    network, _steering, _other = make_meetings(world)
    first = services.add_agenda_item(network, by=world.coordinator, title="Mässan", any_time=True)
    second = services.add_agenda_item(network, by=world.coordinator, title="Ekonomi", any_time=True)
    services.save_minutes(network, by=world.coordinator, notes={first.pk: "Start", second.pk: ""})
    first.refresh_from_db()
    return network, first, second


def _loaded_form(client, meeting):
    """The form's fields as the browser got them (text and hidden versions)."""
    response = client.get(reverse("meetings-minutes", args=[meeting.pk]))
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_older_form_saved_last_is_refused_and_keeps_what_was_typed(client, world, minutes):
    network, first, _second = minutes
    client.force_login(world.coordinator)
    mine = _loaded_form(client, network)
    # The secretary (here also a coordinator) saves first, from a form loaded at the same time.
    theirs = dict(mine, **{f"item_{first.pk}": "Start\nMonter bokad."})
    assert client.post(reverse("meetings-minutes", args=[network.pk]), theirs).status_code == 302

    mine[f"item_{first.pk}"] = "Start\nMonter inte bokad."
    response = client.post(reverse("meetings-minutes", args=[network.pk]), mine)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.notes == "Start\nMonter bokad."  # the newer text stands
    page = response.content.decode()
    assert "Någon annan ändrade anteckningarna" in page
    assert "Monter inte bokad." in page  # what was typed stays in the box
    assert "Monter bokad." in page  # and the newer text is shown next to it
    form = response.context["form"]
    assert form.errors[f"item_{first.pk}"]

    # Saving again, having seen the newer text, is deliberate and goes through.
    again = {name: form[name].value() or "" for name in form.fields}
    again[f"item_{first.pk}"] = "Start\nMonter bokad, men flyttad."
    assert client.post(reverse("meetings-minutes", args=[network.pk]), again).status_code == 302
    first.refresh_from_db()
    assert first.notes == "Start\nMonter bokad, men flyttad."


def test_the_conflict_message_is_in_english_too(client, world, minutes):
    network, first, _second = minutes
    world.coordinator.language = "en"
    world.coordinator.save()
    client.force_login(world.coordinator)
    mine = _loaded_form(client, network)
    services.save_minutes(network, by=world.manager_a, notes={first.pk: "Ny"})
    mine[f"item_{first.pk}"] = "Min"
    page = client.post(
        reverse("meetings-minutes", args=[network.pk]), mine, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Someone else changed these notes after you opened the page" in page


def test_two_writers_of_different_items_both_keep_their_text(client, world, minutes):
    network, first, second = minutes
    client.force_login(world.coordinator)
    mine = _loaded_form(client, network)
    theirs = dict(mine, **{f"item_{second.pk}": "Budgeten följer planen."})
    assert client.post(reverse("meetings-minutes", args=[network.pk]), theirs).status_code == 302
    mine[f"item_{first.pk}"] = "Start\nMonter bokad."
    assert client.post(reverse("meetings-minutes", args=[network.pk]), mine).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notes == "Start\nMonter bokad."
    assert second.notes == "Budgeten följer planen."  # not overwritten by the older form's empty box


def test_the_service_refuses_a_stale_version_and_saves_nothing(world, minutes):
    network, first, second = minutes
    loaded = {first.pk: first.notes_version, second.pk: second.notes_version}
    services.save_minutes(network, by=world.coordinator, notes={first.pk: "Ändrad av en"}, loaded=loaded)
    with pytest.raises(services.MinutesConflict) as conflict:
        services.save_minutes(
            network,
            by=world.coordinator,
            notes={first.pk: "Ändrad av två", second.pk: "Också ändrad"},
            loaded=loaded,
        )
    assert conflict.value.newer == {first.pk: "Ändrad av en"}
    assert AgendaItem.objects.get(pk=first.pk).notes == "Ändrad av en"
    assert AgendaItem.objects.get(pk=second.pk).notes == ""  # all or nothing


def test_line_endings_from_the_browser_are_not_a_change(world, minutes):
    network, first, _second = minutes
    services.save_minutes(network, by=world.coordinator, notes={first.pk: "Rad ett\nRad två"})
    first.refresh_from_db()
    loaded = {first.pk: first.notes_version}
    services.save_minutes(
        network, by=world.coordinator, notes={first.pk: "Rad ett\r\nRad två"}, loaded=loaded
    )
    first.refresh_from_db()
    assert first.notes == "Rad ett\nRad två"
