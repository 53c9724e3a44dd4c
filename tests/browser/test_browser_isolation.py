"""The browser tests share one tab (tests/browser/support.py): no test inherits another's state."""

from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.browser.support import browser_page, log_in

REMEMBER = "() => { localStorage.setItem('seen', 'yes'); sessionStorage.setItem('seen', 'yes'); }"
REMEMBERED = "() => [localStorage.getItem('seen'), sessionStorage.getItem('seen')]"


def test_the_next_test_has_no_login_cookie_or_storage_of_the_one_before(demo_site, staff_user):
    with browser_page() as first:
        log_in(first, demo_site.url, "en", STAFF_USERNAME, STAFF_PASSWORD)
        first.evaluate(REMEMBER)
        assert first.evaluate(REMEMBERED) == ["yes", "yes"]
        assert first.context.cookies() != []

    with browser_page() as second:
        assert second is first  # the same tab, wiped
        assert second.url == "about:blank"
        assert second.context.cookies() == []
        second.goto(f"{demo_site.url}/en/admin/")
        assert "/en/admin/login/" in second.url
        assert second.evaluate(REMEMBERED) == [None, None]


def test_a_tab_whose_test_changed_a_lasting_setting_is_not_reused(demo_site):
    with browser_page() as first:
        first.route("**/en/", lambda route: route.fulfill(body="<p>Routed</p>"))
        first.goto(f"{demo_site.url}/en/")
        assert first.locator("body").inner_text() == "Routed"

    with browser_page() as second:
        assert second is not first
        second.goto(f"{demo_site.url}/en/")
        assert second.locator("body").inner_text() != "Routed"


def test_console_errors_are_those_of_the_current_test(demo_site):
    with browser_page() as first:
        first.goto(f"{demo_site.url}/en/")
        first.evaluate("() => console.error('an error of the first test')")
        assert first.console_errors == ["an error of the first test"]

    with browser_page() as second:
        assert second.console_errors == []


def test_a_context_whose_test_changed_a_lasting_setting_is_not_reused(demo_site):
    with browser_page() as first:
        first.context.set_offline(True)
        first.clock.install()

    with browser_page() as second:
        assert second.context is not first.context
        assert second.goto(f"{demo_site.url}/en/").status == 200
