"""How people sign in, and which of Django's model permissions count."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (Django's ModelBackend, with sign-in by e-mail address), whose model
    permissions count for staff only.

    What people may do on the platform is decided by the rules of each app (``rules.py``,
    asked through ``core.permissions``). Django's model permissions, given in the admin,
    serve the admin, which only staff can open. When a rule said no, Django asked this backend
    next and read the person's model permissions: two queries on every manager's start page,
    and a permission given in the admin could have said yes where the platform's rule said no.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
