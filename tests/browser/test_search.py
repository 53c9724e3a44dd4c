"""Searching from the header of any page, in each language, in a real browser."""

import pytest

from tests.browser.support import PHONE, assert_accessible, browser_page

QUERIES = {
    "en": ("diplomacy", "Diplomacy Capacity Building Programme"),
    "ar": ("دبلوماسي", "برنامج بناء القدرات الدبلوماسية"),
    "fr": ("diplomatiques", "Programme de renforcement des capacités diplomatiques"),
}


def test_search_from_the_header_finds_and_highlights(demo_site, language):
    query, expected_title = QUERIES[language]
    with browser_page() as page:
        page.goto(f"{demo_site.url}/{language}/")
        page.get_by_role("searchbox").first.fill(query)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{language}/search/?q=*")

        titles = page.locator(".search-result__title").all_inner_texts()
        assert expected_title in titles
        assert page.locator(".search-result mark").count() > 0
        assert_accessible(page)


@pytest.mark.parametrize("query", ["", "zzzzqqqq"])
def test_empty_and_fruitless_searches_are_accessible(demo_site, language, query):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/{language}/search/?q={query}")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
