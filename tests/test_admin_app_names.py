"""django-otp's admin sections are named in the admin's language, not "Otp_Totp"."""

import pytest


@pytest.mark.parametrize(
    "language, names",
    [
        ("en", ["Two-factor sign-in: authenticator apps", "Two-factor sign-in: recovery codes"]),
        ("fr", ["Connexion à deux facteurs : applications d’authentification"]),
        ("ar", ["تسجيل الدخول بخطوتين: تطبيقات المصادقة", "تسجيل الدخول بخطوتين: رموز الاسترداد"]),
    ],
)
def test_the_two_factor_sections_are_named_in_the_admin_language(admin_client, language, names):
    html = admin_client.get(f"/{language}/admin/").content.decode()
    assert "Otp_Totp" not in html and "Otp_Static" not in html
    for name in names:
        assert name in html
