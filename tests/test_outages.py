"""Outages of PostgreSQL and Redis: a translated answer that says what to do, never a 500.

PostgreSQL is a server of the test's own (tests/fixtures/postgres.py), stopped and started while
the site runs under gunicorn with a kept connection (DATABASE_CONN_MAX_AGE). Redis is "down" by
pointing the production cache configuration at a closed port.
"""

import pytest

from sesric_site.settings.env import cache_settings
from tests.fixtures.postgres import free_port, migrate, run_site, site_environment


@pytest.fixture(scope="module")
def outage_site(temporary_postgres):
    env = site_environment(
        temporary_postgres.create_database("outage"), DATABASE_CONN_MAX_AGE="600"
    )
    migrate(env)
    with run_site(env, workers=1) as site:
        yield site


def _home(site, language="en"):
    return site.get(f"/{language}/programmes/")


def test_database_down_gives_a_translated_503_with_retry_after_then_recovers(
    temporary_postgres, outage_site
):
    assert _home(outage_site)[0] == 200  # the worker now keeps its connection
    temporary_postgres.stop()
    try:
        for language, text in [
            ("en", "Service temporarily unavailable"),
            ("fr", "Service momentanément indisponible"),
            ("ar", "الخدمة غير متاحة مؤقتًا"),
        ]:
            status, headers, body = _home(outage_site, language)
            assert status == 503, body
            assert headers["Retry-After"] == "30"
            assert text in body
            assert f'<html lang="{language}"' in body
        status, _headers, body = outage_site.get("/readyz")
        assert status == 503
        assert '"database": "unavailable"' in body
        assert outage_site.get("/healthz")[0] == 200  # the process itself is fine
    finally:
        temporary_postgres.start()
    assert _home(outage_site)[0] == 200
    assert outage_site.get("/readyz")[0] == 200


def test_a_database_restart_costs_no_request(temporary_postgres, outage_site):
    """CONN_HEALTH_CHECKS: the kept connection, dead after the restart, is replaced unseen."""
    assert _home(outage_site)[0] == 200
    temporary_postgres.restart()
    status, _headers, body = _home(outage_site)
    assert status == 200, body


# -- Redis down ----------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, pointed at a port where nothing listens."""
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{free_port()}/0")


@pytest.mark.django_db
def test_redis_down_pages_still_answer(client, redis_down, demo):
    for path in ["/en/", "/sitemap.xml", "/robots.txt", "/ar/programmes/", "/fr/roscab/register/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_redis_down_the_registration_form_still_answers_without_a_rate_limit(
    client, redis_down, settings
):
    """The rate limit fails open (RATELIMIT_FAIL_OPEN): a form with errors is shown again,
    never a 500 nor a "too many registrations" page."""
    settings.EXPERTS_REGISTER_RATE = "1/h"
    for _ in range(3):
        response = client.post("/fr/roscab/register/", {"email": "not-an-address"})
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in (
            response.content.decode()
        )


@pytest.mark.django_db
def test_redis_down_readyz_says_so_and_healthz_does_not_care(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert client.get("/healthz").status_code == 200
