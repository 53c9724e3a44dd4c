"""Requests an attacker would send to public pages: none may answer 500 or point elsewhere.

Regressions of the attack run of issue 10 (findings 3 and 4) and of its fuzzing, which passed
and must keep passing: NUL bytes, 10,000-character values, bidi and combining marks, bad
percent-encoding, SQL/HTML/JS strings, huge and negative numbers in every query parameter the
public pages read. The values are generated here; nothing binary is committed.
"""

import re
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client

from activities.models import Activity
from core.links import absolute_url
from programmes.models import Programme


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


HREF = re.compile(r'(?:href|content)="([^"]*)"')


# Share links (core.sharing) lead to a network, carrying the page's address in a parameter.
SHARE_ADDRESSES = {
    "twitter.com": "url",
    "www.facebook.com": "u",
    "www.linkedin.com": "url",
}


def _foreign_links(body: str) -> list[str]:
    """Every link of the page that names a host other than the site's own, or that shares an
    address other than one of the site's."""
    foreign = []
    for url in HREF.findall(body):
        parts = urlsplit(unescape(url))
        if parts.netloc in SHARE_ADDRESSES:
            shared = parse_qs(parts.query).get(SHARE_ADDRESSES[parts.netloc], [""])[0]
            if urlsplit(shared).netloc == "testserver" and not shared.startswith("//"):
                continue
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
@pytest.mark.parametrize(
    "path", ["/en/programmes/", "/sitemap.xml", "/robots.txt", "/fr/activities/feed/"]
)
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
def test_absolute_links_are_built_on_the_configured_site_address(settings, path, expected):
    settings.SITE_URL = "https://cbp.example.org/"
    assert absolute_url(path) == expected


def test_the_confirmation_mail_links_to_the_site_address_whatever_host_the_request_named(
    client, settings, experts_env, run_tasks, mailoutbox
):
    from tests.experts_data.support import make_programme, valid_data

    settings.SITE_URL = "https://cbp.example.org"
    response = client.post(
        "/en/roscab/register/", valid_data(make_programme()), HTTP_HOST="localhost:8666"
    )
    assert response.status_code == 302
    run_tasks()
    (message,) = mailoutbox
    assert "https://cbp.example.org/en/roscab/confirm/" in message.body
    assert "localhost" not in message.body


# -- the fuzzing of public pages, kept as regressions --------------------------------------

HOSTILE_VALUES = {
    "nul": "a\x00b",
    "long": "x" * 10_000,
    "bidi": "\u202eevil\u202c\u2066x\u2069",
    "combining": "A" + "\u0301" * 90,
    "zero-width": "\u200b\ufeff\u200d",
    "sql": "' OR '1'='1' --",
    "sql-stacked": "1; DROP TABLE programmes_programme; --",
    "html": '"><script>alert(1)</script>',
    "js-url": "javascript:alert(document.cookie)",
    "huge": "9" * 60,
    "negative": "-1",
    "huge-negative": "-99999999999999999999",
    "float": "1e309",
    "full-width-digits": "\uff11\uff12",
    "arabic-digits": "\u0662\u0660\u0662\u0664",
    "path": "../../../etc/passwd",
    "percent": "%",
    "emoji": "\U0001f4a5" * 50,
}
# Raw query strings a client may send that no browser would: bad percent-encoding and friends.
RAW_QUERIES = [
    "%ZZ=%E0%A4%A",
    "q=%ff%fe%00",
    "page=%C0%AF",
    "a&&&=&=x&%",
    "q[]=1&q[]=2",
    "page=1&page=2&page=-3",
    ";".join(["x=1"] * 200),
]

# Every public page and the query parameters it reads.
PUBLIC_PAGES = {
    "/{language}/": [],
    "/{language}/programmes/": ["sector", "page"],
    "/{language}/programmes/{programme}/": [],
    "/{language}/programmes/downloads/": ["programme", "kind", "language"],
    "/{language}/activities/": ["programme", "year", "kind", "country", "mode", "page"],
    "/{language}/activities/{activity}/": [],
    "/{language}/activities/feed/": [],
    "/{language}/activities/upcoming.ics": [],
    "/{language}/activities/{activity}/calendar.ics": [],
    "/{language}/statistics/": [],
    "/{language}/search/": ["q", "type", "page"],
    "/{language}/roscab/register/": [],
    "/sitemap.xml": ["p"],
    "/robots.txt": [],
}
ACCEPTABLE = {200, 301, 302, 400, 404}


def _check(response, url):
    assert response.status_code in ACCEPTABLE, f"{response.status_code} for {url[:300]}"
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body, url[:300]
        assert _foreign_links(body) == [], url[:300]


@pytest.fixture
def page_arguments(demo):
    activity = Activity.objects.order_by("pk").first()
    return {"programme": Programme.objects.order_by("pk").first().slug, "activity": activity.slug}


@pytest.mark.parametrize("section", ["/{language}/programmes", "/{language}/activities", "other"])
def test_hostile_values_in_every_query_parameter(client, page_arguments, section):
    """Each parameter a page reads (and one it does not) gets every hostile value, in each
    language in turn: never a 500, never the value echoed as markup. One test per section of
    the site, so that the demo content is loaded three times, not once per page."""
    languages = ["en", "ar", "fr"]
    templates = [
        template
        for template in PUBLIC_PAGES
        if template.startswith(section)
        or (section == "other" and "/programmes" not in template and "/activities" not in template)
    ]
    for template in templates:
        parameters = [*PUBLIC_PAGES[template], "unknown"]
        for number, (name, value) in enumerate(
            (name, value) for name in parameters for value in HOSTILE_VALUES.values()
        ):
            path = template.format(language=languages[number % 3], **page_arguments)
            query = f"{quote(name)}={quote(value, safe='')}"
            _check(get_raw(client, path, query), f"{path}?{query}")
        for query in RAW_QUERIES:
            path = template.format(language="en", **page_arguments)
            _check(get_raw(client, path, query), f"{path}?{query}")


def test_hostile_values_in_path_segments_and_headers(client, page_arguments):
    """Slugs, languages of a ZIP and signed tokens in the path: a 404 (or 400), never a 500.
    Headers: Accept-Language, Referer, User-Agent, Cookie change nothing that could fail."""
    for name in HOSTILE_VALUES:
        _check_path_segments(client, page_arguments["programme"], name)
    for name in ["sql", "html", "bidi", "combining", "long"]:
        _check_headers(client, name)


def _check_path_segments(client, programme, name):
    segment = quote(HOSTILE_VALUES[name], safe="")
    for template in [
        "/en/programmes/{x}/",
        "/ar/activities/{x}/",
        "/fr/activities/{x}/calendar.ics",
        f"/en/programmes/{programme}/documents/{{x}}.zip",
        f"/en/programmes/{programme}/documents/{{x}}/en/",
        "/fr/roscab/confirm/{x}/",
        "/ar/roscab/update/{x}/",
        "/{x}/",
        "/en/{x}",
    ]:
        url = template.format(x=segment)
        _check(client.get(url), url)


def _check_headers(client, name):
    # A server hands header bytes to Django decoded as Latin-1 (PEP 3333).
    value = HOSTILE_VALUES[name].encode().decode("latin-1")
    for header in ["HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER", "HTTP_USER_AGENT", "HTTP_COOKIE"]:
        response = client.get("/", **{header: value})
        assert response.status_code in {301, 302, 400}, header
        response = client.get("/en/search/", {"q": "x"}, **{header: value})
        _check(response, f"search with {header}")
