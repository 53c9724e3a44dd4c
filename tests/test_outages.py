"""Outages of PostgreSQL and Redis: a translated answer that says what to do, never a 500.

PostgreSQL is a server of the test's own (tests/fixtures/postgres.py), stopped and started while
the site runs under gunicorn with a kept connection (DATABASE_CONN_MAX_AGE).
"""

import pytest

from tests.fixtures.postgres import migrate, run_site, site_environment

pytestmark = pytest.mark.usefixtures("temporary_postgres")


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
