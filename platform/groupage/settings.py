"""Settings of Groupage, read from documented environment variables.

Every variable is listed in the README with its default. A wrong value stops
start-up with a message naming the variable (see `groupage.env`).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from groupage.env import (
    env_bool,
    env_choice,
    env_hostname,
    env_int,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env_str("GROUPAGE_DATA_DIR") or BASE_DIR / ".data")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it; "
            "set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"  # noqa: S105
if not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long in production.")

PLATFORM_DOMAIN = env_hostname("PLATFORM_DOMAIN", "localhost")
PLATFORM_NAME = "Groupage"
# Port appended to the links we print and e-mail (empty in production behind a proxy).
PLATFORM_PORT = env_int("PLATFORM_PORT", 8000 if DEBUG else 0, minimum=0)
PLATFORM_SCHEME = env_choice("PLATFORM_SCHEME", ("http", "https"), "http" if DEBUG else "https")
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}", *env_str("EXTRA_ALLOWED_HOSTS").split()]
if env_bool("ALLOW_ANY_HOST", False):
    # Custom domains of collectives are checked against the Domain table by
    # the tenant middleware; a proxy in front may then accept any host.
    ALLOWED_HOSTS = ["*"]

# --- Applications -----------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "groupage.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "public_site",
    "maintenance",
    "billing",
]
# Users, sessions and accounts exist in both the public schema (provider
# staff) and each collective's schema (its members): search_path makes the
# collective's tables win inside a collective.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "groupage.accounts",
    "allauth",
    "allauth.account",
    "shop.members",
    "shop.catalogue",
    "shop.pickup",
    "shop.cycles",
    "shop.orders",
    "shop.storefront",
    "shop.backoffice",
    "shop.producer_space",
    "shop.logistics",
    "shop.onboarding",
    "allauth.mfa",
    "shop.messaging",
    "shop.workbank",
    "shop.dashboard",
    "shop.invoicing",
    "billing.payments",
]
INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenants.Collective"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
TEMPLATE_SCHEMA_NAME = "template_collective"

MIDDLEWARE = [
    "tenants.middleware.CollectiveRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "groupage.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.middleware.CollectiveStatusMiddleware",
    "tenants.middleware.CollectiveTimeZoneMiddleware",
    "billing.middleware.ShopGateMiddleware",
]

ROOT_URLCONF = "groupage.urls_collective"
PUBLIC_SCHEMA_URLCONF = "groupage.urls_public"
WSGI_APPLICATION = "groupage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenants.context_processors.collective",
                "shop.storefront.context_processors.shop",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql"))
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0)
        )
    }
else:
    from groupage.embedded_db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(DATA_DIR / "postgres")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# A persistent connection broken by a database restart is noticed and replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("TEST_DATABASE_NAME", "test_groupage")
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks -----------------------------------------------------------

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Cache keys carry the collective's schema: no entry crosses collectives.
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"

BROKER_URL = env_url("CELERY_BROKER_URL", ("redis", "rediss", "amqp", "amqps"))
# Without a broker, tasks run in-process, at once (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_BROKER_URL = BROKER_URL or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_IMPORTS = ["maintenance.fleet"]
# Recurring jobs of every collective: see groupage/beat.py.

# --- Accounts -----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", ("mandatory", "optional", "none"), "mandatory"
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
SESSION_COOKIE_NAME = "groupage_session"
# Cookies stay on the host that set them: no session crosses subdomains.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Accept the code of the 30 s before or after: phones' clocks drift, and a code
# typed at the turn of a period must not fail.
MFA_TOTP_TOLERANCE = 1

# --- E-mail -------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
# SMTP by default; a provider's backend (e.g. anymail's) by its dotted path.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Groupage <noreply@{PLATFORM_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Payments ------------------------------------------------------------------

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_url("STRIPE_API_BASE", ("http", "https"))
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 10, minimum=1)

# The provider's identity on its invoices to the collectives.
PROVIDER_NAME = env_str("PROVIDER_NAME", "Groupage SAS")
PROVIDER_ADDRESS = env_str("PROVIDER_ADDRESS", "1 rue de la Coopération\n35000 Rennes").replace(
    "\\n", "\n"
)
PROVIDER_SIRET = env_str("PROVIDER_SIRET")
PROVIDER_VAT_NUMBER = env_str("PROVIDER_VAT_NUMBER")
PROVIDER_IBAN = env_str("PROVIDER_IBAN")

# --- Internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media files -----------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "platform" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or DATA_DIR / "media")
# Behind Caddy/nginx: the app checks the collective, the proxy sends the file.
MEDIA_ACCEL_REDIRECT = env_bool("MEDIA_ACCEL_REDIRECT", False)
# Uploaded files are stored under the collective's schema name.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security -----------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG and PLATFORM_SCHEME == "https"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Probes and the proxy's certificate question come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^_tls/ask$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The header only makes the platform domain eligible; entering the browsers'
# preload list stays a deliberate step (hstspreload.org), see deploy/README.md.
SECURE_HSTS_PRELOAD = not DEBUG
# No trusted origins beyond each site itself: anyone may found a collective,
# so no subdomain may post to another's forms.
CSRF_TRUSTED_ORIGINS: list[str] = []

# --- Observability --------------------------------------------------------------------

SENTRY_DSN = env_url("SENTRY_DSN", ("http", "https"))
LOG_FORMAT = env_choice("LOG_FORMAT", ("text", "json"), "text")
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"collective": {"()": "groupage.observability.CollectiveLogFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(schema)s] %(name)s: %(message)s"},
        "json": {"()": "groupage.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["collective"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
    },
}
if SENTRY_DSN:
    from groupage.observability import init_sentry

    init_sentry(SENTRY_DSN)

# --- Groupage ---------------------------------------------------------------------

# Collectives are provisioned by cloning this many schemas ahead of need.
PROVISIONING_RESERVE = env_int("PROVISIONING_RESERVE", 2, minimum=0)
