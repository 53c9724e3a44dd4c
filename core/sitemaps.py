from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class TrilingualSitemap(Sitemap):
    """Every URL in the three languages, each with its hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(TrilingualSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [
            "core:home",
            "programmes:index",
            "programmes:downloads",
            "activities:index",
            "website:statistics",
            "experts:register",
        ]

    def location(self, item):
        return reverse(item)
