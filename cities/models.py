import re

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from cities.querysets import count_of, grouped_counts, with_counts
from core.collation import NameSortedModel, sort_name_indexes
from core.languages import localized_columns, writes_chinese
from core.processmemo import ProcessMemo
from core.search import SearchableModel, normalize, search_terms
from core.typos import allowed_edits, near_names


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


# Dots on a map of many regions (home, regions index); C40's largest region has 18 cities.
MAP_CITY_LIMIT = 60  # a region map of more is a blot, and a page of maps grows with it


class RegionQuerySet(models.QuerySet):
    def with_cities(self):
        """Regions in display order, each with its cities prefetched."""
        return self.prefetch_related(
            models.Prefetch("cities", queryset=City.objects.order_by("sort_name", "slug"))
        )

    def with_city_counts(self, cities=None):
        """Annotate `result_count`: how many of `cities` (default: all) lie in each region."""
        cities = City.objects.all() if cities is None else cities
        return self.annotate(result_count=count_of(cities.filter(region=models.OuterRef("pk"))))

    def with_tile_data(self, spotlights):
        """The regions (a list) with what a tile shows: `result_count` cities, `spotlight_count`
        of `spotlights` (the published ones), and the cities of its map.

        Each count is one grouped scan: a count per region re-read 20 000 spotlights a region
        (3 s at 10 000 cities as a DISTINCT join, 150 ms as subqueries)."""
        cities = grouped_counts((City.objects.all(), "pk", "region"))
        published = grouped_counts((spotlights, "pk", "city__region"))
        regions = with_counts(self.with_city_locations(), cities)
        return with_counts(regions, published, "spotlight_count")

    def with_city_locations(self, limit=MAP_CITY_LIMIT):
        """Each region's first `limit` cities, only what a map of them needs: a page of maps
        stays the same size however many cities the directory holds."""
        first_in_region = models.Window(
            RowNumber(), partition_by=models.F("region"), order_by=models.F("pk").asc()
        )
        located = (
            City.objects.annotate(rank_in_region=first_in_region)
            .filter(rank_in_region__lte=limit)
            .only("slug", *localized_columns("name"), "latitude", "longitude", "region")
        )
        return self.prefetch_related(models.Prefetch("cities", queryset=located))


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

    def get_absolute_url(self):
        return reverse("cities:region-detail", kwargs={"slug": self.slug})


class CountryQuerySet(models.QuerySet):
    def in_regions(self, regions):
        return self.filter(cities__region__in=regions).distinct()


class Country(NameSortedModel, SearchableModel, SlugNaturalKeyModel):
    search_fields = tuple(localized_columns("name"))

    name = models.CharField(_("name"), max_length=100)
    iso_code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )

    objects = SlugNaturalKeyManager.from_queryset(CountryQuerySet)()

    class Meta:
        ordering = ["sort_name", "slug"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


# One wrong character in a two-character Chinese name scores 50 (of 100).
CJK = re.compile(r"[\u3400-\u9fff]")
LONGEST_MISSPELLING = 50


class CityQuerySet(models.QuerySet):
    def with_directory_data(self):
        return self.select_related("region", "country")

    def with_api_data(self):
        """What the API gives for each city."""
        return self.with_directory_data().prefetch_related("networks", "accelerators")

    def export_rows(self):
        """Dicts of what the CSV and GeoJSON downloads hold: no model instances (10 000 cities
        with their regions and countries were 30 000 of them, 0.6 s)."""
        return self.values(
            "pk",
            "slug",
            *localized_columns("name"),
            "country__iso_code",
            *(f"country__{column}" for column in localized_columns("name")),
            "region__slug",
            *(f"region__{column}" for column in localized_columns("name")),
            "latitude",
            "longitude",
            "population",
            "geonames_id",
            "is_steering_committee",
        )

    def related_slugs(self, relation):
        """{city id: [slug, …]} of these cities' `networks` or `accelerators`: one query of
        tuples, where a prefetch would build a model instance per membership."""
        descriptor = getattr(City, relation)
        target = descriptor.rel.related_model._meta.model_name
        pairs = (
            descriptor.through.objects.filter(city__in=self.values("pk"))
            .order_by(f"{target}__slug")
            .values_list("city_id", f"{target}__slug")
        )
        slugs = {}
        for city_id, slug in pairs:
            slugs.setdefault(city_id, []).append(slug)
        return slugs

    def with_detail_data(self):
        """Everything a city page shows, fetched once (published spotlights only)."""
        return self.with_directory_data().prefetch_related(
            models.Prefetch(
                "spotlights",
                queryset=published_spotlights().with_page_data(),
            ),
            "networks__area",
            "accelerators",
        )

    def search(self, query):
        """Cities whose names or country's names, in either language, contain every term; a
        name a letter or two away when none contains it ("Bejing": Beijing), as site search."""
        terms = search_terms(query)
        condition = models.Q()
        for term in terms:
            condition &= models.Q(search_text__contains=term) | models.Q(
                country__search_text__contains=term
            )
        if misspelt := misspelt_city_pks("".join(terms)):
            condition |= models.Q(pk__in=misspelt)
        return self.filter(condition)

    def closest_names(self, text, limit=3):
        """Up to `limit` names, one per city of these, nearest to a misspelt `text`, best
        first: a city's name in either language or another name it goes by, as written."""
        wanted = normalize(text)
        if not wanted or len(text) > LONGEST_MISSPELLING:
            return []
        names = city_names()
        among = None if not self.query.where else set(self.values_list("pk", flat=True))
        cutoff = 50 if CJK.search(wanted) else 60
        found, best = {}, None
        for key, score, _index in process.extract(
            wanted, list(names), scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 10
        ):
            name, pk = names[key]
            if among is not None and pk not in among:
                continue
            best = best or score
            if score >= best - 10:  # a near miss, not every name that shares a few letters
                found.setdefault(pk, name)
        return list(found.values())[:limit]

    def in_regions(self, regions):
        return self.filter(region__in=regions)

    def in_countries(self, countries):
        return self.filter(country__in=countries)

    def in_networks(self, networks):
        memberships = City.networks.through.objects.filter(
            city=models.OuterRef("pk"), network__in=networks
        )
        return self.filter(models.Exists(memberships))

    def signed(self, accelerators):
        signatures = City.accelerators.through.objects.filter(
            city=models.OuterRef("pk"), accelerator__in=accelerators
        )
        return self.filter(models.Exists(signatures))

    def in_initiatives(self, areas):
        """Cities working in one of the areas: in one of its networks, or with a published
        spotlight under it (spotlights.CityInitiative keeps the answer)."""
        links = initiative_links().filter(city=models.OuterRef("pk"), area__in=areas)
        return self.filter(models.Exists(links))

    def with_spotlight_counts(self, spotlights):
        return self.annotate(result_count=count_of(spotlights.filter(city=models.OuterRef("pk"))))

    def counts_by_initiative(self):
        """{area pk: how many of these cities work in it}, in one grouped query."""
        links = initiative_links()
        if self.query.where or self.query.is_sliced:  # (all cities: no need to ask which)
            links = links.filter(city__in=self.values("pk"))
        return grouped_counts((links, "city", "area"))


def published_spotlights():
    """The spotlights the public sees, for the city pages (spotlights.Spotlight by name: it
    comes after cities in the import order and imports cities itself)."""
    return apps.get_model("spotlights", "Spotlight").objects.published()


def initiative_links():
    """The city–area links the public sees now (spotlights.CityInitiative, reached through
    the reverse relation: cities comes before spotlights and does not import it)."""
    model = City._meta.get_field("initiative_links").related_model
    return model.objects.filter(since__lte=timezone.now())


def read_city_names():
    """{normalised name: (name, city pk)} of every city's names in both languages and its
    other names (20 000 names at 10 000 cities: 60 ms)."""
    names = {}
    rows = City.objects.order_by("pk").values_list(
        "pk", *localized_columns("name"), "alternative_names"
    )
    for pk, *own_names in rows:
        others = own_names.pop().split(";")
        for name in filter(None, map(str.strip, [*own_names, *others])):
            names.setdefault(normalize(name), (name, pk))
    return names


class Misspellings:
    """Which cities a query misspells, over every city's names without spaces; answers kept
    (a directory page asks once for its list and again for each filter's counts)."""

    KEPT = 1000

    def __init__(self, names):
        self.pks = {name.replace(" ", ""): pk for name, (_written, pk) in names.items()}
        self.choices = list(self.pks)
        self.answers = {}

    def city_pks(self, joined):
        """The cities with a name `joined` (a query without spaces) misspells, if no name
        holds it."""
        if joined not in self.answers:
            if len(self.answers) >= self.KEPT:
                self.answers.clear()
            self.answers[joined] = self.find(joined)
        return self.answers[joined]

    def find(self, joined):
        if not allowed_edits(joined) or any(joined in name for name in self.choices):
            return []
        found = near_names(joined, self.choices)
        return [self.pks[self.choices[position]] for _name, _edits, position in found]


_city_names = ProcessMemo(read_city_names)
_misspellings = ProcessMemo(lambda: Misspellings(city_names()))


def city_names():
    """read_city_names(), read once per content change."""
    return _city_names.get()


def misspelt_city_pks(joined):
    return _misspellings.get().city_pks(joined) if allowed_edits(joined) else []


def chinese_columns(field):
    """The columns of `field` in the site's Chinese languages: "name" → ["name_zh_hans"]."""
    return [
        build_localized_fieldname(field, code)
        for code, _name in settings.LANGUAGES
        if writes_chinese(code)
    ]


class CityManager(SlugNaturalKeyManager.from_queryset(CityQuerySet)):
    pass


class City(NameSortedModel, SearchableModel, SlugNaturalKeyModel):
    search_fields = (*localized_columns("name"), "alternative_names")

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
    population = models.PositiveBigIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("As GeoNames gives it for the place with the GeoNames ID below."),
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames ID"),
        null=True,
        blank=True,
        help_text=_("The city's record at geonames.org, the source of its population."),
    )

    objects = CityManager()

    class Meta:
        ordering = ["sort_name", "slug"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        indexes = sort_name_indexes("city")
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

    def search_value(self, field_name):
        value = super().search_value(field_name)
        if value and field_name in chinese_columns("name"):
            # Its pinyin too, without tones or spaces: "lundun" and "lun dun" find 伦敦.
            return f"{value} {''.join(lazy_pinyin(value, errors='ignore'))}"
        return value

    @property
    def alternative_name_list(self):
        return [name.strip() for name in self.alternative_names.split(";") if name.strip()]
