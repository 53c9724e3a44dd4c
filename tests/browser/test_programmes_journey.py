"""Programmes in a real browser: a ministry's journey, every page under axe, admin under CSP."""

from pathlib import Path

import pytest

from programmes.demo import DOCUMENT_KINDS, sample_file
from programmes.models import Document, Programme
from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import PHONE, assert_accessible, browser_page, log_in

DIRECTIONS = {"en": "ltr", "ar": "rtl", "fr": "ltr"}
STUDY_VISITS_NAMES = dict(zip(("en", "ar", "fr"), DOCUMENT_KINDS[3][2:], strict=True))


def test_ministry_downloads_the_french_tor_for_study_visits_from_the_arabic_catalogue(demo_site):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/ar/programmes/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_accessible(page)

        page.get_by_role("link", name="Diplomacy-CaB", exact=True).click()
        page.wait_for_url(f"{demo_site.url}/ar/programmes/diplomacy-cab/")
        assert page.locator("h1").inner_text().startswith("برنامج بناء القدرات الدبلوماسية")
        assert_accessible(page)

        study_visits = page.locator(".document", has_text=STUDY_VISITS_NAMES["ar"])
        link = study_visits.locator("a[hreflang='fr']")
        assert link.locator("[lang=fr]").inner_text() == "Français"
        assert "PDF" in study_visits.inner_text()
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value

        extension, expected = sample_file(
            "Diplomacy-CaB", "tor-study-visits", STUDY_VISITS_NAMES, "fr"
        )
        assert download.suggested_filename == (
            f"Diplomacy-CaB - {STUDY_VISITS_NAMES['fr']}{extension}"
        )
        assert Path(download.path()).read_bytes() == expected
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="tor-study-visits")
    assert (document.downloads_fr, document.downloads_ar, document.downloads_en) == (1, 0, 0)


@pytest.mark.parametrize(
    "path",
    [
        "programmes/",
        "programmes/?sector=nope",
        "programmes/diplomacy-cab/",
        "programmes/osh-cab/",
        "programmes/downloads/",
        "programmes/downloads/?language=fr&kind=tor-study-visits",
        "programmes/diplomacy-cab/documents/questionnaire/de/",
    ],
)
def test_programme_pages_are_accessible(demo_site, language, path):
    with browser_page() as page:
        response = page.goto(f"{demo_site.url}/{language}/{path}")
        assert response.status == (404 if path.endswith("/de/") else 200)
        assert page.locator("html").get_attribute("dir") == DIRECTIONS[language]
        if response.status == 404:  # Chromium logs the 404 of the page itself
            page.console_errors.remove(
                "Failed to load resource: the server responded with a status of 404 (Not Found)"
            )
        assert_accessible(page)


def test_programme_page_fits_a_phone(demo_site, language):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/{language}/programmes/diplomacy-cab/")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_catalogue_filter_keeps_the_language(demo_site):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/fr/programmes/")
        page.get_by_label("Secteur").select_option("health")
        page.get_by_role("button", name="Afficher").click()
        page.wait_for_url(f"{demo_site.url}/fr/programmes/?sector=health")
        assert page.locator(".programme-card").count() == 1
        assert_accessible(page)


@pytest.mark.parametrize("admin_language", ["en", "ar"])
def test_programme_admin_works_under_the_strict_csp(demo_site, staff_user, admin_language):
    programme = Programme.objects.get(slug="diplomacy-cab")
    with browser_page() as page:
        # The admin's pages declare no icon, so Chromium asks for /favicon.ico (a 404 that is
        # not ours); every other console message, CSP violations first, must be absent.
        favicon_misses = []
        page.on(
            "console",
            lambda message: (
                message.location.get("url", "").endswith("/favicon.ico")
                and favicon_misses.append(message.text)
            ),
        )
        log_in(page, demo_site.url, admin_language, STAFF_USERNAME, STAFF_PASSWORD)

        page.goto(f"{demo_site.url}/{admin_language}/admin/programmes/programme/")
        assert page.locator("#result_list tbody tr").count() == 10
        page.goto(
            f"{demo_site.url}/{admin_language}/admin/programmes/programme/{programme.pk}/change/"
        )
        # jQuery UI (served locally) turned the translated fields into language tabs.
        page.wait_for_selector(".ui-tabs")
        assert page.locator(".ui-tabs").count() >= 3
        assert page.locator("input[name='documents-0-file_fr']").count() == 1
        # Adding an inline row works (admin JS ran).
        page.locator("#documents-group .add-row a").click()
        assert page.locator("#documents-group select[name='documents-4-kind']").count() == 1
        errors = [error for error in page.console_errors if error not in favicon_misses]
        assert errors == [], errors
        assert not any("Content Security Policy" in error for error in page.console_errors)
