"""Settings shared by every environment; development defaults. See README "Settings"."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from .env import cache_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The project-wide templates, static files and translations, found through the sesric_site
# package (links to the folders at the root of the checkout) so that an installed wheel,
# which carries them inside the package, finds them too.
PROJECT_FILES_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The one address of the site: every absolute link (canonical, hreflang, sitemap, calendars,
# e-mails) is built on it, never on the request's Host header. See core/links.py.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin classes take over.
    "modeltranslation",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    # The project's apps come before the admin and the other libraries: the first app that
    # translates a message wins, and "Format" must read as an activity's format, not as
    # import_export's file format, "%(counter)s result" as the search's, not the admin's
    # (tests/test_i18n_catalogues.py). No template or static file of theirs has the name of one
    # of ours. They stay after django.contrib.auth, whose post_migrate handler creates the
    # permissions that website's handler grants.
    "core",
    "programmes",
    "activities",
    "experts",
    "cooperation",
    "matching",
    "search",
    "accounts",
    # The site layer comes last of the project's: its post_migrate handler needs the content
    # apps migrated.
    "website",
    "django.contrib.admin",
    "django_otp",
    "accounts.otp_apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp, named
    "accounts.otp_apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static, named
    "django_countries",
    "import_export",
    "csp",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: one log line per request, its duration covering everything below.
    "core.logging.RequestLogMiddleware",
    # process_exception: storage unreachable → 503 (after the view's transaction rolled back).
    "core.middleware.StorageOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RequestSanityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session gave its second factor, then what staff without it may open.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sesric_site.urls"
WSGI_APPLICATION = "sesric_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Every request in a transaction: a failure half-way through saves nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A kept connection (DATABASE_CONN_MAX_AGE) is checked before each request reuses it: after a
# database restart the first request of each worker would otherwise fail.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database answers a 503 within seconds, not after the OS's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", 5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) is what makes rate limits hold across workers and servers.
CACHE_URL = env_str("CACHE_URL", "locmem://")
CACHES = cache_settings(CACHE_URL, env_str("CACHE_KEY_PREFIX", "sesric"))
# Redis errors are logged, not raised (django-redis IGNORE_EXCEPTIONS).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The shared page cache of public pages (core/pagecache.py): PAGE_CACHE=off switches it off;
# PAGE_CACHE_SECONDS is the longest an entry lives (edits invalidate at once, see README).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60)
# Each process keeps its most recent pages too, up to this many bytes (core.pagecache).
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 8 * 1024 * 1024)

# scripts/benchmark.py only: routes the floor view and counts queries per response (X-Queries).
BENCHMARK = env_bool("BENCHMARK", False)
if BENCHMARK:
    MIDDLEWARE = ["core.middleware.QueryCountMiddleware", *MIDDLEWARE]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language and the fallback of every content field.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
]
LOCALE_PATHS = [PROJECT_FILES_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Istanbul"
# Our own date formats (Western digits in Arabic, as the owner's pages write them).
FORMAT_MODULE_PATH = ["sesric_site.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
# The tabbed admin would load jQuery UI from a CDN; the site serves its own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PROJECT_FILES_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Django serves MEDIA_ROOT itself only outside production (the web server does it there).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Files that must never be served publicly (expert CVs) live outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are for developers' tools, rarely fetched: compressing the prose editor's two
# copies (2.3 MB each, Brotli at its highest level) took 9 of collectstatic's 12 seconds.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Where uploads live: "local" folders (above) or "s3", an S3-compatible object store shared by
# several app servers (public media and private CVs in two separate buckets; see README).
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    from botocore.config import Config as BotocoreConfig

    _S3_COMMON = {
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "us-east-1"),
        "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
        "file_overwrite": False,
        "default_acl": None,
        # An object store that hangs or refuses must cost seconds, not a worker's whole timeout.
        # (With a client_config, django-storages takes the signature version from it alone.)
        "client_config": BotocoreConfig(
            signature_version="s3v4",
            connect_timeout=3,
            read_timeout=20,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": env_str("S3_PUBLIC_BUCKET"),
            # Photos get plain, cacheable addresses (a CDN may sit in front: S3_PUBLIC_DOMAIN).
            "querystring_auth": False,
            "custom_domain": env_str("S3_PUBLIC_DOMAIN", "") or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {**_S3_COMMON, "bucket_name": env_str("S3_PRIVATE_BUCKET")},
    }
    # Photos are then addressed on the bucket's (or its CDN's) host: pages may show them.
    _PUBLIC_MEDIA_ORIGIN = (
        "https://" + STORAGES["default"]["OPTIONS"]["custom_domain"]
        if STORAGES["default"]["OPTIONS"]["custom_domain"]
        else _S3_COMMON["endpoint_url"] or "https://*.amazonaws.com"
    )
elif STORAGE_BACKEND != "local":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('STORAGE_BACKEND must be "local" or "s3".')
# Who sends counted downloads and CVs once the view has said yes: "django" streams them itself,
# "nginx" answers with X-Accel-Redirect (local storage behind deploy/nginx/sesric.conf.template).
FILES_SERVED_BY = env_str("FILES_SERVED_BY", "django")

# Uploads above this size are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent_emails"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SESRIC Capacity Building <cbp@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may wait for the server; a hanging server then fails the attempt.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# == background work (core/tasks.py, README "E-mail and background work") ==
# One queue for the whole site, stored in the database: a task is written in the same
# transaction as the row it concerns, and `manage.py db_worker` runs it after the commit.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A message the mail server refused or did not answer is tried again after MAIL_RETRY_DELAY
# seconds, then twice as long each time, MAIL_MAX_ATTEMPTS times in all (about an hour).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6)
MAIL_RETRY_DELAY = env_int("MAIL_RETRY_DELAY", 120)
# A refused form keeps its upload this long (core/kept_uploads.py).
KEPT_UPLOAD_MAX_AGE = env_int("KEPT_UPLOAD_MAX_AGE", 6 * 60 * 60)
# `manage.py sweep_uploads` removes stored files no record points to once they are this old.
UPLOAD_SWEEP_MIN_AGE = env_int("UPLOAD_SWEEP_MIN_AGE", 24 * 60 * 60)

# django-csp 4: no inline style anywhere and no inline script but the editor's import map
# (with a nonce), the admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The nonce is sent only on pages that use it: the admin's rich-text editor, whose
        # modules load through an inline import map (core.admin_mixins.CSPNonceMediaMixin).
        "script-src": [SELF, NONCE],
        # The one stylesheet the rich-text editor (Tiptap, in django-prose-editor 0.28.0) injects;
        # a hash allows exactly that text. An upgrade that changes it shows as a CSP error in
        # tests/browser/test_admin_articles.py: put the new hash from the error here.
        "style-src": [SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "img-src": [SELF, "data:", *([_PUBLIC_MEDIA_ORIGIN] if STORAGE_BACKEND == "s3" else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"
# django-permissions-policy: the site uses no device, sensor or payment feature; none may be used
# by the page or by anything embedded in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Only staff sign in (the public site keeps no session): a stolen or forgotten session of someone
# who sees personal data lasts a working day at most, and ends with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 4 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The client address as seen behind the configured number of trusted proxies.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SITE_NAME = _("SESRIC Capacity Building Programmes")

# The 57 member states of the Organisation of Islamic Cooperation, by ISO 3166-1 alpha-2 code,
# from the OIC's official list of member states (https://www.oic-oci.org/states/?lan=en).
# Reference data: the admin offers them first, or only where only members apply (the member
# countries an activity reached); core.checks verifies the codes.
OIC_MEMBER_STATES = (
    "AF", "AL", "DZ", "AZ", "BH", "BD", "BJ", "BN", "BF", "CM",
    "TD", "KM", "CI", "DJ", "EG", "GA", "GM", "GN", "GW", "GY",
    "ID", "IR", "IQ", "JO", "KZ", "KW", "KG", "LB", "LY", "MY",
    "MV", "ML", "MR", "MA", "MZ", "NE", "NG", "OM", "PK", "PS",
    "QA", "SA", "SN", "SL", "SO", "SD", "SR", "SY", "TJ", "TG",
    "TN", "TR", "TM", "UG", "AE", "UZ", "YE",
)  # fmt: skip
# Member states whose Arabic or French name in django-countries differs from the OIC's own
# (its list of member states in Arabic and French): the English name is the message, its
# Arabic and French translations (locale/) are the OIC's spelling. The project's catalogues come
# before django-countries' (INSTALLED_APPS), so the lists, the filters and the statistics use them.
COUNTRIES_OVERRIDE = {
    "BD": _("Bangladesh"),
    "CI": _("Côte d'Ivoire"),
    "GA": _("Gabon"),
    "GY": _("Guyana"),
    "ID": _("Indonesia"),
    "MV": _("Maldives"),
    "PS": _("Palestine"),
    "SA": _("Saudi Arabia"),
    "TG": _("Togo"),
}

# SESRIC's own contact details on the contact page, beside "Ankara, Türkiye" (the only part the
# sources give): set them where the site is deployed. The street address may span lines (\n).
SESRIC_STREET_ADDRESS = env_str("SESRIC_STREET_ADDRESS", "")
SESRIC_EMAIL = env_str("SESRIC_EMAIL", "")
SESRIC_TELEPHONE = env_str("SESRIC_TELEPHONE", "")

# "text" for people, "json" (one object per line, production's default) for log collectors.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Context the matching adds to an activity's page (provider countries are the activity's own):
# the experts who served and agreed to be named. The activities app imports no app above it.
ACTIVITY_PAGE_EXTRAS = ["matching.public.activity_page_extras"]

# Reverse relations the content admins hide from users without the permission (no changelist
# lookup through them): only roster managers may learn which expert chose what.
ADMIN_HIDDEN_RELATIONS = {
    "experts": "experts.view_expert",
    # matching: which experts served an activity, which requests it answered
    "experts_served": "experts.view_expert",
    "requests_matched": "cooperation.view_torrequest",
}

# == admin login: brute-force protection (django-axes) ==
# After ADMIN_LOGIN_FAILURE_LIMIT failures, an account (from any address) and an address (for
# any account) are refused for ADMIN_LOGIN_LOCKOUT_MINUTES after the last failure, with a
# translated 429; axes logs each lockout. Attempts are kept in the database (not in Redis, which
# may be down or flushed). Unlock: manage.py axes_reset_username NAME / axes_reset_ip ADDRESS.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ADMIN_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.admin_login.client_address"
AXES_LOCKOUT_CALLABLE = "core.admin_login.lockout_response"
# Not axes' reset, which forgets every failure from the signing-in address, whatever account
# they aimed at: core.admin_login.forget_own_failures forgets only the signed-in account's.
AXES_RESET_ON_SUCCESS = False
# Failures are what is needed; successful sign-ins are not recorded (less personal data).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# == staff accounts: two-factor sign-in, password reset, audit log (accounts app) ==
# Staff holding any of these permissions (superusers hold them all) must enrol an authenticator
# app and give its code after their password; anyone who enrolled one is asked for it too.
TWO_FACTOR_REQUIRED = True
TWO_FACTOR_PERMISSIONS = ["experts.view_expert", "cooperation.view_focalpoint", "auth.change_user"]
# `make run`'s demo account only (it exists only when DEBUG is on; accounts.E001 refuses the
# list otherwise): it may enrol, and is then asked for the code, but is not forced to.
TWO_FACTOR_EXEMPT_USERS = ["demo-admin"] if DEBUG else []
OTP_TOTP_ISSUER = "SESRIC CBP"
# The admin lists staff's devices (to remove a lost one) but never shows a secret or a code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# django-otp's own growing delays are off: a wrong code counts as a failed sign-in for axes
# (ADMIN_LOGIN_FAILURE_LIMIT), the one limit and lockout of the admin sign-in.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Password reset links (made when the worker sends the message) last two hours; requests are
# limited per address asked for and per client address.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
PASSWORD_RESET_EMAIL_RATE = env_str("PASSWORD_RESET_EMAIL_RATE", "3/h")
PASSWORD_RESET_RATE = env_str("PASSWORD_RESET_RATE", "20/h")

# == experts ==
# django-ratelimit's app only registers its cache checks. Its W001 warns about any backend not on
# its list (jsocol/django-ratelimit#283): silenced everywhere. Its E003 (LocMem is per process)
# is silenced only when no Redis is configured (development, tests); experts.E001 then refuses a
# non-shared cache whenever DEBUG is off (see experts/checks.py).
INSTALLED_APPS += ["django_ratelimit"]
RATELIMIT_USE_CACHE = "default"
# Redis down: registrations are not limited rather than all refused with a misleading "too many".
RATELIMIT_FAIL_OPEN = True
# The "ip" key counts per client address as core.net finds it behind the trusted proxies, and
# per /64 network for IPv6 (one subscriber usually holds a whole /64).
RATELIMIT_IP_META_KEY = "core.net.ratelimit_client_address"
RATELIMIT_IPV6_MASK = 64
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not CACHE_URL.startswith(("redis://", "rediss://")):
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
EXPERTS_REQUIRE_SHARED_CACHE = env_bool("EXPERTS_REQUIRE_SHARED_CACHE", True)
# Accepted registrations and updates (experts/limits.py): per client address (IPv4 address or
# IPv6 /64, where a whole ministry may sit), and, lower, per e-mail address.
EXPERTS_REGISTER_RATE = env_str("EXPERTS_REGISTER_RATE", "60/h")
EXPERTS_REGISTER_EMAIL_RATE = env_str("EXPERTS_REGISTER_EMAIL_RATE", "5/h")
EXPERTS_CV_MAX_SIZE = env_int("EXPERTS_CV_MAX_SIZE", 5 * 1024 * 1024)
EXPERTS_CV_MAX_UNCOMPRESSED = env_int("EXPERTS_CV_MAX_UNCOMPRESSED", 40 * 1024 * 1024)
EXPERTS_CV_MAX_PARTS = env_int("EXPERTS_CV_MAX_PARTS", 1000)
# Confirmation and update links expire after this many seconds (3 days).
EXPERTS_LINK_MAX_AGE = env_int("EXPERTS_LINK_MAX_AGE", 3 * 24 * 60 * 60)
# Unconfirmed registrations older than this are deleted by `manage.py purge_unconfirmed_experts`.
EXPERTS_UNCONFIRMED_RETENTION_DAYS = env_int("EXPERTS_UNCONFIRMED_RETENTION_DAYS", 7)
# Rejected and inactive entries are erased this long after the decision (`manage.py purge_experts`).
EXPERTS_RETIRED_RETENTION_DAYS = env_int("EXPERTS_RETIRED_RETENTION_DAYS", 365)

# == programmes ==
# Largest questionnaire / Terms of Reference file staff may upload, and the largest size a
# DOCX/XLSX package may unpack to (a guard against ZIP bombs).
PROGRAMME_DOCUMENT_MAX_SIZE = env_int("PROGRAMME_DOCUMENT_MAX_SIZE", 10 * 1024 * 1024)
PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED = env_int(
    "PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED", 50 * 1024 * 1024
)
PROGRAMME_DOCUMENT_MAX_PARTS = env_int("PROGRAMME_DOCUMENT_MAX_PARTS", 1000)

# == archive import (core/imports.py): programmes and activities from CSV or Excel ==
# The largest spreadsheet staff may import, what an XLSX may unpack to, its parts, and rows.
ARCHIVE_IMPORT_MAX_SIZE = env_int("ARCHIVE_IMPORT_MAX_SIZE", 5 * 1024 * 1024)
ARCHIVE_IMPORT_MAX_UNCOMPRESSED = env_int("ARCHIVE_IMPORT_MAX_UNCOMPRESSED", 50 * 1024 * 1024)
ARCHIVE_IMPORT_MAX_PARTS = env_int("ARCHIVE_IMPORT_MAX_PARTS", 200)
ARCHIVE_IMPORT_MAX_ROWS = env_int("ARCHIVE_IMPORT_MAX_ROWS", 2000)

# == activities ==
# Photos: the largest upload accepted, and the most pixels an image may declare in its header
# (checked before decoding, well under Pillow's own decompression-bomb limit).
ACTIVITIES_PHOTO_MAX_BYTES = env_int("ACTIVITIES_PHOTO_MAX_BYTES", 15 * 1024 * 1024)
ACTIVITIES_PHOTO_MAX_PIXELS = env_int("ACTIVITIES_PHOTO_MAX_PIXELS", 40_000_000)
# ... and, also from the header, its longest side and how much longer than the other it may be.
ACTIVITIES_PHOTO_MAX_SIDE = env_int("ACTIVITIES_PHOTO_MAX_SIDE", 12_000)
ACTIVITIES_PHOTO_MAX_ASPECT_RATIO = env_int("ACTIVITIES_PHOTO_MAX_ASPECT_RATIO", 20)

# == cooperation ==
# Accepted registrations and link requests of focal points (core.limits): per client address
# (IPv4 address or IPv6 /64) and, lower, per e-mail address.
COOPERATION_FORM_RATE = env_str("COOPERATION_FORM_RATE", "60/h")
COOPERATION_FORM_EMAIL_RATE = env_str("COOPERATION_FORM_EMAIL_RATE", "5/h")
# Confirmation links and links to a focal point's space expire after this many seconds (7 days).
COOPERATION_LINK_MAX_AGE = env_int("COOPERATION_LINK_MAX_AGE", 7 * 24 * 60 * 60)
# Completed questionnaires and Terms of Reference uploaded by focal points (PDF or DOCX).
COOPERATION_FILE_MAX_SIZE = env_int("COOPERATION_FILE_MAX_SIZE", 10 * 1024 * 1024)
COOPERATION_FILE_MAX_UNCOMPRESSED = env_int("COOPERATION_FILE_MAX_UNCOMPRESSED", 50 * 1024 * 1024)
COOPERATION_FILE_MAX_PARTS = env_int("COOPERATION_FILE_MAX_PARTS", 1000)
