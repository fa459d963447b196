"""Django's model permissions count for staff only: the platform's rules decide the rest."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from stodplattform.accounts.backends import AuthenticationBackend
from stodplattform.accounts.models import User
from stodplattform.enterprises.testing import PASSWORD


def _given(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return User.objects.get(pk=user.pk)  # without the permission cache


def test_a_model_permission_given_in_the_admin_does_not_count_for_someone_not_staff(db):
    person = _given(User.objects.create_user(email="p@test.example", password=PASSWORD), "add_fundingcall")
    assert not person.has_perm("financing.add_fundingcall")
    # The platform's own rule still decides, and says no: not a coordinator anywhere.
    assert not person.has_perm("financing.add_call")


def test_asking_for_someone_not_staff_reads_no_model_permissions(db, django_assert_num_queries):
    person = _given(User.objects.create_user(email="p@test.example", password=PASSWORD), "add_fundingcall")
    with django_assert_num_queries(0):
        assert AuthenticationBackend().get_all_permissions(person) == set()


def test_staff_keep_their_model_permissions_and_the_admin_they_open_with_them(client, db):
    staff = User.objects.create_user(email="s@test.example", password=PASSWORD, is_staff=True)
    staff = _given(staff, "view_fundingcall")
    assert staff.has_perm("financing.view_fundingcall")
    assert not staff.has_perm("financing.add_fundingcall")
    client.force_login(staff)
    assert client.get(reverse("admin:financing_fundingcall_changelist")).status_code == 200
    assert client.get(reverse("admin:financing_fundingcall_add")).status_code == 403


def test_a_model_permission_named_as_a_rule_does_not_say_yes_where_the_rule_says_no(db):
    staff = User.objects.create_user(email="s@test.example", password=PASSWORD, is_staff=True)
    staff = _given(staff, "add_intervention")
    assert "interventions.add_intervention" in AuthenticationBackend().get_all_permissions(staff)
    # Not a coordinator anywhere: the rule says no, and the model permission does not overrule it.
    assert not staff.has_perm("interventions.add_intervention")
