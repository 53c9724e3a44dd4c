"""The look of the site in a real browser: navigation, catalogue grid, new pages, phone width."""

import pytest

from tests.browser.support import DESKTOP, assert_accessible, browser_page

PHONE_390 = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# The distinct rows the main navigation's links stand on.
NAV_ROWS = """
() => new Set([...document.querySelectorAll('#main-nav-list a')]
  .map(link => Math.round(link.getBoundingClientRect().top))).size
"""


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_main_navigation_is_one_line_on_desktop_and_a_menu_on_phones(demo_site, language):
    with browser_page(DESKTOP) as page:
        page.goto(f"{demo_site.url}/{language}/programmes/")
        assert page.locator("#main-nav-list a").count() == 7
        assert page.evaluate(NAV_ROWS) == 1
        assert not page.locator("[data-main-nav-toggle]").is_visible()
        assert page.locator(".breadcrumbs").is_visible()

    with browser_page(PHONE_390) as page:
        page.goto(f"{demo_site.url}/{language}/programmes/")
        toggle = page.locator("[data-main-nav-toggle]")
        links = page.locator("#main-nav-list a")
        assert toggle.is_visible()
        assert not links.first.is_visible()
        # The closed menu takes one line: the button's.
        nav_height = page.locator(".main-nav").bounding_box()["height"]
        assert nav_height < toggle.bounding_box()["height"] * 2
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert links.nth(6).is_visible()
        assert page.evaluate(NAV_ROWS) == 7  # one link per line
        assert_accessible(page)
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible()
        links_in_order = page.locator(".main-nav__list a")
        toggle.click()
        links_in_order.nth(6).click()
        page.wait_for_url(f"{demo_site.url}/{language}/contact/")


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_catalogue_is_a_grid_by_sector_on_desktop_and_one_column_on_phones(demo_site, language):
    columns = """
    () => new Set([...document.querySelectorAll('.programme-group')]
      .map(group => Math.round(group.getBoundingClientRect().left))).size
    """
    with browser_page(DESKTOP) as page:
        page.goto(f"{demo_site.url}/{language}/programmes/")
        assert page.evaluate(columns) >= 3
        assert_accessible(page)
    with browser_page(PHONE_390) as page:
        page.goto(f"{demo_site.url}/{language}/programmes/")
        assert page.evaluate(columns) == 1
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_new_pages_are_accessible_at_both_widths(demo_site, language):
    for viewport in (DESKTOP, PHONE_390):
        with browser_page(viewport) as page:
            for path in ("", "contact/", "privacy/", "accessibility/", "legal-notice/"):
                page.goto(f"{demo_site.url}/{language}/{path}")
                assert_accessible(page)
                assert page.evaluate(NO_SIDEWAYS_SCROLL), path


def test_print_leaves_out_the_site_chrome(demo_site):
    with browser_page(DESKTOP) as page:
        page.goto(f"{demo_site.url}/en/activities/diplomacy-cab-2022-humanitarian-diplomacy/")
        assert page.locator(".share").is_visible()
        page.emulate_media(media="print")
        for selector in (".main-nav", ".site-search", ".breadcrumbs", ".share", ".edition-nav"):
            assert not page.locator(selector).first.is_visible(), selector
        assert page.locator("h1").is_visible()
        assert page.locator(".activity__facts").is_visible()


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_phone_width_charts_tables_and_acronyms(demo_site, language):
    label_height = """
    () => Math.min(...[...document.querySelectorAll('.chart__label')]
      .map(label => label.getBoundingClientRect().height))
    """
    with browser_page(PHONE_390) as page:
        page.goto(f"{demo_site.url}/{language}/statistics/")
        # Chart labels stay readable once the SVG is scaled to the screen (was about 6 px).
        assert page.evaluate(label_height) >= 11

        page.goto(f"{demo_site.url}/{language}/programmes/downloads/")
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        row = page.locator(".downloads-table tbody tr").first
        assert row.evaluate("row => getComputedStyle(row).display") == "block"
        assert page.locator(".downloads-table .activities-table__label").first.is_visible()
        assert_accessible(page)

        page.goto(f"{demo_site.url}/{language}/activities/")
        acronym = page.locator(".activities-table bdi.acronym").first
        line = acronym.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")
        # "Diplomacy-CaB" on one line: it never breaks at its hyphen.
        assert acronym.bounding_box()["height"] < line * 1.5
