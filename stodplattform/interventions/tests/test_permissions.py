"""The permission matrix of the interventions' pages: (page, persona) → status, on both platforms.

404 outside the persona's platform or enterprise (and for observers, who see sums only),
403 for a record in scope but a role too low, 302 to the login page for anonymous.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stodplattform.interventions import services
from stodplattform.interventions.models import Intervention
from stodplattform.interventions.testing import make_intervention

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]

SUMS = {
    "coordinator": 200,
    "steering": 200,
    "observer": 200,
    "superuser": 200,
    "outsider": 404,
    "default": 403,
}
MANAGE_BUDGET = {"coordinator": 200, "superuser": 200, "outsider": 404, "default": 403}
OTHER_PLATFORM = {"outsider": 200, "superuser": 200, "default": 404}
SEES_A = {"coordinator": 200, "steering": 200, "manager_a": 200, "superuser": 200, "default": 404}

# page → {persona: status}; "default" for the personas not named; anonymous is always 302.
MATRIX = {
    "budget": SUMS,
    "budget_csv": SUMS,
    "budget_xlsx": SUMS,
    "budget_other": OTHER_PLATFORM,
    "budget_create": MANAGE_BUDGET,
    "budget_edit": MANAGE_BUDGET,
    "budget_edit_other": OTHER_PLATFORM,
    "list": {"observer": 403, "coopted": 403, "default": 200},
    "create": {"steering": 403, "observer": 403, "coopted": 403, "default": 200},
    "detail_a": SEES_A,
    "detail_other": OTHER_PLATFORM,
    "edit_a": {**SEES_A, "steering": 403},
    "prepare_a": {**SEES_A, "steering": 403, "manager_a": 403},
    "decide_a": {**SEES_A, "manager_a": 403},
    # The manager submits expenses for approval; the coordinator reviews them.
    "expense_a": {**SEES_A, "steering": 403},
    "expense_review_a": {**SEES_A, "steering": 403, "manager_a": 403},
    "report_a": {**SEES_A, "steering": 403},
    "report_other": OTHER_PLATFORM,
    "attachment_a": SEES_A,
    "expense_file_a": SEES_A,
    # POST only: GET answers 405 once signed in.
    "submit_a": {"default": 405},
    "cancel_a": {"default": 405},
}


def _expense_with_file(world):
    intervention = make_intervention(world, state="approved", title="Godkänd")
    return services.record_expense(
        intervention,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("10.00"),
        supplier="Leverantör AB",
        attachment=SimpleUploadedFile("kvitto.pdf", b"%PDF-1.4\n", "application/pdf"),
        by=world.coordinator,
    )


def _url(world, page):
    a, o = world.ia.pk, world.io.pk
    slug, other = world.platform.slug, world.other_platform.slug
    return {
        "budget": reverse("interventions-budget", args=[slug]),
        "budget_csv": reverse("interventions-budget", args=[slug]) + "?format=csv",
        "budget_xlsx": reverse("interventions-budget", args=[slug]) + "?format=xlsx",
        "budget_other": reverse("interventions-budget", args=[other]),
        "budget_create": reverse("interventions-budget-create", args=[slug]),
        "budget_edit": reverse("interventions-budget-edit", args=[slug, 2026]),
        "budget_edit_other": reverse("interventions-budget-edit", args=[other, 2026]),
        "list": reverse("interventions-list"),
        "create": reverse("interventions-create"),
        "detail_a": reverse("interventions-detail", args=[a]),
        "detail_other": reverse("interventions-detail", args=[o]),
        "edit_a": reverse("interventions-edit", args=[a]),
        "prepare_a": reverse("interventions-prepare", args=[a]),
        "decide_a": reverse("interventions-decide", args=[a]),
        "expense_a": reverse("interventions-expense", args=[a]),
        "report_a": reverse("interventions-report", args=[a]),
        "report_other": reverse("interventions-report", args=[o]),
        "attachment_a": reverse("interventions-attachment", args=[world.attachment.pk]),
        "expense_file_a": reverse("interventions-expense-file", args=[_expense_with_file(world).pk]),
        "expense_review_a": reverse("interventions-expense-review", args=[_expense_with_file(world).pk]),
        "submit_a": reverse("interventions-submit", args=[a]),
        "cancel_a": reverse("interventions-cancel", args=[a]),
    }[page]


@pytest.mark.parametrize("page", list(MATRIX))
def test_matrix(client, scene, page):
    url = _url(scene, page)
    expected = MATRIX[page]
    wrong = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(scene, persona))
        status = client.get(url).status_code
        want = 302 if persona == "anonymous" else expected.get(persona, expected["default"])
        if status != want:
            wrong[persona] = (status, want)
    assert not wrong, f"{url}: persona → (got, expected) {wrong}"


def test_post_steps_follow_the_same_rules(client, scene):
    """A manager of another enterprise cannot even learn the intervention exists; steering may not prepare."""
    client.force_login(scene.manager_b)
    assert client.post(reverse("interventions-submit", args=[scene.ia.pk])).status_code == 404
    assert client.post(reverse("interventions-cancel", args=[scene.ia.pk])).status_code == 404
    client.force_login(scene.steering)
    assert (
        client.post(reverse("interventions-prepare", args=[scene.ia.pk]), {"recommendation": "x"}).status_code
        == 403
    )
    assert client.post(reverse("interventions-cancel", args=[scene.ia.pk])).status_code == 403
    client.force_login(scene.observer)
    assert client.post(reverse("interventions-attach", args=[scene.ia.pk])).status_code == 404


# A step by POST → (the state it starts from, {persona: status}); each persona meets an
# intervention of its own. A 302 for a signed-in persona is the step done.
STEPS = {
    # The applicant marks the work as started (as they report it); steering does not.
    "interventions-start": (
        "approved",
        {"coordinator": 302, "manager_a": 302, "superuser": 302, "steering": 403, "default": 404},
    ),
    "interventions-close": (
        "reported",
        {"coordinator": 302, "superuser": 302, "steering": 403, "manager_a": 403, "default": 404},
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_post_step_matrix(client, scene, step):
    state, expected = STEPS[step]
    wrong = {}
    for persona in PERSONAS:
        intervention = make_intervention(scene, state=state)
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(scene, persona))
        status = client.post(reverse(step, args=[intervention.pk])).status_code
        want = 302 if persona == "anonymous" else expected.get(persona, expected["default"])
        done = Intervention.objects.get(pk=intervention.pk).status != state
        if status != want or done != (want == 302 and persona != "anonymous"):
            wrong[persona] = (status, want, done)
    assert not wrong, f"{step}: persona → (got, expected, done) {wrong}"
