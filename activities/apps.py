from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Implemented activities")

    def ready(self):
        from . import signals  # noqa: F401
