"""The minutes as PDF: opened and its text read back."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from stodplattform.meetings import services
from stodplattform.meetings.testing import make_meetings


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def minutes(world):
    network, _steering, _other = make_meetings(world)
    item = services.add_agenda_item(
        network, by=world.coordinator, title="Gemensam marknadsföring", any_time=True
    )
    services.save_minutes(network, by=world.coordinator, notes={item.pk: "Vi pratade om mässan."})
    services.record_attendance(
        network,
        by=world.coordinator,
        statuses={
            world.manager_a.pk: "present",
            world.manager_b.pk: "excused",
            world.coordinator.pk: "present",
        },
    )
    decision = services.add_decision(network, by=world.coordinator, text="att göra ett gemensamt blad.")
    services.add_action_item(
        network,
        by=world.coordinator,
        title="Skriv texten",
        owner=world.manager_a,
        due_on=network.starts_at.date(),
    )
    return network, decision


def test_pdf_in_swedish(client, world, minutes):
    meeting, decision = minutes
    client.force_login(world.manager_b)
    response = client.get(reverse("meetings-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for expected in [
        "Plattform A",
        "Protokoll",
        "Gemensam marknadsföring",
        "Vi pratade om mässan.",
        f"§ {decision.number}/{decision.year}",
        "att göra ett gemensamt blad.",
        "Skriv texten",
        "Närvarande",
        "Återbruket A",
        "Ej justerat",
    ]:
        assert expected in text, expected


def test_pdf_in_english_after_locking(client, world, minutes):
    meeting, _decision = minutes
    services.lock_minutes(meeting, by=world.manager_a)
    client.force_login(world.coordinator)
    text = _text(client.get(reverse("meetings-pdf", args=[meeting.pk]) + "?lang=en").content)
    assert "Minutes" in text and "Present" in text and "Checked by" in text
