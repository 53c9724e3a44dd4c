import os

import pytest
from django.core.management import call_command

# Shared fixtures kept in tests/fixtures/ (import them here to make them available everywhere).
from tests.fixtures.postgres import temporary_postgres  # noqa: F401

LANGUAGES = ["en", "ar", "fr"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and rate-limit counters never leak."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def steady_rate_limit_windows(monkeypatch):
    """Rate-limit windows do not roll over in the middle of a test.

    django-ratelimit ends each window at a second of the period picked by a hash of the key
    (an address, an e-mail): a test that sends its last attempt just after that second sees a
    fresh window, and fails about once in an hour's worth of runs. Within one test, each key
    keeps the window it first had; no test waits for a window to end.
    """
    import time

    from django_ratelimit import core as ratelimit_core

    windows = {}

    def steady_window(value, period):
        return windows.setdefault((value, period), int(time.time()) + period)

    monkeypatch.setattr(ratelimit_core, "_get_window", steady_window)


@pytest.fixture
def demo(db):
    """The demo content of `make run`."""
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary directory, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def experts_env(settings, tmp_path):
    """Private storage in a temporary directory, an empty rate-limit cache, generous limits."""
    from django.core.cache import cache

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    settings.EXPERTS_REGISTER_RATE = "1000/h"
    cache.clear()
    yield tmp_path / "private"
    cache.clear()


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)


def run_due_tasks():
    """Run every task that is due, as `manage.py db_worker` would, inside the test's transaction.

    The worker's own loop closes connections between tasks, which would end the test's
    transaction; its `run_task` is used as it is. Returns the number of tasks run.
    """
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    count = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return count
            result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1


@pytest.fixture
def run_tasks(db):
    """Call it to run the queued tasks (sending the queued mail)."""
    return run_due_tasks
