from django.views.generic import DetailView

from cities.facets import FacetedListView
from spotlights.filters import SPOTLIGHT_FACET_COUNTERS, SpotlightFilterSet
from spotlights.models import Spotlight


class SpotlightListView(FacetedListView):
    filterset_class = SpotlightFilterSet
    facet_counters = SPOTLIGHT_FACET_COUNTERS
    template_name = "spotlights/spotlight_list.html"

    def get_queryset(self):
        return Spotlight.objects.published().with_list_data()


class SpotlightDetailView(DetailView):
    model = Spotlight
    template_name = "spotlights/spotlight_detail.html"

    def get_queryset(self):
        return Spotlight.objects.published().with_page_data()
