from django.urls import path

from spotlights import views
from spotlights.feeds import LatestSpotlightsFeed

app_name = "spotlights"

urlpatterns = [
    path("", views.SpotlightListView.as_view(), name="spotlight-list"),
    path("feed/", LatestSpotlightsFeed(), name="feed"),
    path("<slug:slug>/", views.SpotlightDetailView.as_view(), name="spotlight-detail"),
]
