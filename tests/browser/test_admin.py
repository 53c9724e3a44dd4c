"""Staff work in the admin under the site's strict Content Security Policy."""

import pytest

from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import browser_page, log_in

ADMIN_PAGES = [
    "/{language}/admin/",
    "/{language}/admin/auth/user/",
    "/{language}/admin/auth/user/add/",
    "/{language}/admin/programmes/programme/",
    "/{language}/admin/programmes/programme/add/",
    "/{language}/admin/programmes/programme/?q=diplomacy",
    "/{language}/admin/programmes/document/",
    "/{language}/admin/activities/activity/",
    "/{language}/admin/activities/activity/add/",
    "/{language}/admin/activities/activity/import/",
    "/{language}/admin/experts/expert/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_admin_pages_work_without_csp_violations(demo_site, staff_user, language):
    with browser_page() as page:
        log_in(page, demo_site.url, language, STAFF_USERNAME, STAFF_PASSWORD)
        for template in ADMIN_PAGES:
            response = page.goto(demo_site.url + template.format(language=language))
            assert response.status == 200, template
        assert page.console_errors == []
