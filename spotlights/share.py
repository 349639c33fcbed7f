from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.shareimages import region_colour, share_image_response
from spotlights.models import Spotlight


class SpotlightShareImageView(SingleObjectMixin, View):
    """A published spotlight's share image (Open Graph / Twitter card) in the page's language:
    its key figure when it has one, its title, city and country."""

    model = Spotlight

    def get_queryset(self):
        return Spotlight.objects.published().select_related("city__region", "city__country")

    def get(self, request, *args, **kwargs):
        spotlight = self.get_object()
        city = spotlight.city
        return share_image_response(
            request,
            kind="spotlight",
            slug=spotlight.slug,
            title=spotlight.title,
            subtitle=f"{city.name} · {city.country.name}",
            figure=spotlight.key_figure,
            figure_label=spotlight.key_figure_label,
            colour=region_colour(city.region.slug),
        )
