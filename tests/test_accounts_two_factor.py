"""Two-factor sign-in for staff who can see personal data (django-otp): enrolment with a QR
code the site draws, the code asked after the password, recovery codes, and axes' lockout."""

import re

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_experts_staff import staff
from website.groups import CONTENT_EDITORS, ROSTER_MANAGERS

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"
# The code page: session, user, its devices, axes' two lockout sums. Giving the code: those,
# the devices again, the device's last code used, the account's failures forgotten, the session.
VERIFY_PAGE_QUERIES = 7
VERIFY_POST_QUERIES = 13
VERIFIED_INDEX_QUERIES = 9


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def sign_in(username, language="en", address=ADDRESS):
    """The password step of the admin login; returns the client and the answer."""
    client = Client(REMOTE_ADDR=address)
    login = url("admin:login", language)
    index = url("admin:index", language)
    response = client.post(login, {"username": username, "password": "pw", "next": index})
    return client, response


def code(device, drift=0):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, drift)).zfill(6)


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


@pytest.fixture
def manager():
    return staff("manager", ROSTER_MANAGERS)


def test_a_password_alone_opens_nothing_to_a_roster_manager(manager):
    client, response = sign_in("manager")
    assert response.status_code == 302
    assert response.url == url("admin:index")
    # The session holds the password step only: every admin page leads to the enrolment.
    for page in [url("admin:index"), url("admin:experts_expert_changelist")]:
        answer = client.get(page)
        assert answer.status_code == 302
        assert answer.url.startswith(url("accounts:setup") + "?next=")
    # Pages outside the admin treat the session as anonymous.
    assert client.get(url("admin:login")).status_code == 302


def test_staff_without_personal_data_sign_in_with_their_password():
    staff("editor", CONTENT_EDITORS)
    client, _ = sign_in("editor")
    assert client.get(url("admin:index")).status_code == 200


def test_superusers_and_cooperation_managers_must_enrol_too():
    staff("root", is_superuser=True)
    staff("coop", "Cooperation managers")
    for name in ["root", "coop"]:
        client, _ = sign_in(name)
        assert client.get(url("admin:index")).url.startswith(url("accounts:setup"))


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_enrolment_with_the_sites_own_qr_code(manager, language):
    client, _ = sign_in("manager", language)
    page = client.get(url("accounts:setup", language))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert url("accounts:setup_qr", language) in html
    assert "style=" not in html and "<script>" not in html
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    secret = re.search(r'class="two-factor-secret" dir="ltr">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32

    qr = client.get(url("accounts:setup_qr", language))
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]
    assert qr.content.startswith(b"<svg") and b"<script" not in qr.content

    wrong = client.post(url("accounts:setup", language), {"code": "000000"})
    assert wrong.status_code == 200  # the form again, with its error, as Django's login does
    assert 'class="errorlist"' in wrong.content.decode()
    assert client.get(url("admin:index", language)).status_code == 302

    done = client.post(url("accounts:setup", language), {"code": code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(url("admin:index", language)).status_code == 200
    # The secret of a confirmed authenticator is never drawn again.
    assert client.get(url("accounts:setup_qr", language)).status_code == 404


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(manager):
    device = enrolled(manager)
    client, response = sign_in("manager")
    page = client.get(url("admin:experts_expert_changelist"))
    assert page.url.startswith(url("accounts:verify") + "?next=")
    form = client.get(page.url)
    assert form.status_code == 200
    assert 'autocomplete="one-time-code"' in form.content.decode()

    wrong = client.post(page.url, {"code": "123456"})
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert client.get(url("admin:index")).status_code == 302

    right = client.post(page.url, {"code": code(device)})
    assert right.status_code == 302
    assert right.url == url("admin:experts_expert_changelist")
    assert client.get(right.url).status_code == 200
    # The same code, seen over a shoulder, opens no other session.
    other, _ = sign_in("manager", address="203.0.113.9")
    assert other.post(url("accounts:verify"), {"code": code(device)}).status_code == 200
    assert other.get(url("admin:index")).status_code == 302


def test_a_recovery_code_works_once(manager):
    enrolled(manager)
    client, _ = sign_in("manager")
    # Signed in with the app, the manager makes recovery codes (the old ones stop working).
    device = TOTPDevice.objects.get(user=manager)
    client.post(url("accounts:verify"), {"code": code(device)})
    page = client.post(url("accounts:recovery_codes"))
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=manager).count() == 10

    for attempt, expected in [(codes[0], 302), (codes[0], 200)]:
        other, _ = sign_in("manager", address="203.0.113.9")
        answer = other.post(url("accounts:verify"), {"code": attempt.upper()})
        assert answer.status_code == expected
    assert StaticToken.objects.filter(device__user=manager).count() == 9


def test_wrong_codes_count_as_failed_sign_ins_and_lock_out(manager, settings):
    device = enrolled(manager)
    client, _ = sign_in("manager")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url("accounts:verify"), {"code": "000000"}).status_code == 200
    locked = client.post(url("accounts:verify"), {"code": "000000"})
    assert locked.status_code == 429
    assert "Sign-in blocked" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # signed out
    # Neither the password nor the right code opens the account until the lockout ends.
    again, response = sign_in("manager", address="203.0.113.9")
    assert response.status_code == 429
    assert client.post(url("accounts:verify"), {"code": code(device)}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_right_code_forgets_that_accounts_failures(manager, settings):
    from axes.models import AccessAttempt

    device = enrolled(manager)
    client, _ = sign_in("manager")
    client.post(url("accounts:verify"), {"code": "000000"})
    assert AccessAttempt.objects.filter(username="manager").exists()
    client.post(url("accounts:verify"), {"code": code(device)})
    assert not AccessAttempt.objects.filter(username="manager").exists()


def test_anyone_who_enrolled_is_asked_for_the_code():
    editor = staff("editor", CONTENT_EDITORS)
    enrolled(editor)
    client, _ = sign_in("editor")
    assert client.get(url("admin:index")).url.startswith(url("accounts:verify"))


def test_the_next_address_stays_on_the_site(manager):
    device = enrolled(manager)
    client, _ = sign_in("manager")
    answer = client.post(
        url("accounts:verify") + "?next=https://evil.example/", {"code": code(device)}
    )
    assert answer.url == url("admin:index")


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Two-factor sign-in"),
        ("ar", "تسجيل الدخول بعاملين"),
        ("fr", "Connexion à deux facteurs"),
    ],
)
def test_the_code_page_is_translated(manager, language, heading):
    enrolled(manager)
    client, _ = sign_in("manager", language)
    html = client.get(url("accounts:verify", language)).content.decode()
    assert heading in html
    assert f'<html lang="{language}"' in html


def test_the_demo_exemption_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.TWO_FACTOR_EXEMPT_USERS = ["demo-admin"]
    assert "accounts.E001" in {error.id for error in run_checks()}


def test_an_exempt_account_signs_in_with_its_password(settings):
    settings.TWO_FACTOR_EXEMPT_USERS = ["root"]
    staff("root", is_superuser=True)
    client, _ = sign_in("root")
    assert client.get(url("admin:index")).status_code == 200


def test_the_admin_removes_a_lost_authenticator_but_never_shows_a_secret(manager):
    device = enrolled(manager)
    root = staff("root", is_superuser=True)
    TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    client = Client()
    client.force_login(root)
    from django.test import RequestFactory
    from django_otp import login as otp_login

    # force_login gives no device: mark the session verified as the code page would.
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = root
    otp_login(request, TOTPDevice.objects.get(user=root))
    request.session.save()
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    qr = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]))
    assert qr.status_code in {403, 404}
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_password_alone_previews_no_draft(demo):
    from activities.models import Activity

    draft = Activity.objects.published().order_by("id").first()
    draft.is_published = False
    draft.save()
    staff("root", is_superuser=True)
    client, _ = sign_in("root")
    assert client.get(f"/en/activities/{draft.slug}/").status_code == 404
    # Once the code is given (here: enrolment), the superuser previews it.
    client.get(url("accounts:setup"))
    device = TOTPDevice.objects.get(user__username="root")
    client.post(url("accounts:setup"), {"code": code(device)})
    assert client.get(f"/en/activities/{draft.slug}/").status_code == 200


def test_visitors_sessions_are_not_opened(demo):
    """Anonymous pages stay cacheable: the middleware opens no session without a cookie."""
    response = Client().get("/en/programmes/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_the_second_step_costs_a_fixed_number_of_queries(manager, django_assert_num_queries):
    device = enrolled(manager)
    client, _ = sign_in("manager")
    with django_assert_num_queries(VERIFY_PAGE_QUERIES):
        assert client.get(url("accounts:verify")).status_code == 200
    with django_assert_num_queries(VERIFY_POST_QUERIES):
        assert client.post(url("accounts:verify"), {"code": code(device)}).status_code == 302
    # The admin index of a verified session (django-otp reads the session's device once).
    with django_assert_num_queries(VERIFIED_INDEX_QUERIES):
        assert client.get(url("admin:index")).status_code == 200
