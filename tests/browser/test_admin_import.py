"""An editor brings archived activities in from a spreadsheet, in French: the errors of each
row first, then the preview, then the confirmed import."""

import pytest

from activities.models import Activity
from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import assert_parts_accessible, browser_page, log_in

pytestmark = pytest.mark.browser

HEADER = "slug,programme,kind,title_en,title_fr,start_date,country,summary_en\n"
GOOD = "archive-2014,diplomacy-cab,training-course,Archived course,Cours archivé,2014-05-06,TR,S.\n"
BAD = "archive-2013,no-such-programme,training-course,,Cours,06/05/2013,XX,S.\n"


def csv(*rows):
    return {
        "name": "archive.csv",
        "mimeType": "text/csv",
        "buffer": (HEADER + "".join(rows)).encode(),
    }


def test_an_editor_imports_archived_activities(demo_site, staff_user, experts_env):
    url = f"{demo_site.url}/fr/admin/activities/activity/import/"
    with browser_page() as page:
        log_in(page, demo_site.url, "fr", STAFF_USERNAME, STAFF_PASSWORD)
        page.goto(url)
        assert page.locator("a[href$='import/template.csv']").is_visible()

        page.set_input_files("#id_import_file", csv(GOOD, BAD))
        page.locator("input[type=submit]").click()
        page.wait_for_load_state()
        errors = page.locator("table.import-preview").inner_text()
        assert "Obligatoire en anglais." in errors
        assert "no-such-programme" in errors
        assert page.locator("input[name=confirm]").count() == 0
        assert_parts_accessible(page, ["#container"])  # axe's own probes trip the CSP

        page.set_input_files("#id_import_file", csv(GOOD))
        page.locator("input[type=submit]").click()
        page.wait_for_load_state()
        assert "Archived course" in page.locator("table.import-preview").inner_text()
        assert not Activity.objects.filter(slug="archive-2014").exists()
        page.locator("input[name=confirm]").click()
        page.wait_for_url(f"{demo_site.url}/fr/admin/activities/activity/")
        assert page.console_errors == []
    assert Activity.objects.get(slug="archive-2014").title_fr == "Cours archivé"
