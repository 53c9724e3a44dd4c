from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
    path("legal-notice/", TemplateView.as_view(template_name="core/legal.html"), name="legal"),
]
