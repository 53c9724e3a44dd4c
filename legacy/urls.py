from django.urls import re_path

from . import views

app_name = "legacy"

# Outside i18n_patterns: the former site's addresses had no language prefix.
urlpatterns = [
    re_path(r"^(?P<name>[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)\.php$", views.old_page, name="page"),
]
