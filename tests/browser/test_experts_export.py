"""The roster export page in the admin works under the strict Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from experts.groups import ROSTER_MANAGERS
from tests.browser.support import browser_page, log_in

ALL_COLUMNS = {"en": "All columns", "ar": "كل الأعمدة", "fr": "Toutes les colonnes"}
COLUMN = {"en": "Family name", "ar": "اسم العائلة", "fr": "Nom de famille"}


@pytest.fixture(scope="module")
def manager(demo_site):
    user = get_user_model().objects.create_user(
        "manager", "manager@example.org", "a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    return user


def test_select_all_works_without_csp_violations(demo_site, manager, language):
    with browser_page() as page:
        log_in(page, demo_site.url, language, "manager", "a-long-password-1")
        response = page.goto(f"{demo_site.url}/{language}/admin/experts/expert/export/")
        assert response.status == 200

        toggle = page.get_by_label(ALL_COLUMNS[language])
        columns = page.locator(
            ".selectable-field-export-row input[type=checkbox]:not(#select-all-toggle)"
        )
        assert columns.count() == 23
        assert toggle.is_checked()

        toggle.uncheck()
        assert not any(columns.nth(i).is_checked() for i in range(columns.count()))
        page.get_by_label(COLUMN[language], exact=True).check()
        assert page.evaluate("document.querySelector('#select-all-toggle').indeterminate")
        toggle.check()
        assert all(columns.nth(i).is_checked() for i in range(columns.count()))

        page.select_option("#id_format", label="csv")
        with page.expect_download() as download:
            page.click(".submit-row input[type=submit]")
        assert download.value.suggested_filename.endswith(".csv")
        assert page.console_errors == []
