from django.urls import path

from spotlights import views
from spotlights.feeds import LatestSpotlightsFeed
from spotlights.share import SpotlightShareImageView

app_name = "spotlights"

urlpatterns = [
    path("", views.SpotlightListView.as_view(), name="spotlight-list"),
    path("feed/", LatestSpotlightsFeed(), name="feed"),
    path("<slug:slug>/share.png", SpotlightShareImageView.as_view(), name="spotlight-share-image"),
    path("<slug:slug>/", views.SpotlightDetailView.as_view(), name="spotlight-detail"),
]
