"""Legday settings: one module, configured by environment variables.

``DEBUG`` is off unless set (``make run`` sets ``DEBUG=1`` for development). With
``DEBUG`` off the app refuses to start unless ``SECRET_KEY`` (at least 50
characters) and ``ALLOWED_HOSTS`` are set, and the security settings pass
``manage.py check --deploy``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
elif not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters when DEBUG is off "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "recovery",
    "coaching",
    "integrations",
    "imports",
    # django-ninja: its interactive API docs page and their static files (served locally).
    "ninja",
]

MIDDLEWARE = [
    # First: answers /healthz before the HTTPS redirect and the host check (load balancers).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML and JSON (with Django's BREACH mitigation); whitenoise serves static
    # files precompressed.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # Turns a locked account (too many failed password checks) into a 429 page.
    "accounts.middleware.AccountLockMiddleware",
]

ROOT_URLCONF = "config.urls"
# `make bench` mounts a bare page (the floor it compares pages with); never set in production.
BENCH_FLOOR = env_bool("LEGDAY_BENCH_FLOOR", False)
# Dashboards drawn at most once a minute per data version (recovery.page_cache). Off only to
# measure what drawing costs (`make bench`).
PAGE_CACHE = env_bool("LEGDAY_PAGE_CACHE", True)
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
            "builtins": ["accounts.templatetags.when"],  # {{ moment|when:"D H:i" }}
        },
    },
]

# Databases: SQLite by default (tuned for concurrent use), PostgreSQL via DATABASE_URL.
SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist (CONN_MAX_AGE) here too: opening SQLite and running the PRAGMAs
    # on every request cost more than the page's own queries.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,  # seconds to wait on a locked database
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=5000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Username or email, any letter case; the admin's sign-in goes through it too.
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sessions: 12 hours from the last activity (the expiry is pushed forward at most every
# 10 minutes, by accounts.middleware.SessionActivityMiddleware); "keep me signed in" on
# the sign-in form keeps one for 30 days.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_REFRESH_SECONDS = 10 * 60
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console in development; SMTP (configured below) in production.
MAILERS = {
    "default": (
        {"BACKEND": "accounts.mail.ReadableConsoleBackend"}
        if DEBUG and not os.environ.get("EMAIL_HOST")
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Legday <noreply@legday.invalid>")

# Accounts (django-allauth): sign-up, sign-in with username or email, verification,
# password reset/change and MFA (TOTP + recovery codes).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "login": "accounts.auth_forms.SignInForm",
    "change_password": "accounts.auth_forms.ChangePasswordForm",
    "add_email": "accounts.auth_forms.AddEmailForm",
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one replaces it once verified
ACCOUNT_EMAIL_VERIFICATION = "optional"  # sign in at once; invitations wait for a verified address
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PRESERVE_USERNAME_CASING = True  # existing usernames keep their letters
ACCOUNT_USERNAME_BLACKLIST = ["admin", "administrator", "legday", "support", "staff", "root"]
ACCOUNT_SESSION_REMEMBER = None  # ask: "keep me signed in"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Legday] "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# One throttle system (allauth's cache-backed limiter). "login_failed" counts every failed
# password check -- sign-in, reauthentication, password change, account deletion -- per
# *account* (see accounts.lockout) and per client IP.
LOCKOUT_FAILURES = int(os.environ.get("LOCKOUT_FAILURES", "5"))
LOCKOUT_MINUTES = 15
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{LOCKOUT_FAILURES}/{LOCKOUT_MINUTES}m/key",
    # Coach invitations and requests (coaching.sharing_views).
    "coach_link": "10/h/user,30/h/ip",
}
# The client IP behind a reverse proxy: the number of proxies you run in front of Legday
# (each appends to X-Forwarded-For). 0 = no proxy: the connection's address is used.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Legday"
MFA_FORMS = {
    "authenticate": "accounts.mfa_forms.MFAAuthenticateForm",
    "reauthenticate": "accounts.mfa_forms.MFAReauthenticateForm",
}

# Cache: the sign-in and API throttle counters, and sessions. Local memory by default (one
# process, nothing else to run); with REDIS_URL every worker of every app server shares the
# counters, and sessions are cached in Redis in front of the database (cached_db), so any
# server can answer any request.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "accounts.session_store"  # Django's database sessions, read as written SQL
)

# Security headers (the strict ones apply whenever DEBUG is off).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-": the browser only accepts them over HTTPS, for this host, on path "/".
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
