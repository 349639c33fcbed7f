from django.views import View
from django.views.generic.detail import SingleObjectMixin

from cities.models import City
from core.shareimages import region_colour, share_image_response


class CityShareImageView(SingleObjectMixin, View):
    """The city's share image (Open Graph / Twitter card) in the page's language."""

    model = City

    def get_queryset(self):
        return City.objects.with_directory_data()

    def get(self, request, *args, **kwargs):
        city = self.get_object()
        return share_image_response(
            request,
            kind="city",
            slug=city.slug,
            title=city.name,
            subtitle=f"{city.country.name} · {city.region.name}",
            colour=region_colour(city.region.slug),
        )
