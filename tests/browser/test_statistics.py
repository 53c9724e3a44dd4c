"""The statistics page in a real browser: accessible charts and tables in each language."""

from tests.browser.support import PHONE, assert_accessible, browser_page


def test_statistics_page_is_accessible(demo_site, language):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/{language}/statistics/")
        assert page.locator("svg.chart__svg").count() == 3
        assert_accessible(page)


def test_charts_are_mirrored_in_arabic_and_fit_a_phone(demo_site):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/ar/statistics/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        first_bar = page.locator("#chart-years-caption ~ svg rect").first.bounding_box()
        first_label = page.locator("#chart-years-caption ~ svg .chart__label").first.bounding_box()
        # In Arabic the year stands at the right and its bar grows to the left.
        assert first_label["x"] > first_bar["x"] + first_bar["width"] - 1
        assert_accessible(page)
