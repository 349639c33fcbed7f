from django.utils.translation import gettext_lazy as _

from cities.facets import FacetedFilterSet, SearchFilter, SlugsFilter
from cities.models import City, Region
from networks.models import InitiativeArea
from spotlights.models import Spotlight


class SpotlightFilterSet(FacetedFilterSet):
    q = SearchFilter(label=_("Search"))
    region = SlugsFilter(label=_("Region"), options=Region, apply="in_regions")
    initiative = SlugsFilter(
        label=_("Initiative area"), options=InitiativeArea, apply="in_initiatives"
    )
    city = SlugsFilter(label=_("City"), options=City, apply="for_cities")

    class Meta:
        model = Spotlight
        fields = []


SPOTLIGHT_FACET_COUNTERS = {
    "region": Region.objects.with_spotlight_counts,
    "initiative": InitiativeArea.objects.with_spotlight_counts,
    "city": City.objects.with_spotlight_counts,
}
