from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import SlugNaturalKeyManager, SlugNaturalKeyModel
from cities.querysets import grouped_counts, with_counts
from core.collation import NameSortedModel


class InitiativeAreaQuerySet(models.QuerySet):
    def for_city(self, city):
        """The areas the city works in: through its networks or its published spotlights."""
        return self.filter(city_links__city=city, city_links__since__lte=timezone.now())

    def with_city_counts(self, cities):
        """The areas (a list), each with `result_count`: how many of `cities` work in it."""
        return with_counts(self, cities.counts_by_initiative())


class NetworkQuerySet(models.QuerySet):
    def with_city_counts(self, cities):
        """The networks (a list), each with `result_count`: how many of `cities` are members."""
        return with_counts(self, grouped_counts((cities, "pk", "networks")))


class AcceleratorQuerySet(models.QuerySet):
    def with_city_counts(self, cities):
        """The accelerators (a list), each with `result_count`: how many of `cities` signed."""
        return with_counts(self, grouped_counts((cities, "pk", "accelerators")))


class InitiativeArea(SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SlugNaturalKeyManager.from_queryset(InitiativeAreaQuerySet)()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("initiative area")
        verbose_name_plural = _("initiative areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:initiative-detail", kwargs={"slug": self.slug})


class Network(NameSortedModel, SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"))
    area = models.ForeignKey(
        InitiativeArea,
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("initiative area"),
    )
    is_area_sourced = models.BooleanField(
        _("area stated by a source"),
        default=True,
        help_text=_("Unticked when the initiative area was assigned by subject, not by a source."),
    )
    lead_cities = models.ManyToManyField(
        "cities.City", blank=True, related_name="led_networks", verbose_name=_("lead cities")
    )
    member_cities = models.ManyToManyField(
        "cities.City", blank=True, related_name="networks", verbose_name=_("member cities")
    )
    members_note = models.CharField(
        _("note on members"),
        max_length=255,
        blank=True,
        help_text=_("How complete the member list is, as the sources allow."),
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)

    objects = SlugNaturalKeyManager.from_queryset(NetworkQuerySet)()

    class Meta:
        ordering = ["area__position", "sort_name", "slug"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network-detail", kwargs={"slug": self.slug})


class Accelerator(NameSortedModel, SlugNaturalKeyModel):
    class LaunchPrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    name = models.CharField(_("name"), max_length=150)
    original_name = models.CharField(
        _("original name"),
        max_length=200,
        blank=True,
        help_text=_("The name under which the declaration was first signed."),
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    launch_precision = models.CharField(
        _("launch date precision"),
        max_length=5,
        choices=LaunchPrecision,
        default=LaunchPrecision.DAY,
        help_text=_("How much of the launch date the sources state."),
    )
    commitment = models.TextField(_("commitment"))
    description = models.TextField(_("description"))
    signatory_cities = models.ManyToManyField(
        "cities.City",
        blank=True,
        related_name="accelerators",
        verbose_name=_("signatory cities"),
    )
    outside_signatory_count = models.PositiveSmallIntegerField(
        _("signatories outside the directory"),
        default=0,
        help_text=_("Named signatories that are not C40 member cities of this directory."),
    )
    signatories_note = models.CharField(_("note on signatories"), max_length=255, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    objects = SlugNaturalKeyManager.from_queryset(AcceleratorQuerySet)()

    class Meta:
        ordering = ["sort_name", "slug"]
        verbose_name = _("accelerator")
        verbose_name_plural = _("accelerators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:accelerator-detail", kwargs={"slug": self.slug})


class Chair(SlugNaturalKeyModel):
    """A mayor who chaired C40, as the 20-year book lists them."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co-chair", _("Co-chair")

    person = models.CharField(_("person"), max_length=150)
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="chairs", verbose_name=_("city")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.CHAIR)
    started_in = models.PositiveSmallIntegerField(_("term began"))
    ended_in = models.PositiveSmallIntegerField(
        _("term ended"), null=True, blank=True, help_text=_("Empty while the term goes on.")
    )

    class Meta:
        ordering = ["started_in", "role", "pk"]
        verbose_name = _("chair")
        verbose_name_plural = _("chairs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_in__isnull=True)
                | models.Q(ended_in__gte=models.F("started_in")),
                name="chair_term_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.person


class Funder(SlugNaturalKeyModel):
    """An organisation that has funded C40's work, as the 20-year book lists it."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic funder")
        FOUNDING = "founding", _("Founding funder")
        FUNDER = "funder", _("Funder")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.FUNDER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.name
