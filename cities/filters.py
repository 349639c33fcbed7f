from django.utils.translation import gettext_lazy as _

from cities.facets import FacetedFilterSet, SearchFilter, SlugsFilter
from cities.models import City, Country, Region
from networks.models import Accelerator, InitiativeArea, Network


class CityFilterSet(FacetedFilterSet):
    q = SearchFilter(label=_("Search"))
    region = SlugsFilter(label=_("Region"), options=Region, apply="in_regions")
    initiative = SlugsFilter(
        label=_("Initiative area"), options=InitiativeArea, apply="in_initiatives"
    )
    network = SlugsFilter(label=_("Network"), options=Network, apply="in_networks")
    accelerator = SlugsFilter(label=_("Accelerator"), options=Accelerator, apply="signed")
    country = SlugsFilter(label=_("Country"), options=Country, apply="in_countries")

    class Meta:
        model = City
        fields = []


CITY_FACET_COUNTERS = {
    "region": Region.objects.with_city_counts,
    "initiative": InitiativeArea.objects.with_city_counts,
    "network": Network.objects.with_city_counts,
    "accelerator": Accelerator.objects.with_city_counts,
    "country": Country.objects.with_city_counts,
}
