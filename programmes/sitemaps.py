from core.sitemaps import TrilingualSitemap

from .models import Programme


class ProgrammeSitemap(TrilingualSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Programme.objects.active().only("slug").order_by("order", "slug")
