"""ROSCAB in a real browser: the Arabic journey from the form to the confirmation.

It registers an expert, so it runs on live_demo (its own demo, emptied after it); the form's
accessibility, which writes nothing, is checked in test_experts_form.py on the shared demo."""

import re

from django.core import mail
from django.db import connections

from experts.models import Expert
from tests.browser.support import assert_accessible, browser_page
from tests.conftest import run_due_tasks
from tests.experts_data.support import (
    PDF_BYTES,
)


def test_an_arabic_registration_with_a_cv_confirmed_from_the_email(
    live_demo, experts_env, tmp_path
):
    cv = tmp_path / "سيرة.pdf"
    cv.write_bytes(PDF_BYTES)
    with browser_page() as page:
        page.goto(f"{live_demo.url}/ar/roscab/register/")
        page.select_option("#id_title", "dr")
        page.fill("#id_given_name", "أمينة")
        page.fill("#id_family_name", "حداد")
        page.select_option("#id_nationality", "JO")
        page.select_option("#id_country_of_residence", "TR")
        page.fill("#id_email", "amina@example.org")
        page.fill("#id_phone", "+90 312 468 6172")
        page.fill("#id_position", "مستشارة أولى")
        page.fill("#id_organisation", "وزارة الخارجية")
        page.select_option("#id_sector", "government")
        page.fill("#id_years_of_experience", "12")
        page.select_option("#id_highest_degree", "doctorate")
        page.locator("input[name='programmes']").first.check()
        page.fill(
            "#id_summary",
            "خبرة اثني عشر عامًا في التفاوض متعدد الأطراف والوساطة وتدريب الدبلوماسيين.",
        )
        page.select_option("#id_languages-0-language", "ar")
        page.select_option("#id_languages-0-level", "native")
        page.set_input_files("#id_cv", str(cv))
        page.check("#id_consent")
        page.get_by_role("button", name="إرسال تسجيلي").click()
        page.wait_for_url(re.compile(r".*/ar/roscab/register/sent/$"))
        assert page.locator("h1").inner_text() == "تحقق من بريدك الإلكتروني"
        assert_accessible(page)

        # The e-mail the worker sent after the commit, in Arabic, with the link. (The ORM runs
        # in Playwright's greenlet here: its connection is closed at once.)
        assert mail.outbox == []
        run_due_tasks()
        connections.close_all()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["amina@example.org"]
        assert message.subject == "أكّد تسجيلك في قائمة الخبراء"
        link = re.search(r"https?://\S+/ar/roscab/confirm/\S+", message.body).group(0)

        page.goto(link)
        assert page.locator("h1").inner_text() == "أكّد تسجيلك"
        assert_accessible(page)
        # Opening the page is not confirming. (Inside Playwright's greenlet the ORM gets a
        # connection of its own: close it, or it outlives the test database.)
        status = Expert.objects.get().status
        connections.close_all()
        assert status == Expert.Status.UNCONFIRMED
        page.get_by_role("button", name="تأكيد تسجيلي").click()
        page.wait_for_url(re.compile(r".*/ar/roscab/confirmed/$"))
        assert page.locator("h1").inner_text() == "تم تأكيد التسجيل"
        assert_accessible(page)

    expert = Expert.objects.get()
    assert expert.status == Expert.Status.PENDING
    assert expert.language == "ar"
    assert expert.cv_name == "سيرة.pdf"
    assert (experts_env / expert.cv.name).read_bytes() == PDF_BYTES
