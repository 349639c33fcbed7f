"""Open data API: initiative areas, networks and accelerators."""

from rest_framework import serializers

from cities.api import OpenDataViewSet, PageUrlsField, TranslatedField, slugs
from networks.models import Accelerator, InitiativeArea, Network


class InitiativeAreaSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    description = TranslatedField()
    networks = slugs()
    page = PageUrlsField()

    class Meta:
        model = InitiativeArea
        fields = ["id", "slug", "name", "description", "networks", "page"]


class NetworkSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    description = TranslatedField()
    area = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    lead_cities = slugs()
    member_cities = slugs()
    members_note = TranslatedField()
    sources = serializers.ListField(child=serializers.URLField(), read_only=True)
    page = PageUrlsField()

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "area",
            "is_area_sourced",
            "lead_cities",
            "member_cities",
            "members_note",
            "sources",
            "page",
        ]


class AcceleratorSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    original_name = TranslatedField()
    commitment = TranslatedField()
    description = TranslatedField()
    signatory_cities = slugs()
    signatories_note = TranslatedField()
    sources = serializers.ListField(child=serializers.URLField(), read_only=True)
    page = PageUrlsField()

    class Meta:
        model = Accelerator
        fields = [
            "id",
            "slug",
            "name",
            "original_name",
            "launched_on",
            "launch_precision",
            "commitment",
            "description",
            "signatory_cities",
            "outside_signatory_count",
            "signatories_note",
            "sources",
            "page",
        ]


class InitiativeAreaViewSet(OpenDataViewSet):
    queryset = InitiativeArea.objects.prefetch_related("networks")
    serializer_class = InitiativeAreaSerializer


class NetworkViewSet(OpenDataViewSet):
    queryset = Network.objects.select_related("area").prefetch_related(
        "lead_cities", "member_cities"
    )
    serializer_class = NetworkSerializer


class AcceleratorViewSet(OpenDataViewSet):
    queryset = Accelerator.objects.prefetch_related("signatory_cities")
    serializer_class = AcceleratorSerializer
