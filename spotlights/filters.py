from django.utils.translation import gettext_lazy as _

from cities.facets import FacetedFilterSet, SearchFilter, SlugsFilter
from cities.models import City, Region
from cities.querysets import grouped_counts
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


# {parameter: the number of the given spotlights each option would give, {option pk: count}}
SPOTLIGHT_FACET_COUNTERS = {
    "region": lambda spotlights: grouped_counts((spotlights, "pk", "city__region")),
    "initiative": lambda spotlights: grouped_counts((spotlights, "pk", "initiative_areas")),
    "city": lambda spotlights: grouped_counts((spotlights, "pk", "city")),
}
