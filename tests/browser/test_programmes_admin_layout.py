"""The programme change page at 1280 px: nothing wider than the window, in English and Arabic."""

import pytest

from programmes.models import Programme
from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import DESKTOP, browser_page, log_in

MEASURE = """
() => ({
  fits: document.documentElement.scrollWidth <= window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  documents: document.querySelector('#documents-group').getBoundingClientRect().width,
  title: (r => r.left >= 0 && r.right <= window.innerWidth)(
    document.querySelector('#content h1, #content h2').getBoundingClientRect()),
})
"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_programme_change_page_fits_1280_pixels(demo_site, staff_user, language):
    programme = Programme.objects.get(slug="diplomacy-cab")
    documents = programme.documents.count()
    with browser_page(DESKTOP) as page:
        log_in(page, demo_site.url, language, STAFF_USERNAME, STAFF_PASSWORD)
        page.goto(f"{demo_site.url}/{language}/admin/programmes/programme/{programme.pk}/change/")
        page.wait_for_selector(".ui-tabs")
        assert page.locator("#documents-group input[type=file]").count() == 3 * (documents + 1)
        result = page.evaluate(MEASURE)
        assert result["fits"], result
        assert result["documents"] <= DESKTOP["width"], result
        assert result["title"], result
