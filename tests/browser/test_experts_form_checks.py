"""The registration form checks the CV and the summary in the browser before sending
(experts/js/expert-form.js), under the strict CSP, and shows a character counter."""

from experts.models import Expert
from tests.browser.support import assert_accessible, browser_page

SUBMIT = "Envoyer mon inscription"


def test_a_too_large_or_wrong_cv_and_a_short_summary_are_caught_before_sending(
    demo_site, experts_env
):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/fr/roscab/register/")
        counter = page.locator("#id_summary_counter")
        assert counter.inner_text() == "Caractères saisis\u00a0: 0"
        page.fill("#id_summary", "Médiation")
        assert counter.inner_text() == "Caractères saisis\u00a0: 9"

        big = {
            "name": "cv.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-" + b"0" * (6 << 20),
        }
        page.set_input_files("#id_cv", big)
        error = page.locator("#id_cv_client_error")
        assert "Ce fichier dépasse 5" in error.inner_text()
        assert page.locator("#id_cv").get_attribute("aria-invalid") == "true"
        page.set_input_files(
            "#id_cv", {"name": "cv.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ"}
        )
        assert "PDF ou Word (.docx)" in error.inner_text()

        url = page.url
        page.get_by_role("button", name=SUBMIT).click()
        # Nothing was sent: still the same page, no server-side error summary; focus on a problem.
        assert page.url == url
        assert page.locator("#error-summary").count() == 0
        assert page.locator("#id_summary_client_error").is_visible()
        assert page.evaluate("document.activeElement.id") == "id_summary"
        assert_accessible(page)

        page.set_input_files(
            "#id_cv", {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
        )
        assert page.locator("#id_cv_client_error").count() == 0
    assert Expert.objects.count() == 0


def test_the_come_back_pages_are_accessible(demo_site, experts_env, language):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/{language}/roscab/link/")
        assert_accessible(page)
        page.fill("#id_email", "nobody@example.org")
        page.locator("#link-form button[type=submit]").click()
        page.wait_for_url(f"**/{language}/roscab/link/sent/")
        assert_accessible(page)
