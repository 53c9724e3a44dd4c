"""Fixtures shared by every test module (never import them from a test module).

Parallel runs: `make test` runs pytest-xdist with two workers (`TEST_WORKERS`), each test file
whole on one worker, the slowest files first (SlowFilesFirst below). Each worker has its own
test database (pytest-django), its own cache keys (the worker's name is in KEY_PREFIX and
`cache.clear()` deletes only that prefix's keys: sesric_site/settings/test_cache.py), its own
Chromium and live servers on free ports. A new test runs in parallel as it is, provided it uses
free ports, temporary folders (`tmp_path`) and database names of its own; a session fixture runs
once per worker (to share one result between workers, see `collected_static` in
tests/deployment/conftest.py).
"""

import os

import pytest

# Shared fixtures kept in tests/fixtures/ (import them here to make them available everywhere).
from tests.fixtures.demo import load_demo
from tests.fixtures.postgres import temporary_postgres  # noqa: F401
from tests.matching_data.fixtures import in_english, matching_programme  # noqa: F401

LANGUAGES = ["en", "ar", "fr"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (English).

    A request handled in the test's own thread leaves its language active (LocaleMiddleware
    activates it and nothing deactivates it): without this, `reverse()` in the next test on
    the same worker gives /fr/ or /ar/ addresses, depending on the order the tests ran in.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
    load_demo()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo content loaded once for the whole module, for modules whose tests only read it.

    A module opts in by defining `demo` as a fixture that requests `demo_once` and `db`. The demo
    is loaded in a transaction kept open for the module and rolled back at its end; each test
    runs in its own savepoint inside it (pytest-django's `db`), rolled back after the test, so no
    test sees another's writes. Tests of the module that do not request `demo` run first (see
    `pytest_collection_modifyitems`), on an empty database. Not for transactional tests
    (`transactional_db`, `live_server`): they cannot run inside the open transaction.
    Media files written by the demo stay in the test settings' MEDIA_ROOT for the whole run.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


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
    demo_once_last(items)


def demo_once_last(items):
    """In a module sharing `demo_once`, its tests run after the module's other tests (which
    must not see the demo), in the places the module's tests had: other modules keep theirs."""
    modules = {}
    for index, item in enumerate(items):
        modules.setdefault(item.nodeid.split("::")[0], []).append(index)
    for places in modules.values():
        module_items = [items[index] for index in places]
        if not any("demo_once" in item.fixturenames for item in module_items):
            continue
        ordered = sorted(module_items, key=lambda item: "demo_once" in item.fixturenames)
        for index, item in zip(places, ordered, strict=True):
            items[index] = item


# Slowest first, for parallel runs: the markers of the test files that start servers, browsers
# or a build, in the order their files are handed out to the workers.
SLOW_FIRST = ("deployment", "packaging", "browser")


class SlowFilesFirst:
    """Parallel runs (`make test`: pytest-xdist, each file whole on one worker, files handed out
    in collection order) start with the files that take longest, so that no worker is left with
    a long file at the end while the other waits. Within a file the order stays pytest-django's.
    """

    @pytest.hookimpl(trylast=True)  # after every conftest has added its markers
    def pytest_collection_modifyitems(self, items):
        rank = {}
        for item in items:
            path = item.nodeid.split("::")[0]
            marks = {mark.name for mark in item.iter_markers()}
            slowest = min((SLOW_FIRST.index(m) for m in marks if m in SLOW_FIRST), default=3)
            rank[path] = min(rank.get(path, 3), slowest)
        items.sort(key=lambda item: rank[item.nodeid.split("::")[0]])


def pytest_configure(config):
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a run in one process keeps the usual order
        config.pluginmanager.register(SlowFilesFirst(), "slow-files-first")


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
