"""A roster manager's first sign-in in Arabic: enrols an authenticator app from the QR code the
site draws, keeps the recovery codes, signs in again with a code; every page axe-clean, right to
left and without CSP errors."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp

from accounts.models import AuditEntry
from tests.browser.support import assert_accessible, axe_results, browser_page
from website.groups import ROSTER_MANAGERS

PASSWORD = "a long passphrase for the roster"  # noqa: S105


@pytest.fixture
def manager(transactional_db, settings):
    settings.TWO_FACTOR_REQUIRED = True
    user = get_user_model().objects.create_user(
        "manager", "manager@sesric.example", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    return user


def code(secret, drift=0):
    return str(totp(b32decode(secret.replace(" ", "")), drift=drift)).zfill(6)


def sign_in_with_password(page, base):
    page.goto(f"{base}/ar/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def test_enrolment_then_sign_in_with_a_code_in_arabic(live_server, manager):
    base = live_server.url
    with browser_page() as page:
        sign_in_with_password(page, base)
        page.wait_for_url(re.compile(r"/ar/admin/two-factor/setup/\?next="))
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.locator("h1").inner_text() == "إعداد تسجيل الدخول بعاملين"
        qr = page.locator("img.two-factor-qr")
        assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
        assert_accessible(page)
        secret = page.locator(".two-factor-secret").inner_text()

        page.fill("#id_code", "000000")
        page.locator("#two-factor-form input[type=submit]").click()
        assert (
            page.locator(".errorlist").inner_text()
            == "هذا الرمز غير صحيح. تحقق من الوقت على هاتفك."
        )
        assert_accessible(page)

        page.fill("#id_code", code(secret))
        page.locator("#two-factor-form input[type=submit]").click()
        codes = page.locator(".two-factor-codes code").all_inner_texts()
        assert len(codes) == 10
        assert_accessible(page)
        page.get_by_role("link", name="متابعة").click()
        page.wait_for_url(f"{base}/ar/admin/")
        assert page.get_by_role("link", name="تسجيل الدخول بعاملين").is_visible()

        page.locator("#logout-form button").click()
        sign_in_with_password(page, base)
        page.wait_for_url(re.compile(r"/ar/admin/two-factor/\?next="))
        assert_accessible(page)
        # The code of the next period: the one used for the enrolment cannot be used again.
        page.fill("#id_code", code(secret, drift=1))
        page.locator("#two-factor-form input[type=submit]").click()
        page.wait_for_url(f"{base}/ar/admin/")
        assert page.locator("#site-name").is_visible()
        assert page.console_errors == []

        # The audit log, read only, in Arabic.
        AuditEntry.objects.create(
            user_id=manager.pk,
            username="manager",
            action=AuditEntry.Action.ROSTER_EXPORT,
            what="experts csv",
            rows=3,
        )
        page.goto(f"{base}/ar/admin/accounts/auditentry/")
        assert page.locator("#result_list tbody tr").count() == 1
        assert "تصدير سجل الخبراء" in page.locator("#result_list").inner_text()
        assert page.locator("#content-main a.addlink").count() == 0
        assert page.console_errors == []
        # axe's own probes set inline styles, which the CSP reports: only its findings count.
        assert axe_results(page)["violations"] == []


def test_the_password_reset_pages_are_accessible(live_server, transactional_db):
    with browser_page() as page:
        page.goto(f"{live_server.url}/ar/admin/login/")
        page.locator('a[href="/ar/admin/password-reset/"]').click()
        page.wait_for_url(f"{live_server.url}/ar/admin/password-reset/")
        assert page.console_errors == []
        # axe's own probes set inline styles, which the CSP reports: only its findings count.
        assert axe_results(page)["violations"] == []
        page.fill("#id_email", "nobody@sesric.example")
        page.locator("input[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/ar/admin/password-reset/done/")
        assert axe_results(page)["violations"] == []
