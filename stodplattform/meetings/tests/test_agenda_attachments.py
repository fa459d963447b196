"""Agenda attachments: the same allowed types, checked by content, as every private attachment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stodplattform.meetings.models import AgendaItem
from stodplattform.meetings.testing import make_meetings


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("underlag.pdf", b"%PDF-1.7 x", True),
        ("budget.xlsx", b"PK\x03\x04 x", True),
        ("anteckning.txt", "Mötet åäö".encode(), True),
        ("sida.html", b"<script>alert(1)</script>", False),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
        ("falsk.pdf", b"<html><script>alert(1)</script>", False),
        ("program.exe", b"MZ....", False),
    ],
)
def test_agenda_attachment_types(client, world, name, content, ok):
    network, _steering, _other = make_meetings(world)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings-agenda-add", args=[network.pk]),
        {"title": "Med bilaga", "attachment": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == (302 if ok else 200)
    assert AgendaItem.objects.filter(meeting=network).count() == (1 if ok else 0)
    if not ok:
        assert "attachment" in response.context["form"].errors
        assert "Med bilaga" in response.content.decode()  # what was typed is kept
