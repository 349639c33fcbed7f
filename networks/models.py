from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import SlugNaturalKeyModel


class InitiativeArea(SlugNaturalKeyModel):
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("initiative area")
        verbose_name_plural = _("initiative areas")

    def __str__(self):
        return self.name


class Network(SlugNaturalKeyModel):
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

    class Meta:
        ordering = ["area__position", "slug"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class Accelerator(SlugNaturalKeyModel):
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

    class Meta:
        ordering = ["slug"]
        verbose_name = _("accelerator")
        verbose_name_plural = _("accelerators")

    def __str__(self):
        return self.name
