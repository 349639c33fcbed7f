from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
]
