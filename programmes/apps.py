from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    # website's `loaddemo` calls it, in INSTALLED_APPS order.
    demo_loader = "programmes.demo.load"
