from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Roster of Experts (ROSCAB)")

    def ready(self):
        from . import checks, signals  # noqa: F401 - registers checks and signal handlers
