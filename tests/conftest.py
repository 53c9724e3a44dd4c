import os

import pytest
from django.core.management import call_command

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
            "BACKEND": "django.core.files.storage.FileSystemStorage",
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
