from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the member-state check
        from .admin_login import forget_own_failures
        from .collation import sort_countries_as_readers_do

        sort_countries_as_readers_do()

        user_logged_in.connect(forget_own_failures, dispatch_uid="core.forget_own_failures")
