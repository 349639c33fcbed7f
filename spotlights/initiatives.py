"""Which initiative areas each city works in: the CityInitiative table, kept current.

A city works in an area when it is a member of one of the area's networks (shown at once) or
has a published spotlight under the area (shown from the spotlight's publication time, which
may lie ahead: hence `since`, compared with the time of the request). A city's rows are
rebuilt whenever one of those inputs changes; the receivers below are connected in
SpotlightsConfig.ready(). Bulk loads rebuild every row once at their end (core/derived.py).
"""

import datetime

from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from core.derived import content_loaded, is_bulk_loading
from networks.models import Network
from spotlights.models import CityInitiative, Spotlight

# The `since` of a membership: earlier than any request.
ALWAYS = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

Membership = Network.member_cities.through
SpotlightArea = Spotlight.initiative_areas.through


def links_of(city_ids=None, using="default"):
    """{(city pk, area pk): since} for the cities (all when None)."""
    memberships = Membership.objects.using(using).values_list("city", "network__area")
    spotlights = (
        Spotlight.objects.using(using)
        .filter(status=Spotlight.Status.PUBLISHED, published_at__isnull=False)
        .filter(initiative_areas__isnull=False)
        .values_list("city", "initiative_areas")
        .annotate(since=Min("published_at"))
        .order_by()
    )
    if city_ids is not None:
        memberships = memberships.filter(city__in=city_ids)
        spotlights = spotlights.filter(city__in=city_ids)
    links = dict.fromkeys(memberships, ALWAYS)
    for city, area, since in spotlights:
        links[city, area] = min(links.get((city, area), since), since)
    return links


def rebuild(city_ids=None, using="default"):
    """Rewrite the rows of the cities (of every city when None) from their inputs."""
    rows = CityInitiative.objects.using(using)
    with transaction.atomic(using=using):
        (rows if city_ids is None else rows.filter(city__in=city_ids)).delete()
        rows.bulk_create(
            CityInitiative(city_id=city, area_id=area, since=since)
            for (city, area), since in links_of(city_ids, using).items()
        )


def refresh(city_ids, using):
    city_ids = {pk for pk in city_ids if pk is not None}
    if city_ids and not is_bulk_loading():
        rebuild(city_ids, using)


def rebuild_after_load(sender, using, **kwargs):
    rebuild(using=using)


def spotlight_city_before_save(sender, instance, raw=False, using=None, **kwargs):
    """Remember the city a spotlight had: a spotlight moved to another city leaves it."""
    instance._city_before_save = (
        Spotlight.objects.using(using)
        .filter(pk=instance.pk)
        .values_list("city", flat=True)
        .first()
        if instance.pk
        else None
    )


def spotlight_saved(sender, instance, using, **kwargs):
    refresh({instance.city_id, getattr(instance, "_city_before_save", None)}, using)


def spotlight_deleted(sender, instance, using, **kwargs):
    refresh({instance.city_id}, using)


def network_members_before_delete(sender, instance, using, **kwargs):
    instance._members_before_delete = list(
        Membership.objects.using(using).filter(network=instance).values_list("city", flat=True)
    )


def network_saved(sender, instance, using, **kwargs):
    """Its area may have changed: every member's rows."""
    members = Membership.objects.using(using).filter(network=instance)
    refresh(members.values_list("city", flat=True), using)


def network_deleted(sender, instance, using, **kwargs):
    refresh(getattr(instance, "_members_before_delete", ()), using)


def memberships_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    # Forward: network.member_cities (pk_set: cities); reverse: city.networks.
    if action == "pre_clear" and not reverse:
        instance._cities_before_clear = set(
            Membership.objects.using(using).filter(network=instance).values_list("city", flat=True)
        )
        return
    if not action.startswith("post_"):
        return
    if reverse:  # city.networks.add(…): the city itself
        refresh({instance.pk}, using)
    elif pk_set is None:
        refresh(getattr(instance, "_cities_before_clear", set()), using)
    else:
        refresh(pk_set, using)


def spotlight_areas_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    # Forward: spotlight.initiative_areas; reverse: area.spotlights (pk_set: spotlights).
    if action == "pre_clear" and reverse:
        instance._cities_before_clear = set(
            Spotlight.objects.using(using)
            .filter(initiative_areas=instance)
            .values_list("city", flat=True)
        )
        return
    if not action.startswith("post_"):
        return
    if not reverse:
        refresh({instance.city_id}, using)
    elif pk_set is None:
        refresh(getattr(instance, "_cities_before_clear", set()), using)
    else:
        spotlights = Spotlight.objects.using(using).filter(pk__in=pk_set)
        refresh(spotlights.values_list("city", flat=True), using)


def connect():
    """Called once from SpotlightsConfig.ready()."""
    uid = "city-initiatives-"
    pre_save.connect(spotlight_city_before_save, Spotlight, dispatch_uid=f"{uid}pre-save")
    post_save.connect(spotlight_saved, Spotlight, dispatch_uid=f"{uid}spotlight-saved")
    post_delete.connect(spotlight_deleted, Spotlight, dispatch_uid=f"{uid}spotlight-deleted")
    post_save.connect(network_saved, Network, dispatch_uid=f"{uid}network-saved")
    pre_delete.connect(
        network_members_before_delete, Network, dispatch_uid=f"{uid}network-pre-delete"
    )
    post_delete.connect(network_deleted, Network, dispatch_uid=f"{uid}network-deleted")
    m2m_changed.connect(memberships_changed, Membership, dispatch_uid=f"{uid}members")
    m2m_changed.connect(spotlight_areas_changed, SpotlightArea, dispatch_uid=f"{uid}areas")
    content_loaded.connect(rebuild_after_load, dispatch_uid=f"{uid}loaded")
