"""The ROSCAB registration form in a real browser: accessible empty and with errors (axe)."""

import pytest

from experts.models import Expert
from tests.browser.support import DESKTOP, PHONE, assert_accessible, browser_page

SUBMIT = {"en": "Send my registration", "ar": "إرسال تسجيلي", "fr": "Envoyer mon inscription"}
SUMMARY = {
    "en": "Please correct the following:",
    "ar": "يُرجى تصحيح ما يلي:",
    "fr": "Veuillez corriger les points suivants :",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_form_is_accessible_empty_and_with_errors(demo_site, experts_env, language, viewport):
    with browser_page(viewport) as page:
        page.goto(f"{demo_site.url}/{language}/roscab/register/")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The honeypot is out of sight.
        assert not page.locator("#id_website").is_visible() or page.evaluate(
            "document.querySelector('#id_website').getBoundingClientRect().right < 0"
            " || document.querySelector('#id_website').getBoundingClientRect().left > innerWidth"
        )

        page.fill("#id_given_name", "Amina")
        page.get_by_role("button", name=SUBMIT[language]).click()
        page.wait_for_load_state()
        assert page.locator("#error-summary h2").inner_text() == SUMMARY[language]
        assert page.locator("#id_given_name").input_value() == "Amina"
        assert page.locator("#id_family_name").get_attribute("aria-invalid") == "true"
        assert_accessible(page)
    assert Expert.objects.count() == 0
