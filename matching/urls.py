from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("record/<str:token>/", views.record, name="record"),
]
