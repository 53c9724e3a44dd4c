from django.conf import settings
from django.core.checks import Error, register


@register("security")
def no_exemption(app_configs, **kwargs):
    if not settings.DEBUG and settings.TWO_FACTOR_EXEMPT_USERS:
        return [
            Error("TWO_FACTOR_EXEMPT_USERS must be empty when DEBUG is off.", id="accounts.E001")
        ]
    return []


@register("security", deploy=True)
def two_factor_on(app_configs, **kwargs):
    errors = []
    if not settings.DEBUG and not settings.TWO_FACTOR_REQUIRED:
        errors.append(
            Error("TWO_FACTOR_REQUIRED must be on when DEBUG is off.", id="accounts.E002")
        )
    return errors
