from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("initiatives/", views.InitiativeAreaListView.as_view(), name="initiative-list"),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeAreaDetailView.as_view(),
        name="initiative-detail",
    ),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("accelerators/", views.AcceleratorListView.as_view(), name="accelerator-list"),
    path(
        "accelerators/<slug:slug>/",
        views.AcceleratorDetailView.as_view(),
        name="accelerator-detail",
    ),
    path("about/", views.AboutView.as_view(), name="about"),
    path("sources/", views.SourcesView.as_view(), name="sources"),
]
