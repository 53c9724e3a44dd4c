"""django-otp's apps have no verbose name: the admin would show "Otp_Totp" and "Otp_Static".
Installed in their place (settings.INSTALLED_APPS); kept out of accounts/apps.py, where more
than one AppConfig would stop Django choosing AccountsConfig by itself."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")
