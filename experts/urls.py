from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("update/<str:token>/", views.update, name="update"),
    path("updated/", views.updated, name="updated"),
]
