from django.urls import path

from spotlights import views

app_name = "spotlights"

urlpatterns = [
    path("", views.SpotlightListView.as_view(), name="spotlight-list"),
    path("<slug:slug>/", views.SpotlightDetailView.as_view(), name="spotlight-detail"),
]
