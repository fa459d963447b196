import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        from allauth.account.models import EmailAddress

        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        # Accounts are made only where the address is known to be the person's (an
        # invitation, the admin, a command): allauth needs it verified for resets,
        # e-mail changes and before a second factor may be added.
        EmailAddress.objects.using(self._db).create(user=user, email=user.email, verified=True, primary=True)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Empty: follow the language switch. Set: the site speaks it once the person has signed in.
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _in_a_year():
    return timezone.now() + timedelta(days=365)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def token_for(self, raw: str):
        """The usable token of an active user that a raw bearer token is, or None."""
        token = (
            self.usable()
            .select_related("user")
            .filter(key_hash=_hash_token(raw), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        # Write at most once an hour so that API traffic does not turn into writes.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 3600:
            type(self)(self.model).filter(pk=token.pk).update(last_used_at=now)
        return token

    def user_for(self, raw: str):
        """The active user a raw bearer token belongs to, or None."""
        token = self.token_for(raw)
        return token.user if token else None


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the raw key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=_in_a_year)
    scope = models.CharField(_("access"), max_length=8, choices=Scope.choices, default=Scope.WRITE)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, user: User, name: str, scope: str = Scope.WRITE, days: int = 365
    ) -> tuple["ApiToken", str]:
        raw = "sp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:8],
            key_hash=_hash_token(raw),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class AccountEventQuerySet(models.QuerySet):
    def for_users(self, user_ids):
        """The events of these people, newest first."""
        return self.filter(user_id__in=user_ids).order_by("-created_at", "-pk")


class AccountEvent(models.Model):
    """Something that happened to a person's sign-in: kept so that they (and their
    coordinator) can see whether someone else has been at their account."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset by e-mail")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("New recovery codes")
        SESSIONS_ENDED = "sessions_ended", _("Other sessions signed out")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    # Null for a failed sign-in with an unknown address, which is kept by ``email`` only.
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="account_events"
    )
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    kind = models.CharField(_("what"), max_length=32, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.email}"
