from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    # website's `loaddemo` calls it, in INSTALLED_APPS order.
    demo_loader = "programmes.demo.load"

    def ready(self):
        from core.freshness import watch

        from .models import Document, DocumentKind, MainSubject, Organisation, Programme, Sector

        # Everything the public pages show of this app (see core/freshness.py).
        watch(Sector, Organisation, Programme, MainSubject, DocumentKind, Document)
