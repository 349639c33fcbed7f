from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext
from django.views.generic import DetailView

from cities.facets import FacetedListView
from cities.models import City
from core.pagecache import Fragment
from spotlights.filters import SPOTLIGHT_FACET_COUNTERS, SpotlightFilterSet
from spotlights.models import Spotlight


class SpotlightListView(FacetedListView):
    filterset_class = SpotlightFilterSet
    facet_counters = SPOTLIGHT_FACET_COUNTERS
    template_name = "spotlights/spotlight_list.html"

    def get_queryset(self):
        return Spotlight.objects.published().with_list_data()

    def count_label(self, count):
        return ngettext("%(counter)s spotlight", "%(counter)s spotlights", count) % {
            "counter": count
        }

    def suggested_names(self, query):
        return City.objects.filter(spotlights__in=Spotlight.objects.published()).closest_names(
            query
        )


class SpotlightDetailView(DetailView):
    model = Spotlight
    template_name = "spotlights/spotlight_detail.html"

    def get_queryset(self):
        return Spotlight.objects.published().with_page_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spotlight = self.object
        published = Spotlight.objects.published()
        # The related cards cost more than the page itself: they are a cached fragment, and
        # their queries run only when it is rendered afresh.
        context["related_fragment"] = Fragment("spotlight-related", get_language(), spotlight.pk)
        context["more_from_city"] = SimpleLazyObject(
            lambda: list(published.from_city(spotlight.city, exclude=spotlight))
        )
        context["related"] = SimpleLazyObject(lambda: list(published.related_to(spotlight)))
        return context
