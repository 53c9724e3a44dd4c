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
    path("link/", views.request_link, name="request_link"),
    path("link/sent/", views.link_sent, name="link_sent"),
    path("update/<str:token>/my-data.json", views.my_data, name="my_data"),
    path("update/<str:token>/leave/", views.leave, name="leave"),
    path("left/", views.left, name="left"),
]
