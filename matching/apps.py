from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Requests paired with providers and experts; activities' experts (spans three apps)."""

    name = "matching"
    verbose_name = _("Matching requests, providers and experts")
