"""The cases a person may read (``CaseQuerySet.scope``): their platforms', their enterprises' and
those assigned to them, wherever those are."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.platforms.models import Role
from stodplattform.platforms.testing import make_member
from stodplattform.support.models import SupportCase
from stodplattform.support.services import assign_case
from stodplattform.support.testing import make_case

User = get_user_model()


def fresh(user):
    """The person as a new request loads them: nothing read for an earlier one."""
    return User.objects.get(pk=user.pk)


def test_a_coordinator_reads_a_case_assigned_to_them_on_a_platform_they_do_not_coordinate(
    client, world, cases
):
    # The coordinator is also co-opted on the other platform, and its case is theirs.
    make_member(world.other_platform, world.coordinator, Role.COOPTED)
    assign_case(cases.other, assignee=world.coordinator, by=world.outsider)
    coordinator = fresh(world.coordinator)
    visible = set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
    assert visible == {cases.case_a.pk, cases.conf_a.pk, cases.conf_b.pk, cases.other.pk}
    client.force_login(coordinator)
    assert client.get(cases.other.get_absolute_url()).status_code == 200
    assert cases.other.reference in client.get(reverse("support-inbox")).content.decode()
    # Its enterprise, on the other platform, is found by a piece of its name.
    SupportCase.objects.filter(pk=cases.other.pk).update(enterprise=world.other_enterprise)
    part = world.other_enterprise.name[2:-1].lower()
    response = client.get(reverse("support-inbox"), {"enterprise": part, "status": "all"})
    assert [c.pk for c in response.context["page"].object_list] == [cases.other.pk]


def test_without_such_a_case_their_platforms_cases_are_read_without_the_assignee_in_the_query(world, cases):
    coordinator = fresh(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        visible = set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
    assert visible == {cases.case_a.pk, cases.conf_a.pk, cases.conf_b.pk}
    # The roles, whether a case is assigned to them elsewhere, then the cases by platform alone.
    listed = queries.captured_queries[-1]["sql"]
    assert "assignee_id" not in listed and "platform_id" in listed
    # Read once a request.
    with CaptureQueriesContext(connection) as again:
        SupportCase.objects.visible_to(coordinator).count()
    assert len(again) == 1


def test_a_case_assigned_within_the_request_is_read_by_its_assignee_at_once(world, cases):
    make_member(world.other_platform, world.coordinator, Role.COOPTED)
    coordinator = fresh(world.coordinator)
    before = set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
    assert cases.other.pk not in before
    assign_case(cases.other, assignee=coordinator, by=world.outsider)
    after = set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
    assert after == before | {cases.other.pk}


def test_a_co_opted_member_with_nothing_assigned_reads_nothing_until_a_case_is_theirs(world):
    newcomer = User.objects.create_user(email="ny@test.example", password="x" * 16, full_name="Ny")
    make_member(world.platform, newcomer, Role.COOPTED)
    newcomer = fresh(newcomer)
    assert not SupportCase.objects.visible_to(newcomer).exists()
    case = make_case(world.platform, by=world.coordinator, assignee=newcomer)
    assert list(SupportCase.objects.visible_to(newcomer).values_list("pk", flat=True)) == [case.pk]


def test_a_role_ended_within_the_request_is_asked_anew(world, cases):
    """Roles are read once a request and forgotten after a change (``access.forget``); whether a
    case is assigned beyond them is asked again for the roles read anew."""
    from stodplattform.platforms import access
    from stodplattform.platforms.models import Membership

    make_member(world.other_platform, world.coordinator, Role.COORDINATOR)
    assign_case(cases.other, assignee=world.coordinator, by=world.outsider)
    coordinator = fresh(world.coordinator)
    assert cases.other.pk in set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
    # Their coordination of the other platform ends; the case stays assigned to them.
    Membership.objects.filter(platform=world.other_platform, user=coordinator, role=Role.COORDINATOR).delete()
    make_member(world.other_platform, coordinator, Role.COOPTED)
    access.forget(coordinator)
    assert cases.other.pk in set(SupportCase.objects.visible_to(coordinator).values_list("pk", flat=True))
