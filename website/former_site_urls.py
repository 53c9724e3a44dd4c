from django.urls import re_path

from . import former_site

app_name = "former_site"

# Outside i18n_patterns: the former site's addresses had no language prefix.
urlpatterns = [
    re_path(
        r"^(?P<name>[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)\.php$", former_site.old_page, name="page"
    ),
]
