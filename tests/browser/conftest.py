"""Fixtures of the browser tests: one Chromium per run, the demo site once per module."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.support import AXE_DIRECTORY, CHROMIUM_FLAGS, SharedBrowser, chromium_path
from tests.fixtures.demo import load_demo


def pytest_collection_modifyitems(items):
    # The tests on demo_site reach the database through fixtures and the server, not through
    # `db`: declare it, so that pytest-django creates the test database when they run alone.
    for item in items:
        if "demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


STAFF_USERNAME = "staff"
STAFF_PASSWORD = "staff-password"


@pytest.fixture(scope="package", autouse=True)
def chromium():
    """Debian's Chromium, launched once for the browser tests and closed after them.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django refuses ORM calls from a thread with a running loop. The ORM calls of these tests
    (fixtures, assertions) are plain synchronous code, so the guard is lifted for exactly as
    long as Playwright runs: the rest of the suite keeps Django's protection. While the loop
    runs, Django also keys its connections by context rather than by thread, so the
    connections opened meanwhile are closed before Playwright stops (an open one would keep
    the test database from being dropped).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            SharedBrowser.browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
            )
            try:
                yield SharedBrowser.browser
            finally:
                connections.close_all()
                SharedBrowser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package", autouse=True)
def axe_served():
    """axe-core, served by the live servers of the browser tests as a static file (AXE_URL)."""
    from django.conf import settings

    axe_files = ("axe-core", AXE_DIRECTORY)
    with override_settings(STATICFILES_DIRS=[*settings.STATICFILES_DIRS, axe_files]):
        yield


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A live server over the demo content, loaded once for the module's tests.

    pytest-django's live_server empties every table after each test, which would mean loading
    the demo again for every test; the tests of a module using this fixture only read (or add
    what does not disturb the others, such as a staff login), so the demo is committed once,
    served by a server of the module's own, and the tables are emptied when the module ends.
    Uploaded files go to a temporary directory, never into the checkout.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media:
        load_demo()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def staff_user(demo_site):
    """A superuser who signs in with STAFF_USERNAME / STAFF_PASSWORD, once per module."""
    user, created = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME,
        defaults={"email": "staff@example.org", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(STAFF_PASSWORD)
        user.save()
    return user


@pytest.fixture
def live_demo(media, transactional_db, live_server):
    """The demo on pytest-django's live server, for tests that change what others would read:
    loaded for each test and emptied after it."""
    load_demo()
    return live_server
