"""The browser tests share one tab (tests/browser/support.py): no test inherits another's state."""

import pytest

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


@pytest.mark.parametrize(
    "change",
    [
        lambda page: page.context.set_offline(True),
        lambda page: page.clock.install(),
        lambda page: page.context.set_extra_http_headers({"X-Test": "1"}),
    ],
    ids=["offline", "fake clock", "extra headers"],
)
def test_a_context_whose_test_changed_a_lasting_setting_is_not_reused(demo_site, change):
    with browser_page() as first:
        change(first)

    with browser_page() as second:
        assert second.context is not first.context
        assert second.goto(f"{demo_site.url}/en/").status == 200


def test_permissions_granted_in_one_test_are_gone_in_the_next(demo_site):
    query = "() => navigator.permissions.query({name: 'geolocation'}).then(s => s.state)"
    with browser_page() as first:
        first.context.grant_permissions(["geolocation"])
        first.goto(f"{demo_site.url}/en/")
        assert first.evaluate(query) == "granted"

    with browser_page() as second:
        second.goto(f"{demo_site.url}/en/")
        assert second.evaluate(query) != "granted"


def test_storage_of_an_origin_the_test_left_is_not_kept(demo_site):
    other_origin = demo_site.url.replace("localhost", "127.0.0.1")
    with browser_page() as first:
        first.goto(f"{demo_site.url}/en/")
        first.evaluate(REMEMBER)
        first.goto(f"{other_origin}/en/")

    with browser_page() as second:
        second.goto(f"{demo_site.url}/en/")
        assert second.evaluate(REMEMBERED)[0] is None


def test_a_popup_does_not_outlive_its_test(demo_site):
    with browser_page() as first:
        first.goto(f"{demo_site.url}/en/")
        with first.expect_popup():
            first.evaluate("() => window.open(location.href)")

    with browser_page() as second:
        assert second.context.pages == [second]


def test_a_second_browser_at_once_is_another_context_and_leaves_the_first_alone(demo_site):
    with browser_page() as visitor:
        visitor.goto(f"{demo_site.url}/en/")
        visitor.evaluate(REMEMBER)
        with browser_page() as staff:
            assert staff.context is not visitor.context
            staff.goto(f"{demo_site.url}/en/")
            assert staff.evaluate(REMEMBERED) == [None, None]
        assert visitor.url == f"{demo_site.url}/en/"
        assert visitor.evaluate(REMEMBERED) == ["yes", "yes"]
