"""Requests an attacker would send to public pages: none may answer 500 or point elsewhere.

Regressions of the attack run of issue 10 (findings 3 and 4) and of its fuzzing, which passed
and must keep passing: NUL bytes, 10,000-character values, bidi and combining marks, bad
percent-encoding, SQL/HTML/JS strings, huge and negative numbers in every query parameter the
public pages read. The values are generated here; nothing binary is committed.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from activities.models import Activity
from core.links import absolute_url
from experts.mail import _absolute as mail_link
from programmes.models import Programme

HREF = re.compile(r'(?:href|content)="([^"]*)"')


def _foreign_links(body: str) -> list[str]:
    """Every link of the page that names a host other than the site's own."""
    foreign = []
    for url in HREF.findall(body):
        parts = urlsplit(url)
        if url.startswith("//") or (parts.netloc and parts.netloc != "testserver"):
            foreign.append(url)
    return foreign


def get_raw(client, path, query=""):
    """GET with the path exactly as a server would pass it (the test client would parse it)."""
    return client.get("/", PATH_INFO=path, QUERY_STRING=query)


# -- finding 3: self-links are built from the resolved URL, never from the path sent ---------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/en/programmes/",
        "///evil.example/en/",  # /%2F%2Fevil.example/en/ as the server decodes it
        "/en//evil.example",
        "/en//evil.example/",
        "//evil.example/fr/",
        "/fr/programmes//evil.example/",
    ],
)
def test_no_page_links_to_the_host_named_in_its_path(client, path):
    response = get_raw(client, path)
    assert response.status_code in {301, 404}
    if response.status_code == 301:  # the missing slash, added on the same host
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")
        response = get_raw(client, response["Location"])
    body = response.content.decode()
    assert _foreign_links(body) == []
    assert "evil.example" not in re.sub(r"<main.*</main>", "", body, flags=re.S)


@pytest.mark.django_db
def test_the_404_page_offers_the_home_page_of_each_language_and_no_canonical(client):
    body = get_raw(client, "//evil.example/ar/programmes/").content.decode()
    switcher = re.findall(r'<a href="([^"]*)" lang="(\w\w)" hreflang', body)
    assert switcher == [("/en/", "en"), ("/ar/", "ar"), ("/fr/", "fr")]
    assert 'rel="canonical"' not in body
    assert 'property="og:url"' not in body


@pytest.mark.django_db
def test_self_links_keep_the_page_and_its_query_string(client, demo):
    slug = Programme.objects.order_by("pk").first().slug
    body = get_raw(client, f"//evil.example/fr/programmes/{slug}/", "a=1&b=%3Cx%3E")
    assert body.status_code == 404  # the path names no page of this site
    body = client.get(f"/fr/programmes/{slug}/?a=1&b=%3Cx%3E").content.decode()
    assert f'<link rel="canonical" href="http://testserver/fr/programmes/{slug}/">' in body
    query = "?a=1&amp;b=%3Cx%3E"
    assert f'hreflang="ar" href="http://testserver/ar/programmes/{slug}/{query}"' in body
    assert f'hreflang="x-default" href="http://testserver/programmes/{slug}/{query}"' in body


# -- finding 4: the Host header is never trusted, never echoed ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_a_disallowed_host_gets_a_translated_400(language):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/programmes/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert {"en": "Bad request", "ar": "طلب غير صالح", "fr": "Requête incorrecte"}[language] in (
        body
    )
    assert "evil.example" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/programmes/", "/sitemap.xml", "/robots.txt"])
def test_an_allowed_host_with_another_port_is_not_echoed(client, demo, path):
    body = client.get(path, HTTP_HOST="localhost:8666").content.decode()
    assert "8666" not in body
    assert "localhost" not in body
    assert "http://testserver/" in body


def test_calendars_and_structured_data_use_the_site_address(client, demo):
    activity = Activity.objects.exclude(photos=None).order_by("pk").first()
    for path in [
        f"/fr{activity.get_absolute_url()[3:]}calendar.ics",
        activity.get_absolute_url(),
    ]:
        response = client.get(path, HTTP_HOST="localhost:8666")
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "8666" not in body, path
        assert "localhost" not in body, path
        assert "testserver" in body, path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/roscab/", "https://cbp.example.org/en/roscab/"),
        ("//evil.example/en/", "https://cbp.example.org/evil.example/en/"),
        ("", "https://cbp.example.org/"),
    ],
)
def test_absolute_links_are_built_on_the_configured_site_address(settings, rf, path, expected):
    settings.SITE_URL = "https://cbp.example.org/"
    assert absolute_url(path) == expected
    # E-mail links (experts.mail) take the site address, whatever Host the request carried.
    request = rf.get("/", HTTP_HOST="localhost:8666")
    assert mail_link(request, path) == expected
