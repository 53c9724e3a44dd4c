from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Implemented activities")
    # website's `loaddemo` calls it after the programmes' (INSTALLED_APPS order).
    demo_loader = "activities.demo.load"

    def ready(self):
        from core.freshness import watch

        from . import signals  # noqa: F401
        from .models import Activity, Photo

        # Everything the public pages show of this app (see core/freshness.py).
        watch(Activity, Photo)
