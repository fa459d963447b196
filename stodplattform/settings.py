"""Stödplattformen settings: one file, read from environment variables.

Defaults suit a laptop (SQLite under var/, Swedish, Europe/Stockholm). See the
README's production section for what to set on a server.
"""

import contextlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envfloat(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)


def _local_secret_key() -> str:
    """A random key kept in var/secret_key, made on first use: for a laptop (DEBUG) only."""
    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the owner only; a concurrent start may win the race, which is fine.
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("STODPLATTFORM_CODE_ONLY_COMMAND") and not DEBUG:
    # manage.py makemigrations/makemessages/compilemessages: they sign nothing, so a key that
    # lives as long as this process is enough (never a fixed, public one).
    import secrets

    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        # A public fall-back key would let anyone forge sessions and password-reset links.
        # The worker fails to load and Granian stops (a crash loop ends it even with
        # --respawn-failed-workers) instead of serving; the last line says what to do.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: production needs a long random secret key "
            "(on a laptop use ./serve or DJANGO_DEBUG=true)."
        )
    SECRET_KEY = _local_secret_key()
# The test client's "testserver" is added by Django's test set-up (pytest-django), never here.
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search, unaccent and trigram lookups on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "auditlog",
    "csp",
    "django_htmx",
    "template_partials",
    # Each app's rules.py declares its permissions.
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "stodplattform.core",
    "stodplattform.accounts",
    "stodplattform.platforms",
    "stodplattform.enterprises",
    "stodplattform.support",
    "stodplattform.interventions",
    "stodplattform.events",
    "stodplattform.meetings",
    "stodplattform.followup",
    "stodplattform.financing",
    "stodplattform.reporting",
    "stodplattform.api",
    "stodplattform.portal",
]

MIDDLEWARE = [
    "stodplattform.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "stodplattform.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "stodplattform.core.middleware.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # After authentication: the signed-in person's language, idle expiry, second factor.
    "stodplattform.accounts.middleware.PreferredLanguageMiddleware",
    "stodplattform.accounts.middleware.IdleSessionMiddleware",
    "stodplattform.platforms.mfa.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "stodplattform.urls"
WSGI_APPLICATION = "stodplattform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stodplattform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "stodplattform.core.context_processors.site",
            ],
        },
    }
]
# Widgets, labels and error lists through Jinja2 (core/renderers.py says why).
FORM_RENDERER = "stodplattform.core.renderers.FormRenderer"

(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'stodplattform.sqlite3'}",
        # Connections are kept between requests (a new PostgreSQL connection costs more than
        # a simple page: keeping them doubled a showcase page's rate); 0 closes each at the end.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection is tested before each request, so a restarted PostgreSQL is survived.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Several server processes on one file: readers never wait for the writer (WAL),
            # a write takes the lock when it begins (IMMEDIATE, so no deadlock on upgrade), and
            # a writer waits up to 20 s for another instead of failing at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner told that reading a row by index costs little more than reading on in order,
    # as on SSDs and for a database that fits in memory (PostgreSQL's own advice for them; its
    # default, 4, is for spinning disks). It then reads a platform's rows off their indexes
    # instead of hashing whole tables: a meeting's page 42 -> 35 ms, the coordinator's inbox 36
    # -> 30, the key figures overview 42 -> 31 (5 000 enterprises). An "options" in
    # DATABASE_URL wins; DATABASE_RANDOM_PAGE_COST=4 gives PostgreSQL's default back.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={envfloat('DATABASE_RANDOM_PAGE_COST', 1.1)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # allauth's backend (Django's ModelBackend plus login by e-mail address), with the model
    # permissions of staff only; the admin's login goes through allauth too (urls.py), so one
    # rate limit holds.
    "stodplattform.accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal-start"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: Django calls it whenever a new password is saved (change,
    # reset, admin, changepassword), and it revokes the person's API tokens.
    {"NAME": "stodplattform.accounts.passwords.RevokeTokensOnPasswordChange"},
]

# -- Sign-in (django-allauth) ---------------------------------------------------
ACCOUNT_ADAPTER = "stodplattform.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "stodplattform.accounts.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Every account's address is verified when it is made (by invitation); a new
# address must be confirmed from its own inbox before it replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
# People are told by e-mail when their password, address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
# No mail to addresses that have no account: there is no sign-up to point them to.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Sessions end after SESSION_IDLE_SECONDS without use (IdleSessionMiddleware), not at browser close.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Stödplattformen: "
# Sign-in limits, counted across all processes through the cache below. Strict per account
# (failed sign-ins per e-mail address); generous per network address, because a municipality's
# whole office may sign in from one address on a Monday morning (allauth's default is 30 a minute).
LOGIN_ATTEMPTS_LIMIT = envint("LOGIN_ATTEMPTS_LIMIT", 5)
LOGIN_ATTEMPTS_SECONDS = envint("LOGIN_ATTEMPTS_SECONDS", 5 * 60)
LOGIN_PER_IP_MINUTE = envint("LOGIN_PER_IP_MINUTE", 300)
LOGIN_FAILED_PER_IP_MINUTE = envint("LOGIN_FAILED_PER_IP_MINUTE", 60)
ACCOUNT_RATE_LIMITS = {
    "login": f"{LOGIN_PER_IP_MINUTE}/m/ip",
    "login_failed": f"{LOGIN_FAILED_PER_IP_MINUTE}/m/ip,{LOGIN_ATTEMPTS_LIMIT}/{LOGIN_ATTEMPTS_SECONDS}s/key",
}
# Behind the proxy every request comes from the proxy's address: allauth then takes the
# client's from the last entry of X-Forwarded-For, the one our proxy appended.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 1 if envbool("DJANGO_BEHIND_PROXY") else 0)
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
USERSESSIONS_TRACK_ACTIVITY = False
USERSESSIONS_ADAPTER = "stodplattform.accounts.adapter.UserSessionsAdapter"

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Stödplattformen"
# Passkeys over plain http (a laptop on http://127.0.0.1): allauth accepts the origin only when told so.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = envbool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", DEBUG)
# Role codes (platforms.Role, plus "superuser") whose holders must set up a second
# factor before they can do anything else. Set but empty (./serve): optional for everyone.
MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES", "coordinator,steering,coopted,manager,superuser")

# Signed-in sessions end after this long without a request; the expiry is renewed
# at most every SESSION_RENEW_SECONDS so that ordinary page views write nothing.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_RENEW_SECONDS = envint("SESSION_RENEW_SECONDS", 5 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

# Shared by all app processes: allauth's login throttling and used TOTP codes live here.
# The table is made by `migrate` (core migration 0002) and by `manage.py createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "stodplattform_cache",
    },
    # Public pages for anonymous visitors (core/pagecache.py), per process: the generation
    # that says whether they are current is read from "default" on every request.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "stodplattform-pages",
        "OPTIONS": {"MAX_ENTRIES": envint("PUBLIC_PAGE_CACHE_ENTRIES", 1000)},
    },
}

# The longest a public page is kept: what changes with time alone (an event becomes past) or
# outside the application (raw SQL on the database) shows within this many seconds.
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 300)

# Reporting: a person count below this shows as "< 5" wherever figures leave the platform
# (steering, observers, the public, the funder's report, exports and the API).
REPORTING_SUPPRESS_BELOW = envint("REPORTING_SUPPRESS_BELOW", 5)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
SERVE_MEDIA = envbool("SERVE_MEDIA", DEBUG)
# The benchmark's admin change lists to compare signed-in pages with (stodplattform/portal/benchadmin.py);
# bench/run turns it on for its own server only.
BENCH_ADMIN = envbool("BENCH_ADMIN", False)
# Attachments of cases, interventions and meetings: outside MEDIA_ROOT, so no web server
# ever serves them; only permission-checked views read them. Back it up with the database.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Kept exports of the public directory (core/exports.py cached_export), one file per version
# and validated filter; when a new one is made, files older than EXPORT_CACHE_SECONDS are
# removed, then the oldest until all fit in EXPORT_CACHE_MAX_BYTES.
EXPORT_CACHE_ROOT = Path(os.environ.get("EXPORT_CACHE_ROOT", BASE_DIR / "var" / "cache" / "exports"))
EXPORT_CACHE_SECONDS = envint("EXPORT_CACHE_SECONDS", 24 * 60 * 60)
EXPORT_CACHE_MAX_BYTES = envint("EXPORT_CACHE_MAX_BYTES", 200 * 1024 * 1024)
# Uploaded images: the size limit is checked by the form, this keeps big bodies on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
IMAGE_MAX_BYTES = envint("IMAGE_MAX_BYTES", 3 * 1024 * 1024)
# Attachments of interventions and expenses (PDF, pictures, office documents).
INTERVENTION_ATTACHMENT_MAX_BYTES = envint("INTERVENTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Width × height of an accepted image: a small PNG may otherwise unpack to gigabytes.
IMAGE_MAX_PIXELS = envint("IMAGE_MAX_PIXELS", 25_000_000)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMTP in production: EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and these.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
# ./serve keeps sent mail readable in var/mail/ (the file backend).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stödplattformen <noreply@example.org>")

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool(
    "DJANGO_SECURE_COOKIES", not DEBUG
)
SESSION_COOKIE_HTTPONLY = True
# The language is chosen by a form posted to the server; no script needs to read the cookie.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY") else None
# Production sits behind a TLS proxy: plain HTTP is redirected and browsers are told to
# stay on HTTPS for a year (subdomains included). /healthz stays reachable over plain HTTP
# for a load balancer on the loopback.
SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a promise to browser vendors that is slow to undo, so the operator opts in;
# until then check --deploy's reminder (W021) is silenced on purpose.
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
X_FRAME_OPTIONS = "DENY"

# A strict policy: no inline script or style except with the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# How long an invitation link works after it was (last) sent.
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", 14)

# Support cases: closed confidential (HR) cases lose their names and texts after this many months.
SUPPORT_CONFIDENTIAL_RETENTION_MONTHS = envint("SUPPORT_CONFIDENTIAL_RETENTION_MONTHS", 24)
# Attachments to case entries: largest size (kept in PRIVATE_ROOT, never served by a public URL).
SUPPORT_ATTACHMENT_MAX_BYTES = envint("SUPPORT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The public "Få stöd" form: at most this many requests per address and hour.
SUPPORT_REQUESTS_PER_HOUR = envint("SUPPORT_REQUESTS_PER_HOUR", 5)
# Registrants' personal data and notes are removed this many days after an event (manage.py purge_personal_data).
EVENTS_RETENTION_DAYS = envint("EVENTS_RETENTION_DAYS", 90)
# Retention of personal data (the register of processing, core/privacy.py), applied by
# manage.py purge_personal_data together with the two settings above.
ACCOUNTS_CLOSED_RETENTION_MONTHS = envint("ACCOUNTS_CLOSED_RETENTION_MONTHS", 24)
ACCOUNT_EVENTS_RETENTION_DAYS = envint("ACCOUNT_EVENTS_RETENTION_DAYS", 365)
INVITATIONS_RETENTION_DAYS = envint("INVITATIONS_RETENTION_DAYS", 365)
SUPPORT_CASE_RETENTION_MONTHS = envint("SUPPORT_CASE_RETENTION_MONTHS", 36)
SUPPORT_PROSPECT_RETENTION_MONTHS = envint("SUPPORT_PROSPECT_RETENTION_MONTHS", 24)
INTERVENTIONS_RETENTION_YEARS = envint("INTERVENTIONS_RETENTION_YEARS", 10)
MEETINGS_ATTENDANCE_RETENTION_YEARS = envint("MEETINGS_ATTENDANCE_RETENTION_YEARS", 10)
AUDIT_RETENTION_YEARS = envint("AUDIT_RETENTION_YEARS", 10)
# Meetings: how many days before a meeting its agenda is mailed to the invitees, how many days
# before the meeting managers' agenda proposals close, and how soon an action item counts as due soon.
MEETINGS_AGENDA_DAYS_BEFORE = envint("MEETINGS_AGENDA_DAYS_BEFORE", 3)
MEETINGS_PROPOSAL_DAYS_BEFORE = envint("MEETINGS_PROPOSAL_DAYS_BEFORE", 5)
MEETINGS_ACTION_DUE_SOON_DAYS = envint("MEETINGS_ACTION_DUE_SOON_DAYS", 7)

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "stodplattform.core.logs.RequestIdFilter"}},
    "formatters": {
        "message": {"format": "%(message)s"},
        # The request id links a traceback to the request's log line and to what the user quotes.
        "plain": {"format": "%(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One JSON line per request (method, path, status, duration_ms, request_id) on stderr.
        "stodplattform.requests": {
            "handlers": ["requests"],
            "level": "INFO" if envbool("REQUEST_LOG", True) else "WARNING",
            "propagate": False,
        },
    },
}
