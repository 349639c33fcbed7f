from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext
from django.views.generic import DetailView, TemplateView

from cities.facets import FacetedListView
from cities.filters import CITY_FACET_COUNTERS, CityFilterSet
from cities.geonames import population_source
from cities.models import City, Country, Region, published_spotlights
from core.lists import CITY_LIMIT, SPOTLIGHT_LIMIT, Excerpt
from core.pagecache import Fragment


class HomeView(TemplateView):
    template_name = "cities/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = Region.objects.with_tile_data(published_spotlights())
        context["city_count"] = City.objects.count()
        context["featured_spotlights"] = published_spotlights().featured()
        return context


class CityListView(FacetedListView):
    filterset_class = CityFilterSet
    facet_counters = CITY_FACET_COUNTERS
    template_name = "cities/city_list.html"

    def get_queryset(self):
        return City.objects.with_directory_data()

    def paginate_queryset(self, queryset, page_size):
        # The rows of the page alone count their spotlights (`result_count`): a subquery of
        # the page's query, kept out of the counts and facets computed on `queryset`.
        counted = queryset.with_spotlight_counts(published_spotlights())
        return super().paginate_queryset(counted, page_size)

    def count_label(self, count):
        return ngettext("%(counter)s city", "%(counter)s cities", count) % {"counter": count}

    def suggested_names(self, query):
        return City.objects.closest_names(query)


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
            lambda: list(published_spotlights().learning_for(city))
        )
        context["population_source"] = population_source()
        if not (city.networks.all() or city.accelerators.all()):
            context["region_work"] = published_spotlights().elsewhere_in_region(city)
        return context


class RegionListView(TemplateView):
    template_name = "cities/region_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = Region.objects.with_tile_data(published_spotlights())
        return context


class RegionDetailView(DetailView):
    model = Region
    template_name = "cities/region_detail.html"

    def get_queryset(self):
        return Region.objects.with_city_locations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        spotlights = published_spotlights().in_regions([region])
        context["cities"] = Excerpt.of(City.objects.in_regions([region]), CITY_LIMIT)
        context["spotlights"] = Excerpt.of(spotlights.with_list_data(), SPOTLIGHT_LIMIT)
        context["country_count"] = Country.objects.in_regions([region]).count()
        context["leading_areas"] = spotlights.leading_areas()
        return context
