"""The experts list fits on a screen or two: long filters are drop-downs that still filter."""

import pytest

from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import axe_results, browser_page, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_experts_list_is_short_and_its_country_filter_works(demo_site, staff_user, language):
    with browser_page() as page:
        log_in(page, demo_site.url, language, STAFF_USERNAME, STAFF_PASSWORD)
        page.goto(f"{demo_site.url}/{language}/admin/experts/expert/")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 3000, height
        # The first country after "All".
        country = page.locator("#filter-nationality option").nth(1).get_attribute("value")
        page.locator("#filter-nationality").select_option(country)
        page.wait_for_url("**nationality__exact=*")
        assert page.locator("#filter-nationality option[selected]").count() == 1
        assert page.console_errors == []
        # axe's own probes set inline styles, which the CSP reports: only its findings count.
        assert axe_results(page)["violations"] == []
