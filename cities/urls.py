from django.urls import path

from cities import views
from cities.share import CityShareImageView

app_name = "cities"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("cities/<slug:slug>/share.png", CityShareImageView.as_view(), name="city-share-image"),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
]
