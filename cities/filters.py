from django.utils.translation import gettext_lazy as _

from cities.facets import FacetedFilterSet, SearchFilter, SlugsFilter
from cities.models import City, Country, Region
from cities.querysets import grouped_counts


class CityFilterSet(FacetedFilterSet):
    q = SearchFilter(label=_("Search"))
    region = SlugsFilter(label=_("Region"), options=Region, apply="in_regions")
    initiative = SlugsFilter(
        label=_("Initiative area"), options="networks.InitiativeArea", apply="in_initiatives"
    )
    network = SlugsFilter(label=_("Network"), options="networks.Network", apply="in_networks")
    accelerator = SlugsFilter(
        label=_("Accelerator"), options="networks.Accelerator", apply="signed"
    )
    country = SlugsFilter(label=_("Country"), options=Country, apply="in_countries")

    class Meta:
        model = City
        fields = []


# {parameter: the number of the given cities each option would give, {option pk: count}}
CITY_FACET_COUNTERS = {
    "region": lambda cities: grouped_counts((cities, "pk", "region")),
    "initiative": lambda cities: cities.counts_by_initiative(),
    "network": lambda cities: grouped_counts((cities, "pk", "networks")),
    "accelerator": lambda cities: grouped_counts((cities, "pk", "accelerators")),
    "country": lambda cities: grouped_counts((cities, "pk", "country")),
}
