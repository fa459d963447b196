"""How people sign in, and which of Django's model permissions count."""

import rules
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (Django's ModelBackend, with sign-in by e-mail address), whose model
    permissions count for staff only, and never for a capability that a rule decides.

    What people may do on the platform is decided by the rules of each app (``rules.py``,
    asked through ``core.permissions``). Django's model permissions, given in the admin,
    serve the admin, which only staff can open. When a rule said no, Django asked this backend
    next and read the person's model permissions: two queries on every manager's start page.
    And a model permission of the same name as a rule (``interventions.add_intervention``)
    could have said yes where the rule said no.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False  # the rule decides, through rules' own backend
        return super().has_perm(user_obj, perm, obj)
