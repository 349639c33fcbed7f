from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import SlugNaturalKeyManager, SlugNaturalKeyModel
from cities.search import SearchableModel, search_terms


class SpotlightQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Spotlight.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_city(self):
        return self.select_related("city__region", "city__country")

    def with_list_data(self):
        return self.with_city().prefetch_related("initiative_areas")

    def search(self, query):
        """Spotlights whose text, or whose city's names, in either language contain every term."""
        for term in search_terms(query):
            self = self.filter(
                models.Q(search_text__contains=term)
                | models.Q(city__search_text__contains=term)
                | models.Q(city__country__search_text__contains=term)
            )
        return self

    def in_regions(self, regions):
        return self.filter(city__region__in=regions)

    def for_cities(self, cities):
        return self.filter(city__in=cities)

    def in_initiatives(self, areas):
        links = Spotlight.initiative_areas.through.objects.filter(
            spotlight=models.OuterRef("pk"), initiativearea__in=areas
        )
        return self.filter(models.Exists(links))

    def featured(self):
        """The newest spotlight of each region, regions in display order."""
        newest_first = models.Window(
            RowNumber(),
            partition_by=models.F("city__region"),
            order_by=[models.F("published_at").desc(), models.F("slug").asc()],
        )
        return (
            self.annotate(rank_in_region=newest_first)
            .filter(rank_in_region=1)
            .with_city()
            .order_by("city__region__position")
        )

    def learning_for(self, city, limit=6):
        """Other cities' spotlights in the city's initiative areas, most areas in common first."""
        from networks.models import InitiativeArea

        areas = InitiativeArea.objects.for_city(city)
        return (
            self.exclude(city=city)
            .annotate(
                shared_areas=models.Count(
                    "initiative_areas", filter=models.Q(initiative_areas__in=areas)
                )
            )
            .filter(shared_areas__gt=0)
            .order_by("-shared_areas", "-published_at", "slug")
            .with_city()[:limit]
        )


class SpotlightManager(SlugNaturalKeyManager.from_queryset(SpotlightQuerySet)):
    pass


class Spotlight(SearchableModel, SlugNaturalKeyModel):
    search_fields = (
        "title_en",
        "title_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "body_en",
        "body_zh_hans",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        related_name="spotlights",
        verbose_name=_("city"),
    )
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One sentence."))
    body = models.TextField(_("body"))
    initiative_areas = models.ManyToManyField(
        "networks.InitiativeArea",
        related_name="spotlights",
        verbose_name=_("initiative areas"),
        help_text=_("The areas this work belongs to, as read from its content."),
    )
    source = models.CharField(
        _("source"), max_length=255, help_text=_("The document and section it comes from.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    image = models.ImageField(_("image"), upload_to="spotlights/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("Describes the image for people who cannot see it."),
    )

    objects = SpotlightManager()

    class Meta:
        ordering = ["-published_at", "slug"]
        verbose_name = _("city spotlight")
        verbose_name_plural = _("city spotlights")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("spotlights:spotlight-detail", kwargs={"slug": self.slug})
