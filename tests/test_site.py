"""The site shell: languages, direction, switcher, redirects, error pages, health check."""

import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from programmes.models import Programme

PUBLIC_PAGES = [
    "website:home",
    "programmes:index",
    "activities:index",
    "experts:register",
    "search:results",
]
DIRECTIONS = {"en": "ltr", "ar": "rtl", "fr": "ltr"}
# One string per language that only a translated page can contain.
HOME_HEADINGS = {
    "en": "Building skills and institutions across the OIC member countries",
    "ar": "بناء المهارات والمؤسسات في الدول الأعضاء في منظمة التعاون الإسلامي",
    "fr": "Renforcer les compétences et les institutions dans les pays membres de l’OCI",
}


class PageStructure(HTMLParser):
    """Collects what the shell promises about every page."""

    def __init__(self):
        super().__init__()
        self.html_attrs = {}
        self.h1_count = 0
        self.ids = []
        self.links = []
        self.alternates = {}
        self.landmarks = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "h1":
            self.h1_count += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.links.append(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag in {"header", "main", "footer", "nav"}:
            self.landmarks.add(tag)


def parse(response):
    structure = PageStructure()
    structure.feed(response.content.decode())
    return structure


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_renders_with_its_language_and_direction(client, page, language):
    response = client.get(url_in(language, page))

    assert response.status_code == 200
    structure = parse(response)
    assert structure.html_attrs == {"lang": language, "dir": DIRECTIONS[language]}
    assert structure.h1_count == 1
    assert len(structure.ids) == len(set(structure.ids)), "duplicate ids"
    assert {"header", "main", "footer", "nav"} <= structure.landmarks
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_home_page_text_is_translated(client, language):
    response = client.get(url_in(language, "website:home"))
    assert HOME_HEADINGS[language] in response.content.decode()


@pytest.mark.django_db
def test_urls_differ_only_by_language_prefix():
    paths = {language: url_in(language, "programmes:index") for language in DIRECTIONS}
    assert paths == {"en": "/en/programmes/", "ar": "/ar/programmes/", "fr": "/fr/programmes/"}


@pytest.mark.django_db
def test_language_switcher_keeps_page_and_query_string(client):
    response = client.get("/fr/programmes/?sector=health&page=2")
    switcher = [link for link in parse(response).links if link.get("hreflang")]

    assert [(link["lang"], link["href"]) for link in switcher] == [
        ("en", "/en/programmes/?sector=health&page=2"),
        ("ar", "/ar/programmes/?sector=health&page=2"),
        ("fr", "/fr/programmes/?sector=health&page=2"),
    ]
    current = [link for link in switcher if "aria-current" in link]
    assert [link["lang"] for link in current] == ["fr"]
    assert {link["hreflang"] for link in switcher} == {"en", "ar", "fr"}
    assert "العربية" in response.content.decode()
    assert "Français" in response.content.decode()


@pytest.mark.django_db
def test_pages_declare_alternates_for_each_language_and_x_default(client):
    structure = parse(client.get("/ar/programmes/"))
    assert structure.alternates == {
        "en": "http://testserver/en/programmes/",
        "ar": "http://testserver/ar/programmes/",
        "fr": "http://testserver/fr/programmes/",
        "x-default": "http://testserver/programmes/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("ar,en;q=0.5", "/ar/"), ("fr-FR,fr;q=0.9", "/fr/"), ("de-DE,de;q=0.9", "/en/"), ("", "/en/")],
)
def test_root_redirects_to_the_best_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_unknown_page_gives_translated_styled_404(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "الصفحة غير موجودة" in body
    assert "site.css" in body


@pytest.mark.django_db
def test_server_error_page_is_translated_and_needs_no_context(client):
    from core.views import server_error

    with translation.override("fr"):
        response = server_error(request=None)
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


def test_healthz_says_the_process_is_alive_without_touching_the_database(client):
    broken = mock.Mock(**{"cursor.side_effect": OperationalError("down")})
    with mock.patch("core.views.connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_storage_and_task_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert {"database", "cache", "storage", "task_queue"} <= response.json().keys()

    broken = mock.Mock(**{"cursor.side_effect": OperationalError("down")})
    with mock.patch("core.views.connection", broken):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: the connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/", "/ar/programmes/", "/en/admin/login/", "/healthz", "/nope"]
)
def test_a_restrictive_permissions_policy_on_every_answer(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert f"{feature}=()" in policy


@pytest.mark.django_db
def test_security_headers_and_csp_without_unsafe_inline(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_arabic_font_is_served_by_the_site_and_loaded_only_in_arabic(client):
    assert "css/arabic.css" in client.get("/ar/").content.decode()
    assert "css/arabic.css" not in client.get("/en/").content.decode()
    assert "css/arabic.css" not in client.get("/fr/").content.decode()


def test_stylesheets_use_logical_properties_only(settings):
    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:"
        r"|text-align:\s*(left|right)|float:\s*(left|right)"
    )
    for stylesheet in (settings.BASE_DIR / "static" / "css").glob("*.css"):
        offending = [line for line in stylesheet.read_text().splitlines() if physical.search(line)]
        assert offending == [], f"{stylesheet.name} uses physical directions: {offending}"


@pytest.mark.django_db
def test_english_fallback_is_marked_with_its_language(client, demo):
    programme = Programme.objects.get(slug="diplomacy-cab")
    from core.i18n import mark_fallback

    with translation.override("ar"):
        assert "lang=" not in str(mark_fallback(programme, "summary"))
    Programme.objects.filter(pk=programme.pk).update(summary_ar="")
    programme.refresh_from_db()
    with translation.override("ar"):
        marked = str(mark_fallback(programme, "summary"))
    assert marked.startswith('<span lang="en" dir="ltr">Training on the issues')
    with translation.override("en"):
        assert "lang=" not in str(mark_fallback(programme, "summary"))


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_demo_staff_account_is_refused_without_debug():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("loaddemo", "--with-staff")


@pytest.mark.django_db
def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.django_db
def test_forbidden_and_csrf_failure_pages_are_translated(client):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("staff", password="pw-1234567890", is_staff=True)
    client.force_login(staff)
    response = client.get("/fr/admin/experts/expert/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()

    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post("/ar/roscab/register/", {})
    assert response.status_code == 403
    assert "انتهت صلاحية النموذج" in response.content.decode()
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/fr/search/?q=%00",
        "/fr/activities/?year=2020%00",
        "/fr/programmes/?sector%00=x",
        "/fr/programmes/%00/",
        "/fr/admin/experts/expert/?status=%00",
    ],
)
def test_nul_characters_get_a_translated_bad_request_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


@pytest.mark.django_db
def test_method_not_allowed_gets_a_translated_page(client):
    response = client.generic("OPTIONS", "/ar/programmes/")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "الإجراء غير مسموح به" in body


@pytest.mark.django_db
def test_the_benchmark_floor_exists_only_for_the_benchmark(client):
    # BENCHMARK=on (scripts/benchmark.py) routes it at start-up; never otherwise.
    assert client.get("/benchmark/floor/").status_code == 404


@pytest.mark.django_db
def test_readyz_is_503_when_the_object_store_is_unreachable(client, settings):
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                # Nothing listens on port 1: every attempt is refused at once.
                "endpoint_url": "http://127.0.0.1:1",
                "bucket_name": "cvs",
                "access_key": "key",
                "secret_key": "secret",
                "region_name": "us-east-1",
                "client_config": Config(retries={"max_attempts": 1}),
            },
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_one_log_line_per_request_with_its_duration_as_json_in_production(client, caplog):
    import json
    import logging

    from pythonjsonlogger.json import JsonFormatter

    from sesric_site.settings.base import LOGGING

    with caplog.at_level(logging.INFO, logger="sesric.requests"):
        client.get("/healthz")
        client.get("/no-such-page/")
    records = [record for record in caplog.records if record.name == "sesric.requests"]
    assert [(record.path, record.status) for record in records] == [
        ("/healthz", 200),
        ("/no-such-page/", 404),
    ]
    options = {k: v for k, v in LOGGING["formatters"]["json"].items() if k != "()"}
    line = json.loads(JsonFormatter(**options).format(records[0]))
    assert line["logger"] == "sesric.requests"
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["client"] == "127.0.0.1"
