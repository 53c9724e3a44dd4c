"""The home page in a real browser: three languages, desktop and phone, switching by click."""

import pytest

from tests.browser.support import DESKTOP, PHONE, assert_accessible, axe_results, browser_page

NEXT_LANGUAGE = {"en": "ar", "ar": "fr", "fr": "en"}
DIRECTIONS = {"en": "ltr", "ar": "rtl", "fr": "ltr"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_page_is_accessible_and_switches_language(demo_site, language, viewport):
    with browser_page(viewport) as page:
        page.goto(f"{demo_site.url}/{language}/")
        assert page.locator("html").get_attribute("dir") == DIRECTIONS[language]
        assert_accessible(page)
        # Nothing spills sideways, on a 360 px phone included.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        target = NEXT_LANGUAGE[language]
        page.locator(f".language-switcher a[hreflang='{target}']").click()
        page.wait_for_url(f"{demo_site.url}/{target}/")
        assert page.locator("html").get_attribute("lang") == target
        assert page.locator("html").get_attribute("dir") == DIRECTIONS[target]
        assert page.locator(".language-switcher [aria-current]").get_attribute("lang") == target


def test_arabic_text_is_checked_for_colour_contrast(demo_site):
    """Stock axe takes joined Arabic letters for icon ligatures and skips their contrast."""
    with browser_page() as page:
        page.goto(f"{demo_site.url}/ar/")
        results = axe_results(page, rules=["color-contrast"])
        checked = [node["target"][0] for node in results["passes"][0]["nodes"]]
        assert "h1" in checked


def test_skip_link_moves_focus_to_the_main_content(demo_site):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/fr/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert skip.evaluate("element => element === document.activeElement")
        assert skip.is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
