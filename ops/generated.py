"""Made-up cities and spotlights on top of the real dataset, for query budgets and benchmarks.

Every generated row has a slug starting with `generated-`, so `remove_generated()` finds them all.
Rows are written with `bulk_create`, which sends no signals: `search_text` is filled here, and
the page cache is made stale at the end.
"""

import datetime
import itertools
import math
import random
import string
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from cities.models import City, Country, Region
from core.derived import bulk_load
from core.pagecache import invalidate_pages
from core.search import search_text_of
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight, SpotlightImage

PREFIX = "generated-"
COUNTRY_PREFIX = f"{PREFIX}country-"
CITIES_PER_COUNTRY = 50
BATCH_SIZE = 2000
# Publication dates are spread over the twenty years before this (or before now, if earlier).
LATEST_PUBLICATION = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
PUBLICATION_SPAN = datetime.timedelta(days=20 * 365)

# (English, Simplified Chinese) sentences a spotlight body is drawn from.
SENTENCES = (
    (
        "The city set up a flood early-warning system with its neighbourhoods.",
        "该市与各社区共同建立了洪水预警系统。",
    ),
    (
        "New bus lanes and electric buses cut emissions along the busiest corridors.",
        "新的公交专用道和电动公交车减少了最繁忙走廊的排放。",
    ),
    (
        "Public buildings were retrofitted to use less energy for heating and cooling.",
        "公共建筑经过改造，降低了供暖和制冷的能耗。",
    ),
    (
        "Street trees and green roofs now cool the hottest districts in summer.",
        "行道树和绿色屋顶如今在夏季为最炎热的城区降温。",
    ),
    (
        "Households sort food waste, which is composted for parks and farms.",
        "居民对厨余垃圾进行分类，堆肥后用于公园和农场。",
    ),
    (
        "An air-quality network publishes readings from every district each hour.",
        "空气质量监测网络每小时公布各区的监测数据。",
    ),
)


def generate_directory(*, cities, spotlights_per_city=2, seed=0):
    """Add `cities` cities, about one country per 50 of them, and their published spotlights.

    Numbering continues after the generated rows already in the database. Returns how many
    rows of each kind were written.
    """
    rng = random.Random(seed)
    # The untranslated `name`, `title`... columns take the active language's value: keep English.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic(), bulk_load():
        counts = _generate(rng, cities, spotlights_per_city)
    analyze_tables()
    invalidate_pages()
    return counts


def analyze_tables():
    """Refresh the planner's statistics: after a bulk load they describe the tables before it,
    and PostgreSQL then picks nested loops over 10 000 rows it believes to be 7. On PostgreSQL
    VACUUM too, as autovacuum would a little later: until the new rows are marked visible to
    all, a count cannot be answered from an index alone (8 ms instead of 24 at 20 000
    spotlights)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:  # (VACUUM cannot run in a transaction: a test's)
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def remove_generated():
    """Delete every generated spotlight (with its images and history), city and country."""
    spotlights = Spotlight.objects.filter(slug__startswith=PREFIX)
    history = Spotlight.history.model.objects.filter(slug__startswith=PREFIX)
    with transaction.atomic(), bulk_load():
        # The history's own rows (its initiative areas) point at it with DO_NOTHING.
        for relation in history.model._meta.related_objects:
            rows = relation.related_model.objects.filter(**{f"{relation.field.name}__in": history})
            rows.delete()
        counts = {
            "spotlight_areas": _delete(
                Spotlight.initiative_areas.through.objects.filter(spotlight__in=spotlights)
            ),
            "spotlight_images": _delete(SpotlightImage.objects.filter(spotlight__in=spotlights)),
            "spotlight_history": _delete(history),
            # A plain DELETE: the ORM's would send a signal per spotlight, each writing a
            # history row (tens of thousands of queries). Their dependent rows are gone already.
            "spotlights": spotlights._raw_delete(spotlights.db),
            "cities": _delete(City.objects.filter(slug__startswith=PREFIX)),
            "countries": _delete(Country.objects.filter(slug__startswith=COUNTRY_PREFIX)),
        }
    invalidate_pages()
    return counts


def _delete(queryset):
    """Delete the rows of `queryset`, returning how many of its own model went."""
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def _generate(rng, count, spotlights_per_city):
    regions = list(Region.objects.order_by("position", "slug"))
    networks = list(Network.objects.order_by("slug"))
    accelerators = list(Accelerator.objects.order_by("slug"))
    areas = list(InitiativeArea.objects.order_by("position", "slug"))
    if not (regions and networks and areas):
        raise ValueError("Load the dataset first: generated rows refer to its regions and areas.")

    countries = _create_countries(rng, math.ceil(count / CITIES_PER_COUNTRY))
    real_countries = list(Country.objects.exclude(slug__startswith=COUNTRY_PREFIX).order_by("pk"))
    first = City.objects.filter(slug__startswith=PREFIX).count() + 1
    cities = []
    for index, n in enumerate(range(first, first + count)):
        group = index // CITIES_PER_COUNTRY
        city = City(
            slug=f"{PREFIX}{n}",
            name_en=f"Generated City {n}",
            name_zh_hans=f"生成城市{n}",
            region=regions[index % len(regions)],
            country=countries[group] if group < len(countries) else rng.choice(real_countries),
            latitude=_coordinate(rng, 60),
            longitude=_coordinate(rng, 180),
        )
        city.search_text = search_text_of(city, City.search_fields)
        cities.append(city)
    City.objects.bulk_create(cities, batch_size=BATCH_SIZE)

    Membership = Network.member_cities.through
    Signature = Accelerator.signatory_cities.through
    memberships, signatures = [], []
    for city in cities:
        for network in rng.sample(networks, rng.randint(1, min(2, len(networks)))):
            memberships.append(Membership(network=network, city=city))
        if accelerators and rng.random() < 0.5:
            signatures.append(Signature(accelerator=rng.choice(accelerators), city=city))
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    Signature.objects.bulk_create(signatures, batch_size=BATCH_SIZE)

    spotlights = _create_spotlights(rng, cities, spotlights_per_city)
    AreaLink = Spotlight.initiative_areas.through
    area_links = [
        AreaLink(spotlight=spotlight, initiativearea=area)
        for spotlight in spotlights
        for area in rng.sample(areas, rng.randint(1, min(2, len(areas))))
    ]
    AreaLink.objects.bulk_create(area_links, batch_size=BATCH_SIZE)

    return {
        "countries": len(countries),
        "cities": len(cities),
        "network_memberships": len(memberships),
        "accelerator_signatures": len(signatures),
        "spotlights": len(spotlights),
        "spotlight_areas": len(area_links),
    }


def _create_countries(rng, count):
    """Up to `count` new countries, each with a two-letter code no country has yet."""
    taken = set(Country.objects.values_list("iso_code", flat=True))
    free = [
        code
        for code in map("".join, itertools.product(string.ascii_uppercase, repeat=2))
        if code not in taken
    ]
    codes = rng.sample(free, min(count, len(free)))
    first = Country.objects.filter(slug__startswith=COUNTRY_PREFIX).count() + 1
    countries = []
    for n, code in enumerate(codes, start=first):
        country = Country(
            slug=f"{COUNTRY_PREFIX}{n}",
            name_en=f"Generated Country {n}",
            name_zh_hans=f"生成国家{n}",
            iso_code=code,
        )
        country.search_text = search_text_of(country, Country.search_fields)
        countries.append(country)
    return Country.objects.bulk_create(countries, batch_size=BATCH_SIZE)


def _create_spotlights(rng, cities, per_city):
    latest = min(timezone.now(), LATEST_PUBLICATION)
    span = int(PUBLICATION_SPAN.total_seconds())
    spotlights = []
    for city in cities:
        n = city.slug.removeprefix(PREFIX)
        for k in range(1, per_city + 1):
            sentences = rng.sample(SENTENCES, rng.randint(2, 3))
            published_at = latest - datetime.timedelta(seconds=rng.randrange(span))
            spotlight = Spotlight(
                slug=f"{PREFIX}{n}-{k}",
                city=city,
                title_en=f"Climate action {k} in Generated City {n}",
                title_zh_hans=f"生成城市{n}的气候行动{k}",
                summary_en=sentences[0][0],
                summary_zh_hans=sentences[0][1],
                body_en="\n\n".join(english for english, _chinese in sentences),
                body_zh_hans="\n\n".join(chinese for _english, chinese in sentences),
                source_en="Generated test data",
                source_zh_hans="生成的测试数据",
                status=Spotlight.Status.PUBLISHED,
                published_at=published_at,
                created_at=published_at,
                version=1,
            )
            spotlight.refresh_search_text()
            spotlights.append(spotlight)
    return Spotlight.objects.bulk_create(spotlights, batch_size=BATCH_SIZE)


def _coordinate(rng, limit):
    return Decimal(f"{rng.uniform(-limit, limit):.5f}")
