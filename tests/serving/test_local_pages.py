"""Each server process keeps its most served pages in memory, and drops them the moment any
server changes the page generation in Redis (core/localpages.py)."""

import pytest
import redis
from django.core.cache import cache

from cities.models import City
from core.cache import RedisCache
from core.pagecache import GENERATION_KEY
from tests.redis_db import worker_redis_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

REDIS_URL = worker_redis_url()


@pytest.fixture
def redis_cache(settings):
    """The site's Redis cache backend on a database of its own, emptied before and after."""
    another_server = redis.Redis.from_url(REDIS_URL)
    another_server.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "c40-local-pages",
        }
    }
    yield another_server
    another_server.flushdb()


def count_redis_reads(monkeypatch):
    reads = []
    for name in ("get", "get_many"):
        original = getattr(RedisCache, name)

        def counted(self, *args, original=original, **kwargs):
            reads.append(args)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(RedisCache, name, counted)
    return reads


def test_a_page_served_again_needs_no_round_trip_to_redis(client, redis_cache, monkeypatch):
    client.get("/en/cities/london/")
    assert client.get("/en/cities/london/")["X-Page-Cache"] == "hit"
    reads = count_redis_reads(monkeypatch)
    again = client.get("/en/cities/london/")
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
    assert b"London" in again.content and reads == []


def test_a_change_made_on_another_server_is_seen_by_the_next_request(client, redis_cache):
    client.get("/en/cities/london/")
    assert client.get("/en/cities/london/")["X-Page-Cache"] == "hit"
    # Another server saves (no signal here) and bumps the generation in the shared Redis.
    City.objects.filter(slug="london").update(name_en="Greater London")
    redis_cache.incr(cache.make_key(GENERATION_KEY))
    response = client.get("/en/cities/london/")
    assert response["X-Page-Cache"] == "miss" and b"Greater London" in response.content


@pytest.mark.parametrize("loss", ["flushdb", "evicted"])
def test_a_generation_lost_from_redis_is_not_trusted_from_memory(client, redis_cache, loss):
    client.get("/en/cities/london/")
    client.get("/en/cities/london/")
    City.objects.filter(slug="london").update(name_en="Greater London")
    if loss == "flushdb":
        redis_cache.flushdb()
    else:
        redis_cache.delete(cache.make_key(GENERATION_KEY))  # as an LRU eviction would
    response = client.get("/en/cities/london/")
    assert response["X-Page-Cache"] == "miss" and b"Greater London" in response.content


def test_the_copy_is_bounded_and_a_page_it_dropped_comes_from_redis(
    client, redis_cache, settings, monkeypatch
):
    settings.PAGE_LOCAL_BYTES = 1  # smaller than any page: nothing is kept in memory
    client.get("/en/cities/london/")
    reads = count_redis_reads(monkeypatch)
    assert client.get("/en/cities/london/")["X-Page-Cache"] == "hit"
    assert len(reads) == 1
