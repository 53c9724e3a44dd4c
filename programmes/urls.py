from django.urls import path
from django.views.generic import TemplateView

app_name = "programmes"

# Placeholder until the programmes issue lands: the catalogue and programme pages.
urlpatterns = [
    path("", TemplateView.as_view(template_name="programmes/index.html"), name="index"),
    path(
        "<slug:slug>/", TemplateView.as_view(template_name="programmes/index.html"), name="detail"
    ),
]
