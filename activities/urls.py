from django.urls import path
from django.views.generic import TemplateView

app_name = "activities"

# Placeholder until the activities issue lands.
urlpatterns = [
    path("", TemplateView.as_view(template_name="activities/index.html"), name="index"),
]
