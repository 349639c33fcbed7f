from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
]
