import os

import pytest
from django.core.management import call_command

# Shared fixtures kept in tests/fixtures/ (import them here to make them available everywhere).
from tests.fixtures.postgres import temporary_postgres  # noqa: F401

# Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls
# made while it runs. Keep ORM calls (fixtures, assertions) OUTSIDE `with browser_page()`: inside
# it they run in Playwright's greenlet, open a second database connection that outlives the test
# and block the test database's teardown on PostgreSQL.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LANGUAGES = ["en", "ar", "fr"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and rate-limit counters never leak."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The demo content of `make run`."""
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def live_demo(transactional_db, live_server):
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)
