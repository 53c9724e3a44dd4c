"""The programme change page at 1280 px: nothing wider than the window, in English and Arabic."""

import pytest
from django.contrib.auth import get_user_model

from programmes.models import Programme
from tests.browser.support import DESKTOP, browser_page
from tests.programmes_data.factories import media  # noqa: F401

MEASURE = """
() => ({
  fits: document.documentElement.scrollWidth <= window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  documents: document.querySelector('#documents-group').getBoundingClientRect().width,
  title: (r => r.left >= 0 && r.right <= window.innerWidth)(
    document.querySelector('#content h1, #content h2').getBoundingClientRect()),
})
"""


@pytest.fixture
def site(media, live_demo):  # noqa: F811 - media first: demo files go to a temporary directory
    return live_demo


@pytest.mark.parametrize("language", ["en", "ar"])
def test_programme_change_page_fits_1280_pixels(site, language):
    get_user_model().objects.create_superuser("staff", "staff@example.org", "staff-password")
    programme = Programme.objects.get(slug="diplomacy-cab")
    documents = programme.documents.count()
    with browser_page(DESKTOP) as page:
        page.goto(f"{site.url}/{language}/admin/login/")
        page.fill("#id_username", "staff")
        page.fill("#id_password", "staff-password")
        page.locator("input[type=submit]").click()
        page.wait_for_url(f"{site.url}/{language}/admin/")
        page.goto(f"{site.url}/{language}/admin/programmes/programme/{programme.pk}/change/")
        page.wait_for_selector(".ui-tabs")
        assert page.locator("#documents-group input[type=file]").count() == 3 * (documents + 1)
        result = page.evaluate(MEASURE)
        assert result["fits"], result
        assert result["documents"] <= DESKTOP["width"], result
        assert result["title"], result
