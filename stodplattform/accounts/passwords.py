"""A password "validator" that validates nothing: Django calls ``password_changed`` on it
whenever a user with a new password is saved, whichever way the password was changed
(the account page, a reset link, the admin, ``manage.py changepassword``)."""

from django.utils.translation import gettext as _


class RevokeTokensOnPasswordChange:
    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk:
            from .services import revoke_all_tokens

            revoke_all_tokens(user=user)

    def get_help_text(self):
        # Listed with the password rules on every form that sets a password.
        return _("When your password changes, all your API tokens stop working.")
