from django.urls import path

from core.pagecache import public_page

from . import views
from .feeds import ActivitiesFeed

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", public_page()(ActivitiesFeed()), name="feed"),
    path("upcoming.ics", views.upcoming_ics, name="upcoming_ics"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.activity_ics, name="activity_ics"),
]
