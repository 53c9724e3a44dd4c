from core.sitemaps import TrilingualSitemap

from .models import Activity


class ActivitySitemap(TrilingualSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return Activity.objects.published().only("slug", "updated_at").order_by("-start_date", "id")

    def lastmod(self, activity):
        return activity.updated_at
