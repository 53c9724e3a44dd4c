from django.urls import path

from . import views

app_name = "programmes"

# "downloads" comes before <slug>: Programme.slug refuses that reserved word.
urlpatterns = [
    path("", views.index, name="index"),
    path("downloads/", views.downloads, name="downloads"),
    path("<slug:slug>/", views.detail, name="detail"),
    path(
        "<slug:slug>/documents/<slug:kind>/<str:language>/",
        views.download,
        name="download",
    ),
    path("<slug:slug>/documents/<str:language>.zip", views.language_zip, name="zip"),
]
