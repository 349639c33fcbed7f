from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import SlugNaturalKeyManager, SlugNaturalKeyModel


class SpotlightQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Spotlight.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_city(self):
        return self.select_related("city__region", "city__country")


class SpotlightManager(SlugNaturalKeyManager.from_queryset(SpotlightQuerySet)):
    pass


class Spotlight(SlugNaturalKeyModel):
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
