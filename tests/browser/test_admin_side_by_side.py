"""A translator lays out English and Arabic (or French) side by side instead of the tabs,
with the keyboard; the choice is remembered; Arabic fields are right to left."""

import pytest

from activities.models import Activity
from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import assert_parts_accessible, browser_page, log_in

pytestmark = pytest.mark.browser


def visible(page, selector):
    return page.locator(selector).is_visible()


@pytest.mark.parametrize(("admin_language", "second"), [("ar", "ar"), ("fr", "fr")])
def test_two_languages_side_by_side(demo_site, staff_user, admin_language, second):
    activity = Activity.objects.order_by("id").first()
    other = "fr" if second == "ar" else "ar"
    url = f"{demo_site.url}/{admin_language}/admin/activities/activity/{activity.pk}/change/"
    with browser_page() as page:
        log_in(page, demo_site.url, admin_language, STAFF_USERNAME, STAFF_PASSWORD)
        page.goto(url)
        # The tabs: one language at a time.
        assert [visible(page, f"#id_title_{code}") for code in ("en", "ar", "fr")].count(True) == 1

        # Keyboard only: to the switch, on, and the second language chosen.
        page.locator("#side-by-side-toggle").focus()
        page.keyboard.press("Space")
        page.locator("#side-by-side-language").select_option(second)
        assert visible(page, "#id_title_en") and visible(page, f"#id_title_{second}")
        assert visible(page, "#id_summary_en") and visible(page, f"#id_summary_{second}")
        assert not visible(page, f"#id_title_{other}")
        english = page.locator("#id_title_en").bounding_box()
        translated = page.locator(f"#id_title_{second}").bounding_box()
        assert abs(english["y"] - translated["y"]) < 40  # one row, two columns
        assert abs(english["x"] - translated["x"]) > 200
        direction = page.locator(f"#id_title_{second}").evaluate(
            "e => getComputedStyle(e).direction"
        )
        assert direction == ("rtl" if second == "ar" else "ltr")
        # The switch and the fields laid out (the article editor is checked elsewhere).
        assert_parts_accessible(
            page, [".side-by-side-switch", "#content-main fieldset:first-of-type"]
        )

        # Remembered for the next page.
        page.reload()
        assert page.locator("#side-by-side-toggle").is_checked()
        assert visible(page, f"#id_title_{second}") and visible(page, "#id_title_en")

        # Off again: back to the tabs.
        page.locator("#side-by-side-toggle").focus()
        page.keyboard.press("Space")
        assert [visible(page, f"#id_title_{code}") for code in ("en", "ar", "fr")].count(True) == 1
        page.reload()
        assert not page.locator("#side-by-side-toggle").is_checked()
        assert page.console_errors == []
