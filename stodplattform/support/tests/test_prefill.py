"""A link from another page (a sustainability check's weakest area) opens the case form filled in."""

from django.urls import reverse


def test_the_case_form_reads_enterprise_category_and_title_from_the_link(client, world):
    client.force_login(world.manager_a)
    url = reverse("support-case-create")
    page = client.get(
        url, {"enterprise": world.enterprise_a.slug, "category": "market", "title": "Marknad 2025"}
    )
    form = page.context["form"]
    assert form.initial["enterprise"] == world.enterprise_a
    assert form.initial["category"] == "market"
    assert form.initial["title"] == "Marknad 2025"
    assert 'value="Marknad 2025"' in page.content.decode()


def test_an_unknown_category_or_someone_elses_enterprise_is_ignored(client, world):
    client.force_login(world.manager_a)
    page = client.get(
        reverse("support-case-create"), {"enterprise": world.enterprise_b.slug, "category": "nonsense"}
    )
    form = page.context["form"]
    assert form.initial["enterprise"] is None
    assert form.initial["category"] == "other"
