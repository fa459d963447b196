"""A link from another page (a sustainability check's weakest area) opens the application filled in."""

from django.urls import reverse


def test_the_application_reads_enterprise_category_and_title_from_the_link(client, world):
    client.force_login(world.manager_a)
    page = client.get(
        reverse("interventions-create"),
        {"enterprise": world.enterprise_a.slug, "category": "marketing", "title": "Marknad 2025"},
    )
    form = page.context["form"]
    assert form.initial["category"] == "marketing"
    assert form.initial["title"] == "Marknad 2025"
    assert form.initial["enterprises"] == [world.enterprise_a]
    html = page.content.decode()
    assert 'value="Marknad 2025"' in html
    assert f'value="{world.enterprise_a.pk}"' in html and "checked" in html


def test_an_unknown_category_or_someone_elses_enterprise_is_ignored(client, world):
    client.force_login(world.manager_a)
    page = client.get(
        reverse("interventions-create"), {"enterprise": world.enterprise_b.slug, "category": "nonsense"}
    )
    form = page.context["form"]
    assert "category" not in form.initial
    assert "enterprises" not in form.initial
