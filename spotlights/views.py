from django.views.generic import DetailView

from spotlights.models import Spotlight


class SpotlightDetailView(DetailView):
    model = Spotlight
    template_name = "spotlights/spotlight_detail.html"

    def get_queryset(self):
        return Spotlight.objects.published().with_city().prefetch_related("initiative_areas")
