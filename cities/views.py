from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic import DetailView, TemplateView

from c40site.pagecache import Fragment
from cities.facets import FacetedListView
from cities.filters import CITY_FACET_COUNTERS, CityFilterSet
from cities.models import City, Region
from spotlights.models import Spotlight


class HomeView(TemplateView):
    template_name = "cities/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = Region.objects.with_city_counts()
        context["city_count"] = City.objects.count()
        context["featured_spotlights"] = Spotlight.objects.published().featured()
        return context


class CityListView(FacetedListView):
    filterset_class = CityFilterSet
    facet_counters = CITY_FACET_COUNTERS
    template_name = "cities/city_list.html"

    def get_queryset(self):
        return City.objects.with_directory_data()


class CityDetailView(DetailView):
    model = City
    template_name = "cities/city_detail.html"

    def get_queryset(self):
        return City.objects.with_detail_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        # Ranking other cities' spotlights grows with their number: the rendered list is
        # cached, and the query runs only when the template renders it afresh.
        context["learn_from_fragment"] = Fragment("learn-from", get_language(), city.pk)
        context["learn_from"] = SimpleLazyObject(
            lambda: list(Spotlight.objects.published().learning_for(city))
        )
        return context


class RegionDetailView(DetailView):
    model = Region
    template_name = "cities/region_detail.html"

    def get_queryset(self):
        return Region.objects.with_cities()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["spotlights"] = (
            Spotlight.objects.published().in_regions([self.object]).with_list_data()
        )
        return context
