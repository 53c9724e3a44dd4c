from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.static import serve

from accounts import views as account_views
from activities.sitemaps import ActivitySitemap
from core import views as core_views
from core.pagecache import public_page
from core.sitemaps import StaticPagesSitemap
from programmes.sitemaps import ProgrammeSitemap

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "programmes": ProgrammeSitemap,
    "activities": ActivitySitemap,
}

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", core_views.favicon),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path(
        "sitemap.xml",
        public_page(params=["p"])(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("website.former_site_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("programmes/", include("programmes.urls")),
    path("activities/", include("activities.urls")),
    path("", include("website.urls")),
    path("roscab/", include("experts.urls")),
    path("roscab/", include("matching.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("search/", include("search.urls")),
    # Before the admin's own addresses: password reset and the second sign-in step.
    path(
        "admin/password-reset/",
        account_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
)

if settings.BENCHMARK:
    urlpatterns += [path("benchmark/floor/", core_views.benchmark_floor)]

if settings.SERVE_MEDIA:
    # Uploaded media in development and tests; in production the web server serves MEDIA_ROOT.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
