from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SlugNaturalKeyManager(models.Manager):
    """Fixtures refer to rows by slug, so reloading them updates rows in place."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyModel(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class RegionQuerySet(models.QuerySet):
    def with_cities(self):
        """Regions in display order, each with its cities prefetched."""
        return self.prefetch_related(
            models.Prefetch("cities", queryset=City.objects.order_by("slug"))
        )


class Region(SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SlugNaturalKeyManager.from_queryset(RegionQuerySet)()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Country(SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=100)
    iso_code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class CityQuerySet(models.QuerySet):
    def with_directory_data(self):
        return self.select_related("region", "country")

    def with_detail_data(self):
        """Everything a city page shows, fetched once (published spotlights only)."""
        from spotlights.models import Spotlight  # spotlights imports cities: avoid a cycle

        return self.with_directory_data().prefetch_related(
            models.Prefetch(
                "spotlights",
                queryset=Spotlight.objects.published().prefetch_related("initiative_areas"),
            ),
            "networks__area",
            "accelerators",
        )


class CityManager(SlugNaturalKeyManager.from_queryset(CityQuerySet)):
    pass


class City(SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cities", verbose_name=_("region")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country")
    )
    alternative_names = models.CharField(
        _("alternative names"),
        max_length=255,
        blank=True,
        help_text=_("Other names people search for, separated by semicolons (e.g. eThekwini)."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    is_steering_committee = models.BooleanField(
        _("on the steering committee"),
        default=False,
        help_text=_("The city sits on C40's elected Steering Committee of mayors."),
    )

    objects = CityManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:city-detail", kwargs={"slug": self.slug})

    @property
    def alternative_name_list(self):
        return [name.strip() for name in self.alternative_names.split(";") if name.strip()]
