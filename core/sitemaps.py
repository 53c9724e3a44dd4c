from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .links import site_url


class TrilingualSitemap(Sitemap):
    """Every URL in the three languages, each with its hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True

    # Every location on the configured site address, not the Host header of the request.
    def get_protocol(self, protocol=None):
        return site_url().split("://", 1)[0]

    def get_domain(self, site=None):
        return site_url().split("://", 1)[1]


class StaticPagesSitemap(TrilingualSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [
            "website:home",
            "programmes:index",
            "programmes:downloads",
            "activities:index",
            "website:statistics",
            "experts:register",
            "website:contact",
            "core:privacy",
            "core:accessibility",
            "core:legal",
        ]

    def location(self, item):
        return reverse(item)
