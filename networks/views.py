from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from cities.models import City, published_spotlights
from core.lists import CITY_LIMIT, SPOTLIGHT_LIMIT, Excerpt
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network


class InitiativeAreaListView(ListView):
    model = InitiativeArea
    template_name = "networks/initiativearea_list.html"

    def get_queryset(self):
        areas = InitiativeArea.objects.prefetch_related("networks")
        return areas.with_city_counts(City.objects.all())


class InitiativeAreaDetailView(DetailView):
    model = InitiativeArea
    template_name = "networks/initiativearea_detail.html"

    def get_queryset(self):
        return InitiativeArea.objects.prefetch_related("networks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = [self.object]
        spotlights = published_spotlights().in_initiatives(area).with_list_data()
        context["cities"] = Excerpt.of(City.objects.in_initiatives(area), CITY_LIMIT)
        context["spotlights"] = Excerpt.of(spotlights, SPOTLIGHT_LIMIT)
        return context


class NetworkListView(ListView):
    model = Network
    template_name = "networks/network_list.html"

    def get_queryset(self):
        return Network.objects.select_related("area").with_city_counts(City.objects.all())


class NetworkDetailView(DetailView):
    model = Network
    template_name = "networks/network_detail.html"

    def get_queryset(self):
        return Network.objects.select_related("area").prefetch_related(
            Prefetch("lead_cities", queryset=City.objects.order_by("sort_name", "slug")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cities"] = Excerpt.of(City.objects.in_networks([self.object]), CITY_LIMIT)
        return context


class AcceleratorListView(ListView):
    model = Accelerator
    template_name = "networks/accelerator_list.html"

    def get_queryset(self):
        return Accelerator.objects.with_city_counts(City.objects.all())


class AcceleratorDetailView(DetailView):
    model = Accelerator
    template_name = "networks/accelerator_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cities"] = Excerpt.of(City.objects.signed([self.object]), CITY_LIMIT)
        return context


class AboutView(TemplateView):
    template_name = "networks/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chairs"] = Chair.objects.select_related("city")
        context["funders"] = Funder.objects.all()
        return context


class SourcesView(TemplateView):
    """Where the portal's content comes from, and each network's and accelerator's notes."""

    template_name = "networks/sources.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["networks"] = Network.objects.select_related("area")
        context["accelerators"] = Accelerator.objects.all()
        return context
