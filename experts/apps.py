from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Roster of Experts (ROSCAB)")

    def ready(self):
        from . import checks, signals  # noqa: F401 - registers checks and signal handlers
        from .groups import sync_staff_groups

        post_migrate.connect(sync_staff_groups, dispatch_uid="experts.sync_staff_groups")
