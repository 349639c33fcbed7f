from django.utils.translation import gettext_lazy as _

from cities.facets import FacetedFilterSet, SearchFilter, SlugsFilter
from cities.models import City, Country, Region
from cities.querysets import grouped_counts
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


def initiative_counts(cities):
    """{area pk: cities working in it}: in one of its networks, or with a published spotlight
    in it (the rule of CityQuerySet.in_initiatives)."""
    from spotlights.models import Spotlight

    memberships = City.networks.through.objects.filter(city__in=cities)
    spotlights = Spotlight.objects.published().filter(city__in=cities)
    return grouped_counts(
        (memberships, "city", "network__area"), (spotlights, "city", "initiative_areas")
    )


# {parameter: the number of the given cities each option would give, {option pk: count}}
CITY_FACET_COUNTERS = {
    "region": lambda cities: grouped_counts((cities, "pk", "region")),
    "initiative": initiative_counts,
    "network": lambda cities: grouped_counts((cities, "pk", "networks")),
    "accelerator": lambda cities: grouped_counts((cities, "pk", "accelerators")),
    "country": lambda cities: grouped_counts((cities, "pk", "country")),
}
