from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from cities.models import Region, SlugNaturalKeyManager, SlugNaturalKeyModel
from cities.querysets import grouped_counts, with_counts
from core.languages import language_codes, localized_columns, writes_chinese
from core.search import SearchableModel, search_terms
from core.typography import normalize_chinese_punctuation
from core.words import text_words
from networks.models import InitiativeArea
from spotlights.body import body_text, sanitize_body
from spotlights.images import build_variants

# Content that must exist in every site language before a spotlight can be published.
TRANSLATED_FIELDS = ("title", "summary", "body", "source")
# Every field written in each language (a key figure is optional, so not required above).
WRITTEN_FIELDS = (*TRANSLATED_FIELDS, "key_figure", "key_figure_label")


def translation_columns(*fields):
    """Column names of the publishable fields (default: all of them) in every site language."""
    return localized_columns(*(fields or TRANSLATED_FIELDS))


def translation_gaps(language):
    """Rows missing any publishable field in `language`."""
    gaps = models.Q()
    for field in TRANSLATED_FIELDS:
        column = build_localized_fieldname(field, language)
        gaps |= models.Q(**{column: ""}) | models.Q(**{f"{column}__isnull": True})
    return gaps


def all_translation_gaps():
    gaps = models.Q()
    for language, _name in settings.LANGUAGES:
        gaps |= translation_gaps(language)
    return gaps


def public_images():
    """Prefetch a spotlight's published photos (not those its working draft adds)."""
    return models.Prefetch("images", queryset=SpotlightImage.objects.public())


CARD_UNUSED_FIELDS = ("body", *localized_columns("body"), "search_text", "search_words")


class SpotlightQuerySet(models.QuerySet):
    def published(self):
        """Public now: published, its publication time reached, its unpublication not yet."""
        now = timezone.now()
        return self.filter(status=Spotlight.Status.PUBLISHED, published_at__lte=now).exclude(
            unpublish_at__lte=now
        )

    def due_to_unpublish(self, now):
        return self.filter(status=Spotlight.Status.PUBLISHED, unpublish_at__lte=now)

    def appearing_between(self, start, end):
        """Published spotlights whose scheduled publication time lies in (start, end]."""
        return self.filter(
            status=Spotlight.Status.PUBLISHED, published_at__gt=start, published_at__lte=end
        )

    def leading_areas(self, limit=3):
        """The initiative areas most of these spotlights work in, most first (one grouped
        count of them)."""
        areas = with_counts(
            InitiativeArea.objects.all(), grouped_counts((self, "pk", "initiative_areas"))
        )
        leading = sorted(areas, key=lambda area: (-area.result_count, area.position, area.pk))
        return [area for area in leading if area.result_count][:limit]

    def missing_translation(self, language=None):
        """Spotlights with an empty publishable field in `language` (default: in any language)."""
        return self.filter(translation_gaps(language) if language else all_translation_gaps())

    def edited(self):
        """Spotlights saved since the dataset was loaded (loading leaves `version` at 1)."""
        return self.filter(version__gt=1)

    def translated(self):
        """Spotlights with every publishable field filled in every language."""
        return self.exclude(all_translation_gaps())

    def with_translation_status(self):
        """Annotate `is_translated`: every publishable field filled in every language."""
        complete = models.ExpressionWrapper(
            ~all_translation_gaps(), output_field=models.BooleanField()
        )
        return self.annotate(is_translated=complete)

    def with_city(self):
        return self.select_related("city__region", "city__country")

    def with_workflow_state(self):
        """Annotate `has_draft`, `review_state` and `translation_stale` (of the working text)."""
        drafts = SpotlightDraft.objects.filter(spotlight=models.OuterRef("pk"))
        return self.annotate(
            has_draft=models.Exists(drafts),
            review_state=models.Subquery(
                Review.objects.filter(spotlight=models.OuterRef("pk")).values("state")[:1]
            ),
            translation_stale=models.Case(
                models.When(
                    models.Exists(drafts),
                    then=models.Subquery(drafts.values("translation_out_of_date")[:1]),
                ),
                default=models.F("translation_out_of_date"),
                output_field=models.BooleanField(),
            ),
        )

    def with_unpublished_changes(self):
        return self.filter(draft__isnull=False)

    def awaiting_review(self):
        return self.filter(review__state=Review.State.SUBMITTED)

    def changes_requested(self):
        return self.filter(review__state=Review.State.CHANGES_REQUESTED)

    def translation_out_of_date(self):
        """Spotlights whose working text (the draft if any) has a translation out of date."""
        return self.filter(
            models.Q(draft__isnull=True, translation_out_of_date=True)
            | models.Q(draft__translation_out_of_date=True)
        )

    def scheduled(self):
        """Published spotlights with a publication or an unpublication time still ahead."""
        now = timezone.now()
        return self.filter(status=Spotlight.Status.PUBLISHED).filter(
            models.Q(published_at__gt=now) | models.Q(unpublish_at__gt=now)
        )

    def recently_published(self):
        return self.published().order_by("-updated_at")

    def drafted_by(self, user):
        """Unpublished work last saved by `user`: drafts of published spotlights, and
        spotlights never published."""
        last_saver = (
            Spotlight.history.filter(id=models.OuterRef("pk"))
            .order_by("-history_date")
            .values("history_user")[:1]
        )
        return self.alias(last_saver=models.Subquery(last_saver)).filter(
            models.Q(draft__author=user)
            | models.Q(status=Spotlight.Status.DRAFT, last_saver=user.pk)
        )

    def with_list_data(self):
        """What a card shows: city, country, region, initiative areas and the first photo;
        not the bodies or search text, which a card never shows (a list of thousands sorted
        or counted with them carried their full text along)."""
        return self.with_page_data().defer(*CARD_UNUSED_FIELDS)

    def with_page_data(self):
        return self.with_city().prefetch_related("initiative_areas", public_images())

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
        """The newest spotlight of each region, regions in display order.

        One lookup a region, each reading the (status, newest first) index until it meets the
        region: a window numbering every spotlight took 170 ms at 20 000."""
        newest = (
            self.filter(city__region=models.OuterRef("pk"))
            .order_by("-published_at", "slug")
            .values("pk")[:1]
        )
        picks = Region.objects.annotate(newest=models.Subquery(newest)).values("newest")
        return self.filter(pk__in=picks).with_list_data().order_by("city__region__position")

    def learning_for(self, city, limit=6):
        """Other cities' spotlights in the city's initiative areas, most areas in common first."""
        from networks.models import InitiativeArea

        # The few area ids first: as a subquery, PostgreSQL re-ran it for every spotlight.
        areas = list(InitiativeArea.objects.for_city(city).values_list("pk", flat=True))
        sharing = self.exclude(city=city).filter(initiative_areas__in=areas)
        return self.ranked(sharing, ("-published_at", "slug"), limit)

    def related_to(self, spotlight, limit=3):
        """Other cities' spotlights sharing the most initiative areas with `spotlight`."""
        areas = [area.pk for area in spotlight.initiative_areas.all()]
        sharing = self.exclude(city=spotlight.city_id).filter(initiative_areas__in=areas)
        return self.ranked(sharing, ("-published_at", "city__sort_name", "slug"), limit)

    def ranked(self, sharing, tie_breaks, limit):
        """The first `limit` of `sharing` (joined to the areas in common), most areas in common
        first, as a list with the cards' data.

        Ranked on ids alone: grouping whole rows with their city, region and country, as an
        annotated queryset does, took 120 ms at 20 000 spotlights."""
        ranking = (
            sharing.values("pk")
            .annotate(shared_areas=models.Count("initiative_areas"))
            .order_by("-shared_areas", *tie_breaks)[:limit]
        )
        ids = [row["pk"] for row in ranking]
        rows = self.model._default_manager.filter(pk__in=ids).with_list_data().in_bulk()
        return [rows[pk] for pk in ids]

    def from_city(self, city, exclude=None):
        """The city's spotlights, but `exclude` (the one being read)."""
        return self.filter(city=city).exclude(pk=getattr(exclude, "pk", None)).with_list_data()

    def elsewhere_in_region(self, city, limit=3):
        """Spotlights of the city's region from other cities: the region's work."""
        return self.filter(city__region=city.region_id).exclude(city=city).with_list_data()[:limit]


class SpotlightManager(SlugNaturalKeyManager.from_queryset(SpotlightQuerySet)):
    pass


class Spotlight(SearchableModel, SlugNaturalKeyModel):
    search_fields = tuple(localized_columns("title", "summary", "body"))

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
    key_figure = models.CharField(
        _("key figure"),
        max_length=24,
        blank=True,
        help_text=_("A number stated in the body, e.g. “65.9%”. Shown large on cards and pages."),
    )
    key_figure_label = models.CharField(
        _("key figure label"),
        max_length=80,
        blank=True,
        help_text=_("What the number measures, in a few words, e.g. “less PM2.5”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("A time ahead schedules the publication, to the minute."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it published; a time takes it down at that minute."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Raised by one at every save.")
    )
    # spotlights/freshness.py: per field and language, the other language's text it was last
    # brought in line with, and whether any is out of date now.
    translation_sync = models.JSONField(_("translation sync"), default=dict, editable=False)
    translation_out_of_date = models.BooleanField(
        _("translation out of date"), default=False, editable=False
    )
    # The words of search_text (English with stems, Chinese cut by jieba): site search
    # matches words, PostgreSQL through a full-text index of them (sitesearch migrations).
    search_words = models.TextField(editable=False, blank=True, default="")

    # Set by the admin form while it saves a published spotlight's working draft, which may
    # be incomplete: completeness is checked when the draft is published.
    saving_as_draft = False

    objects = SpotlightManager()

    class Meta:
        ordering = ["-published_at", "city__sort_name", "slug"]
        verbose_name = _("city spotlight")
        verbose_name_plural = _("city spotlights")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Counting published spotlights by city reads this index alone (PostgreSQL), not
            # the table with every body in it: 16 ms → 2 ms a scan at 20 000 spotlights.
            models.Index(
                fields=["status", "published_at"],
                include=["city", "id", "unpublish_at"],
                name="spotlight_published_city",
            ),
        ]
        permissions = [("publish_spotlight", _("Can publish and unpublish city spotlights"))]

    def __str__(self):
        titles = (getattr(self, column) for column in localized_columns("title"))
        return self.title or next(filter(None, titles), self.slug)

    def get_absolute_url(self):
        return reverse("spotlights:spotlight-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def refresh_search_text(self):
        super().refresh_search_text()
        self.search_words = text_words(self.search_text)

    def search_value(self, field_name):
        value = super().search_value(field_name)
        # The body is HTML: search reads its text, not tag names, URLs or "&amp;".
        return body_text(value) if field_name in localized_columns("body") else value

    def missing_translations(self):
        """Names of the empty publishable fields, e.g. "title (Simplified Chinese)"."""
        return [
            field_label(column) for column in translation_columns() if not getattr(self, column)
        ]

    def key_figure_gaps(self):
        """A key figure is all or nothing: number and label, in every language."""
        columns = translation_columns("key_figure", "key_figure_label")
        if not any(getattr(self, column) for column in columns):
            return []
        return [column for column in columns if not getattr(self, column)]

    def clean(self):
        if self.unpublish_at and self.unpublish_at <= (self.published_at or timezone.now()):
            raise ValidationError(
                {"unpublish_at": _("Unpublish after the publication time, not before it.")}
            )
        if gaps := self.key_figure_gaps():
            raise ValidationError(
                {
                    column: _("Give the key figure and its label in both languages, or none.")
                    for column in gaps
                }
            )
        if (
            self.is_published
            and not self.saving_as_draft
            and (missing := self.missing_translations())
        ):
            raise incomplete_translation_error(missing)

    def normalize_fields(self):
        # Runs on loaddata's raw saves too: no path into the table keeps a script.
        for column in translation_columns("body"):
            setattr(self, column, sanitize_body(getattr(self, column)))
        # Chinese pasted from PDFs carries ASCII commas and brackets; Chinese needs full-width.
        chinese = [code for code in language_codes() if writes_chinese(code)]
        for field in (*TRANSLATED_FIELDS, "key_figure_label"):
            for column in (build_localized_fieldname(field, code) for code in chinese):
                setattr(self, column, normalize_chinese_punctuation(getattr(self, column)))

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


def incomplete_translation_error(missing):
    return ValidationError(
        _(
            "This spotlight can be published only when both languages are complete. "
            "Missing: %(fields)s. Save it as a draft to keep your work."
        ),
        code="incomplete_translation",
        params={"fields": gettext(", ").join(str(field) for field in missing)},
    )


def field_in_language(field, language):
    return format_lazy(
        _("{field} ({language})"),
        field=field.verbose_name,
        language=get_language_info(language)["name_translated"],
    )


def field_label(name):
    """A Spotlight field's name for editors; a translation column names its language."""
    for language, _name in settings.LANGUAGES:
        for field in (*TRANSLATED_FIELDS, "key_figure", "key_figure_label"):
            if name == build_localized_fieldname(field, language):
                return field_in_language(Spotlight._meta.get_field(field), language)
    return Spotlight._meta.get_field(name).verbose_name


class SpotlightImageQuerySet(models.QuerySet):
    def public(self):
        """What the public page shows: not the photos a working draft adds."""
        return self.exclude(pending=SpotlightImage.Pending.ADDED)

    def in_draft(self):
        """What the next publication will show: not the photos a working draft removes."""
        return self.exclude(pending=SpotlightImage.Pending.REMOVED)


class SpotlightImage(models.Model):
    class Pending(models.TextChoices):
        NONE = "", _("published")
        ADDED = "added", _("added in the draft")
        REMOVED = "removed", _("removed in the draft")

    spotlight = models.ForeignKey(
        Spotlight, on_delete=models.CASCADE, related_name="images", verbose_name=_("spotlight")
    )
    image = models.ImageField(
        _("image"),
        upload_to="spotlights/%Y/",
        width_field="width",
        height_field="height",
        help_text=_("A JPEG, PNG or WebP photo, at least 480 pixels wide, at most 10 MB."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt = models.CharField(
        _("image description"),
        max_length=255,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    credit = models.CharField(
        _("credit"), max_length=255, help_text=_("Who took the photo or owns it.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    variants = models.JSONField(_("variants"), default=list, editable=False)
    variants_source = models.CharField(max_length=255, blank=True, editable=False)
    # While a published spotlight has a working draft, photo changes wait for its publication.
    pending = models.CharField(
        _("draft change"), max_length=8, choices=Pending, default="", blank=True, editable=False
    )

    objects = SpotlightImageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("spotlight image")
        verbose_name_plural = _("spotlight images")

    def __str__(self):
        return self.alt or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            self.image.save(self.image.name, self.image.file, save=False)
        if self.image and self.image.name != self.variants_source:
            # Made once per uploaded file, never per request.
            self.variants = build_variants(self.image)
            self.variants_source = self.image.name
        super().save(*args, **kwargs)

    @property
    def srcset(self):
        return ", ".join(
            f"{self.image.storage.url(variant['name'])} {variant['width']}w"
            for variant in self.variants
        )


class SpotlightDraft(models.Model):
    """The unpublished changes to a published spotlight (spotlights/drafts.py): its fields in
    both languages, city, slug and initiative areas as the next publication will have them.
    The public page shows the spotlight row until the draft is published."""

    shown_to_public = False  # core/pagecache.py: saving a draft renews no public page

    spotlight = models.OneToOneField(
        Spotlight,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="draft",
        verbose_name=_("city spotlight"),
    )
    content = models.JSONField(_("content"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    based_on_version = models.PositiveIntegerField(_("based on version"))
    translation_out_of_date = models.BooleanField(_("translation out of date"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("working draft")
        verbose_name_plural = _("working drafts")

    def __str__(self):
        return str(self.spotlight)


class Review(models.Model):
    """A spotlight's unpublished work submitted for review, or sent back with a comment."""

    shown_to_public = False

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    spotlight = models.OneToOneField(
        Spotlight,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review",
        verbose_name=_("city spotlight"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.spotlight} ({self.get_state_display()})"


class CityInitiative(models.Model):
    """A city works in an initiative area, visible to the public from `since` on.

    The directory filters and counts cities by initiative area at every uncached request;
    derived from memberships and spotlights each time, that was a UNION of every network
    membership and every published spotlight's areas (45 ms at 10 000 cities). Kept here,
    it is one indexed scan. spotlights/initiatives.py says when a row exists and keeps the
    table current.
    """

    derived = True  # core/derived.py: not backed up; rebuilt after a bulk load

    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="initiative_links"
    )
    area = models.ForeignKey(
        "networks.InitiativeArea", on_delete=models.CASCADE, related_name="city_links"
    )
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "area"], name="city_initiative_once"),
        ]
        indexes = [
            models.Index(fields=["area", "since"], include=["city"], name="city_initiative_area"),
        ]

    def __str__(self):
        return f"{self.city} – {self.area}"
