from django.urls import path

from sitesearch.views import SearchPageView

app_name = "sitesearch"
urlpatterns = [path("search/", SearchPageView.as_view(), name="search")]
