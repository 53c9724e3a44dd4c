"""Deployment tests: real nginx, gunicorn, S3-compatible server and PostgreSQL.

They run on PostgreSQL only (CI runs them once, in its PostgreSQL pass) and are marked
`deployment`: `pytest -m "not deployment"` leaves them out.
"""

import fcntl
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.db import connection

from .support import NGINX, ROOT, database_url, production_env


def pytest_collection_modifyitems(items):
    for item in items:
        if "/deployment/" in str(item.fspath):
            item.add_marker(pytest.mark.deployment)


@pytest.fixture(scope="session")
def postgresql_only(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor != "postgresql":
        pytest.skip("deployment tests share the database with app servers: PostgreSQL only")
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (make deploy-tools installs Debian's nginx)")


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, postgresql_only):
    """collectstatic once per run, with production settings (hashed, compressed).

    In a parallel run (pytest-xdist) the workers share one copy: the first to need it collects
    it into the run's common temporary folder, under a lock, and the others wait and reuse it.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder of the whole run, above each worker's own
    static, done = shared / "collected-static", shared / "collected-static.done"
    with open(shared / "collected-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(static, ignore_errors=True)
            env = production_env(
                shared, "sqlite:///unused.sqlite3", "unused", STATIC_ROOT=str(static)
            )
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            done.touch()
    return static


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, collected_static):
    """Folders shared by the app servers, nginx and the test process (which writes uploads)."""
    folder = tmp_path_factory.mktemp("deploy")
    for name in ("media", "private", "mail"):
        (folder / name).mkdir()
    (folder / "static").symlink_to(collected_static)
    yield SimpleNamespace(path=folder, database_url=database_url(connection.settings_dict))
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def shared_storage(settings, workdir):
    """The test process stores files where the app servers and nginx look for them."""
    settings.MEDIA_ROOT = workdir.path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": workdir.path / "private", "base_url": None},
        },
    }
    return workdir


@pytest.fixture(autouse=True)
def production_password_hashing(settings):
    """Accounts made here log in to app servers that run production's password hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
