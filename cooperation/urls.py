from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("link/", views.request_link, name="link"),
    path("space/<str:token>/", views.space, name="space"),
    path(
        "space/<str:token>/questionnaire/<slug:slug>/",
        views.questionnaire,
        name="questionnaire",
    ),
    path("space/<str:token>/request/<slug:slug>/", views.tor_request, name="tor_request"),
    path("needs/<slug:slug>/", views.needs, name="needs"),
    path("space/<str:token>/upload/<slug:slug>/", views.upload, name="upload"),
]
