"""Production: secrets and hosts must come from the environment, everything served over HTTPS."""

import os

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

if "SECRET_KEY" not in os.environ:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
SECRET_KEY = env_str("SECRET_KEY")
if not env_str("SITE_URL", "").startswith("https://"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SITE_URL must be set in production, e.g. https://cbp.sesric.org")
SITE_URL = env_str("SITE_URL")
DEBUG = False
# No account escapes two-factor sign-in (accounts.E001).
TWO_FACTOR_EXEMPT_USERS = []
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
