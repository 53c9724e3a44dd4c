"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
# Uploads and generated demo files of a test run never land in the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sesric-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sesric-test-private-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test databases are thrown away: their sessions do not wait for the WAL to reach the disk
# at each commit (the schema's creation, the live-server tests' flushes). For this process's
# connections only, never the server's configuration; a crash loses nothing that matters.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
# Tests run inside a transaction that never commits, so the content generation is never bumped:
# the page cache is on only in the tests written for it (tests/test_page_cache.py) and in the
# site processes of the outage tests (PAGE_CACHE=on in their environment).
PAGE_CACHE = env_bool("PAGE_CACHE", False)  # noqa: F405
# Most tests sign staff in with force_login, which gives no second factor: two-factor sign-in
# is on only in the tests written for it (tests/test_accounts_two_factor.py and the browser
# journey), through the `settings` fixture.
TWO_FACTOR_REQUIRED = False
TWO_FACTOR_EXEMPT_USERS = []

# Parallel runs (pytest-xdist: `make test` runs two workers). pytest-django gives each worker
# a test database of its own (test_<name>_gw0, …); the cache keys get the worker's name in their
# prefix, and clearing the cache deletes only this process's keys (see test_cache.py), never
# those of another worker or of a server that a test started.
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += "-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
    CACHES["default"]["OPTIONS"]["CLIENT_CLASS"] = "sesric_site.settings.test_cache.OwnKeysClient"  # noqa: F405
