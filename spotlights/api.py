"""Open data API: published city spotlights."""

from rest_framework import serializers

from cities.api import OpenDataViewSet, PageUrlsField, TranslatedField, slugs
from core.public_url import public_url
from spotlights.filters import SpotlightFilterSet
from spotlights.models import Spotlight, SpotlightImage


class SpotlightImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    alt = TranslatedField()
    credit = TranslatedField()

    class Meta:
        model = SpotlightImage
        fields = ["url", "width", "height", "alt", "credit"]

    def get_url(self, image) -> str:
        return public_url(image.image.url)


class SpotlightCitySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = TranslatedField()


class SpotlightSerializer(serializers.ModelSerializer):
    city = SpotlightCitySerializer(read_only=True)
    title = TranslatedField()
    summary = TranslatedField()
    body = TranslatedField(
        help_text="Paragraphs separated by a blank line; may hold sanitised <strong>, <em>, "
        "<a href> and <br>."
    )
    source = TranslatedField()
    initiative_areas = slugs()
    images = SpotlightImageSerializer(many=True, read_only=True)
    page = PageUrlsField()

    class Meta:
        model = Spotlight
        fields = [
            "id",
            "slug",
            "city",
            "title",
            "summary",
            "body",
            "source",
            "initiative_areas",
            "images",
            "published_at",
            "updated_at",
            "page",
        ]


class SpotlightViewSet(OpenDataViewSet):
    """Published city spotlights, newest first, filtered as the spotlight list is."""

    serializer_class = SpotlightSerializer
    filterset_class = SpotlightFilterSet

    def get_queryset(self):
        return Spotlight.objects.published().with_page_data()
