"""Staff work in the admin under the site's strict Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.support import browser_page

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
    "/{language}/admin/experts/expert/",
]


@pytest.fixture
def staff_login(live_demo):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password-1")

    def login(page, language):
        page.goto(f"{live_demo.url}/{language}/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "a-long-password-1")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_demo.url}/{language}/admin/")

    return login


@pytest.mark.parametrize("language", ["en", "ar"])
def test_admin_pages_work_without_csp_violations(live_demo, staff_login, language):
    with browser_page() as page:
        staff_login(page, language)
        for template in ADMIN_PAGES:
            response = page.goto(live_demo.url + template.format(language=language))
            assert response.status == 200, template
        assert page.console_errors == []
