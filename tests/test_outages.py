"""Outages of PostgreSQL and Redis: a translated answer that says what to do, never a 500.

PostgreSQL is a server of the test's own (tests/fixtures/postgres.py), stopped and started while
the site runs under gunicorn with a kept connection (DATABASE_CONN_MAX_AGE). Redis is "down" by
pointing the production cache configuration at a closed port.
"""

import os
import re
import secrets
import subprocess
import sys
import time
from html import unescape

import psycopg
import pytest

from sesric_site.settings.env import cache_settings
from tests.experts_data.support import PDF_BYTES
from tests.fixtures.postgres import ROOT, free_port, run_site, site_environment


@pytest.fixture(scope="module")
def outage_site(temporary_postgres):
    env = site_environment(
        temporary_postgres.create_migrated_database("outage"), DATABASE_CONN_MAX_AGE="600"
    )
    with run_site(env, workers=1) as site:
        yield site


def _home(site, language="en"):
    """A page that reads the database on every request (the page cache is off here)."""
    return site.get(f"/{language}/contact/")


def test_database_down_gives_a_translated_503_with_retry_after_then_recovers(
    temporary_postgres, outage_site
):
    assert _home(outage_site)[0] == 200  # the worker now keeps its connection
    assert outage_site.get("/en/programmes/")[0] == 200  # its fragments are now stored
    temporary_postgres.stop()
    try:
        # A page whose fragments are stored needs no query: it still answers.
        assert outage_site.get("/en/programmes/")[0] == 200
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
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "unavailable",
        "storage": "ok",
        "task_queue": "ok",
    }
    assert client.get("/healthz").status_code == 200


# -- PostgreSQL down behind the page cache -----------------------------------------------------

CACHED_PAGES = [
    "/en/",
    "/fr/programmes/",
    "/ar/programmes/",
    "/en/privacy/",
    "/en/roscab/register/",
]
# Pages the cache does not hold: a parameter the page does not declare is rendered fresh.
UNCACHED_PAGES = {
    "/en/programmes/?from=outage": "Service temporarily unavailable",
    "/fr/activities/?from=outage": "Service momentanément indisponible",
    "/ar/?from=outage": "الخدمة غير متاحة مؤقتًا",
}
MAKE_PROGRAMME = (
    "from tests.experts_data.support import make_programme; print(make_programme().pk, end='')"
)


@pytest.fixture(scope="module")
def cached_site(temporary_postgres):
    """The site with the shared page cache on, in the Redis of the run (CACHE_URL)."""
    cache_url = os.environ.get("CACHE_URL", "")
    if not cache_url.startswith("redis"):
        pytest.skip("the page cache under test is the shared one: CACHE_URL must name a Redis")
    env = site_environment(
        temporary_postgres.create_migrated_database("pagecache"),
        DATABASE_CONN_MAX_AGE="600",
        PAGE_CACHE="true",
        CACHE_URL=cache_url,
        CACHE_KEY_PREFIX=f"outage-{secrets.token_hex(6)}",
    )
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_PROGRAMME],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with run_site(env, workers=1) as site:
        site.programme_pk = made.stdout.split()[-1]  # after what `shell` says it imported
        site.database_url = env["DATABASE_URL"]
        yield site


def _hidden_fields(html):
    return [
        (unescape(name), unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', html)
    ]


def _registration(programme_pk):
    data = {
        "title": "dr",
        "given_name": "Amina",
        "family_name": "Haddad",
        "nationality": "JO",
        "country_of_residence": "TR",
        "email": "outage@example.org",
        "phone": "+90 312 468 6172",
        "position": "Senior adviser",
        "organisation": "Ministry of Foreign Affairs",
        "sector": "government",
        "years_of_experience": "12",
        "highest_degree": "doctorate",
        "programmes": programme_pk,
        "summary": "Twelve years of multilateral negotiation and mediation training for diplomats.",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "8",
        "languages-0-language": "ar",
        "languages-0-level": "native",
        "languages-1-language": "en",
        "languages-1-level": "fluent",
        "consent": "on",
        "website": "",
    }
    return data


@pytest.mark.deployment
def test_database_down_cached_pages_still_answer_the_rest_is_a_503_then_all_recover(
    temporary_postgres, cached_site
):
    import requests

    for path in [*CACHED_PAGES, *CACHED_PAGES]:  # the second round is served from the cache
        status, headers, body = cached_site.get(path)
        assert status == 200, (path, body[-2000:])
    assert all(cached_site.get(path)[1]["X-Page-Cache"] == "hit" for path in CACHED_PAGES)
    visitor = requests.Session()
    form = visitor.get(cached_site.base + "/en/roscab/register/", timeout=15)
    assert form.headers["X-Page-Cache"] == "hit" and "csrftoken" in visitor.cookies

    temporary_postgres.stop()
    try:
        # A bounded loop of requests while the database is down (a few seconds).
        deadline, rounds = time.monotonic() + 3, 0
        while time.monotonic() < deadline or rounds < 2:
            rounds += 1
            for path in CACHED_PAGES:
                status, headers, body = cached_site.get(path)
                assert (status, headers["X-Page-Cache"]) == (200, "hit"), (path, body[-800:])
            for path, text in UNCACHED_PAGES.items():
                status, headers, body = cached_site.get(path)
                assert status == 503, (path, body[-800:])
                assert headers["Retry-After"] and text in body, path

        # A registration sent now is refused, with everything typed and the CV kept.
        refused = visitor.post(
            cached_site.base + "/en/roscab/register/",
            data={
                **_registration(cached_site.programme_pk),
                "csrfmiddlewaretoken": visitor.cookies["csrftoken"],
            },
            files={"cv": ("cv.pdf", PDF_BYTES, "application/pdf")},
            allow_redirects=False,
            timeout=15,
        )
        assert refused.status_code == 503, refused.text[-2000:]
        assert refused.headers["Retry-After"]
        assert "Your form was not saved yet" in refused.text
        assert "<bdi>cv.pdf</bdi> is kept" in refused.text
        kept = dict(_hidden_fields(refused.text))
        assert kept["email"] == "outage@example.org" and kept["kept_cv"]
    finally:
        temporary_postgres.start()

    # Back by itself: every page answers again, the next request already.
    for path in [*CACHED_PAGES, *UNCACHED_PAGES]:
        assert cached_site.get(path)[0] == 200, path
    # "Send again" (the refused page's own form) saves the registration whole, CV included.
    sent = visitor.post(
        cached_site.base + "/en/roscab/register/",
        data=_hidden_fields(refused.text),
        allow_redirects=False,
        timeout=15,
    )
    assert sent.status_code == 302, sent.text[-2000:]
    with psycopg.connect(cached_site.database_url) as database:
        (cv, languages) = database.execute(
            "SELECT e.cv, (SELECT count(*) FROM experts_expertlanguage l WHERE l.expert_id = e.id)"
            " FROM experts_expert e WHERE e.email = 'outage@example.org'"
        ).fetchone()
    assert cv.startswith("cvs/") and languages == 2
