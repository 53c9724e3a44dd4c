from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from .groups import sync_staff_groups

        post_migrate.connect(sync_staff_groups, dispatch_uid="website.sync_staff_groups")
