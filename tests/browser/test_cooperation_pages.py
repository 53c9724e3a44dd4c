"""Every page of the cooperation app a visitor or a focal point sees, under axe, in each language.

They run on the shared demo (demo_site): what they add (an unconfirmed focal point, answers
sent with errors) disturbs no other test of the module.
"""

import pytest
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext

from cooperation import tokens
from cooperation.models import FocalPoint, Institution
from tests.browser.support import PHONE, assert_accessible, browser_page

DIRECTIONS = {"en": "ltr", "ar": "rtl", "fr": "ltr"}


def tr(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture(scope="module")
def links(demo_site, django_db_blocker):
    """Tokens of an accepted demo focal point, of one not confirmed yet, of one not accepted.

    Created here, outside any test's transaction, so that the live server sees them."""
    with django_db_blocker.unblock():
        accepted = FocalPoint.objects.get(email="demo-focal-point-1@example.org")
        institution = Institution.objects.create(
            country="TN", name="Demonstration institution (pages test)", kind="ministry"
        )
        unconfirmed, _ = FocalPoint.objects.get_or_create(
            email="pages-test@example.org",
            defaults={"institution": institution, "name": "Test", "language": "fr"},
        )
        waiting, _ = FocalPoint.objects.get_or_create(
            email="waiting@example.org",
            defaults={
                "institution": institution,
                "name": "Waiting",
                "language": "ar",
                "confirmed_at": timezone.now(),
                "link_version": 1,
            },
        )
        links = {
            "space": tokens.make_token(accepted, tokens.SPACE),
            "confirm": tokens.make_token(unconfirmed, tokens.CONFIRM),
            "waiting": tokens.make_token(waiting, tokens.SPACE),
        }
        connections.close_all()
    return links


AWAITING = (
    "Your answers are saved, but they count only once SESRIC staff have accepted you as the "
    "focal point of your institution."
)

PAGES = {
    # path, status
    "register": ("cooperation/register/", 200),
    "link": ("cooperation/link/", 200),
    "sent": ("cooperation/sent/", 200),
    "confirm": ("cooperation/confirm/{confirm}/", 200),
    "bad link": ("cooperation/confirm/not-a-link/", 400),
    "space": ("cooperation/space/{space}/", 200),
    "questionnaire": ("cooperation/space/{space}/questionnaire/diplomacy-cab/", 200),
    "questionnaire without subjects": ("cooperation/space/{space}/questionnaire/osh-cab/", 200),
    "request": ("cooperation/space/{space}/request/diplomacy-cab/", 200),
    "upload": ("cooperation/space/{space}/upload/diplomacy-cab/", 200),
    "needs": ("cooperation/needs/diplomacy-cab/", 200),
    "needs without subjects": ("cooperation/needs/osh-cab/", 200),
}


def _visit(page, url, status):
    response = page.goto(url)
    assert response.status == status
    if status != 200:  # Chromium logs the status of the page itself as an error
        page.console_errors.clear()


@pytest.mark.parametrize("name", PAGES)
def test_cooperation_pages_are_accessible(demo_site, links, language, name):
    path, status = PAGES[name]
    with browser_page() as page:
        _visit(page, f"{demo_site.url}/{language}/{path.format(**links)}", status)
        assert page.locator("html").get_attribute("dir") == DIRECTIONS[language]
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


@pytest.mark.parametrize(
    "path, button",
    [
        ("cooperation/register/", "form.experts-form button[type=submit]"),
        ("cooperation/space/{space}/questionnaire/diplomacy-cab/", "main form button"),
        ("cooperation/space/{space}/request/diplomacy-cab/", "main form button"),
        ("cooperation/space/{space}/upload/diplomacy-cab/", "main form button"),
    ],
)
def test_forms_sent_empty_show_an_accessible_error_summary(
    demo_site, links, language, path, button
):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/{language}/{path.format(**links)}")
        if "questionnaire" in path:
            # The demo's answers fill the form: clear a required choice to make it wrong.
            page.locator("select[name^=priority_]").first.select_option("")
            page.locator("input[name^=need_][value=yes]").first.check()
        page.locator(button).click()
        page.wait_for_load_state()
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert summary.locator("a").count() >= 1
        assert_accessible(page)


def test_needs_page_fits_a_phone_and_says_it_is_a_demonstration(demo_site, language):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/{language}/cooperation/needs/diplomacy-cab/")
        assert page.locator(".notice--demo").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)


def test_the_questionnaire_of_a_focal_point_awaiting_acceptance_says_so(demo_site, links):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/ar/cooperation/space/{links['waiting']}/questionnaire/osh-cab/")
        notice = tr("ar", AWAITING)
        assert notice != AWAITING
        assert page.get_by_text(notice).is_visible()
        assert_accessible(page)
