from django.urls import path
from django.views.generic import TemplateView

app_name = "experts"

# Placeholder until the roster issue lands.
urlpatterns = [
    path("register/", TemplateView.as_view(template_name="experts/register.html"), name="register"),
]
