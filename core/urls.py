from django.urls import path
from django.views.generic import TemplateView

from .pagecache import public_page

app_name = "core"

urlpatterns = [
    path(
        "",
        public_page(daily=True)(TemplateView.as_view(template_name="core/home.html")),
        name="home",
    ),
]
