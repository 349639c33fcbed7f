from django.views.generic import DetailView, TemplateView

from cities.models import City, Region
from spotlights.models import Spotlight


class HomeView(TemplateView):
    template_name = "cities/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = Region.objects.with_cities()
        context["city_count"] = City.objects.count()
        context["spotlight_count"] = Spotlight.objects.published().count()
        return context


class CityDetailView(DetailView):
    model = City
    template_name = "cities/city_detail.html"

    def get_queryset(self):
        return City.objects.with_detail_data()
