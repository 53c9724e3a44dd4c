from django.urls import path
from django.views.generic import TemplateView

from . import views
from .pagecache import public_page

app_name = "core"

# The pages an official site must have. The home and contact pages draw on the content apps
# and live in the website app.
urlpatterns = [
    path("privacy/", public_page()(views.PrivacyView.as_view()), name="privacy"),
    path(
        "accessibility/",
        public_page()(TemplateView.as_view(template_name="core/accessibility.html")),
        name="accessibility",
    ),
    path(
        "legal-notice/",
        public_page()(TemplateView.as_view(template_name="core/legal.html")),
        name="legal",
    ),
]
