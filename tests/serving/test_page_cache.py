"""Public pages are cached per path, language, query string and compression; admin never."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cities.models import City
from core.pagecache import is_cacheable_response
from tests.redis_db import worker_redis_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_a_second_visit_is_served_from_the_cache_without_a_query(client):
    first = client.get("/en/cities/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/en/cities/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


def test_each_language_and_query_string_has_its_own_page(client):
    pages = ["/en/cities/", "/zh-hans/cities/", "/en/cities/?region=europe", "/en/cities/?q=lon"]
    first = {url: client.get(url).content for url in pages}
    again = {url: client.get(url) for url in pages}
    assert all(response["X-Page-Cache"] == "hit" for response in again.values())
    assert {url: response.content for url, response in again.items()} == first
    assert "北京".encode() in first["/zh-hans/cities/"]
    assert b"Beijing" not in first["/en/cities/?region=europe"]
    assert b"London" in first["/en/cities/?q=lon"] and b"Paris" not in first["/en/cities/?q=lon"]


def test_a_saved_city_shows_on_the_next_request(client):
    client.get("/en/cities/london/")
    london = City.objects.get(slug="london")
    london.name_en = "Greater London"
    london.save()
    response = client.get("/en/cities/london/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Greater London" in response.content


def stored_keys():
    return set(cache._cache)  # the test suite's memory cache


def test_unknown_parameters_are_dropped_and_store_nothing(client):
    """`?zz=<random>` once stored a page's facet and result fragments per value (2.5 MB each
    at 10 000 cities); now it is the same page as without it, served from the cache."""
    plain = client.get("/en/spotlights/?region=europe")
    before = stored_keys()
    for junk in ("zz=1", "zz=2&utm_source=news", "region=&zz=3"):
        response = client.get(f"/en/spotlights/?region=europe&{junk}")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == plain.content
    assert stored_keys() == before
    assert b"zz=" not in plain.content


def test_a_query_in_another_order_or_spelling_is_the_same_cached_page(client):
    first = client.get("/en/cities/?region=europe&region=africa&page=1")
    before = stored_keys()
    for same in ("region=africa&region=europe", "region=africa&region=europe&region=africa"):
        assert client.get(f"/en/cities/?{same}")["X-Page-Cache"] == "hit"
    assert stored_keys() == before
    assert b"Lagos" in first.content and b"London" in first.content


def test_the_host_header_and_forwarded_scheme_cannot_poison_a_cached_page(client):
    """One request with `Host: localhost:6666` made every visitor after it get its links."""
    client.get("/en/cities/london/", HTTP_HOST="localhost:6666", HTTP_X_FORWARDED_PROTO="http")
    page = client.get("/en/cities/london/")
    assert page["X-Page-Cache"] == "hit"
    assert b"localhost" not in page.content
    assert b'<link rel="canonical" href="https://cities.example.org/en/cities/london/">' in (
        page.content
    )


def test_an_encoding_that_only_contains_gzip_does_not_fill_the_gzip_entry(client):
    """`Accept-Encoding: xgzip` got a plain page (GZipMiddleware reads whole tokens) which
    was stored for every browser that does accept gzip."""
    client.get("/en/cities/", HTTP_ACCEPT_ENCODING="xgzip")
    response = client.get("/en/cities/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"C40" in gzip.decompress(response.content)


def test_the_api_does_not_replay_another_clients_language(client):
    client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    chinese = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese["X-Page-Cache"] == "hit" and chinese["Content-Language"] == "zh-hans"


def test_pages_are_still_served_when_the_cache_refuses_writes(client, monkeypatch):
    """Redis at its memory limit with `noeviction` answers writes with an error."""

    def refuse(*args, **kwargs):
        raise ConnectionError("OOM command not allowed when used memory > 'maxmemory'")

    monkeypatch.setattr(cache, "set", refuse)
    for _ in range(2):
        response = client.get("/en/cities/")
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"


def test_pages_are_recomputed_when_the_cache_evicts_them(client):
    client.get("/en/cities/")
    cache.clear()  # an LRU eviction of every key, the generation too
    assert client.get("/en/cities/")["X-Page-Cache"] == "miss"
    assert client.get("/en/cities/")["X-Page-Cache"] == "hit"


def test_missing_pages_and_admin_pages_are_not_cached(client, admin_client):
    client.get("/en/cities/atlantis/")
    assert client.get("/en/cities/atlantis/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/cities/atlantis/")
    admin_client.get("/admin/")
    response = admin_client.get("/admin/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_pages_carry_an_etag_and_answer_a_revalidation_with_304(client):
    page = client.get("/en/")
    assert page["ETag"]
    again = client.get("/en/", headers={"If-None-Match": page["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_cache_control_lets_a_cdn_keep_a_page_briefly_and_browsers_revalidate(client, settings):
    settings.PAGE_CDN_SECONDS = 45
    cache_control = client.get("/en/cities/")["Cache-Control"]
    assert {part.strip() for part in cache_control.split(",")} == {
        "public",
        "max-age=0",
        "s-maxage=45",
    }


def test_compressed_and_plain_copies_are_cached_apart(client):
    client.get("/en/cities/")
    zipped = client.get("/en/cities/", headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert b"Directory of C40 cities" in gzip.decompress(zipped.content)
    zipped_again = client.get("/en/cities/", headers={"Accept-Encoding": "gzip"})
    assert zipped_again["X-Page-Cache"] == "hit" and zipped_again["Content-Encoding"] == "gzip"
    plain = client.get("/en/cities/")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert b"Directory of C40 cities" in plain.content


def test_pages_still_answer_when_the_cache_server_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    assert client.get("/en/cities/").status_code == 200
    london = City.objects.get(slug="london")
    london.name_en = "Greater London"
    london.save()  # the invalidation fails quietly (logged); the save does not
    assert b"Greater London" in client.get("/en/cities/london/").content


def test_with_redis_an_invalidation_reaches_every_server(client, settings):
    """Two servers sharing Redis: one saves, the page another cached is stale at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": worker_redis_url(),
            "KEY_PREFIX": "c40-tests",
        }
    }
    client.get("/en/cities/london/")
    assert client.get("/en/cities/london/")["X-Page-Cache"] == "hit"
    london = City.objects.get(slug="london")
    london.name_en = "Greater London"
    london.save()
    response = client.get("/en/cities/london/")
    assert response["X-Page-Cache"] == "miss" and b"Greater London" in response.content


def test_a_page_cache_miss_reuses_the_cached_counts_and_list_without_a_query(client):
    client.get("/en/cities/?page=2")
    with CaptureQueriesContext(connection) as queries:
        other_variant = client.get("/en/cities/?page=2", headers={"Accept-Encoding": "gzip"})
    assert other_variant["X-Page-Cache"] == "miss"
    assert len(queries) == 0
    assert gzip.decompress(other_variant.content) == client.get("/en/cities/?page=2").content


def test_cached_counts_and_lists_follow_a_change(client):
    before = client.get("/en/cities/?region=africa")
    assert "Oslo" not in before.content.decode()
    oslo = City.objects.get(slug="oslo")
    oslo.region_id = City.objects.get(slug="lagos").region_id
    oslo.save()
    after = client.get("/en/cities/?region=africa", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(after.content).decode()
    assert "Oslo" in html
    assert after.context["paginator"].count == before.context["paginator"].count + 1


def test_a_city_page_reuses_its_cached_learning_list(client):
    with CaptureQueriesContext(connection) as first:
        html = client.get("/en/cities/london/").content
    with CaptureQueriesContext(connection) as second:
        zipped = client.get("/en/cities/london/", headers={"Accept-Encoding": "gzip"})
    assert zipped["X-Page-Cache"] == "miss"
    # The learning list: its areas, its ranking, its spotlights, their areas and photos.
    assert len(second) == len(first) - 5
    assert gzip.decompress(zipped.content) == html
    assert b"Learn from other cities" in html


def test_a_spotlight_page_reuses_its_cached_related_cards(client):
    url = "/en/spotlights/beijing-cleaner-air-by-phasing-out-coal/"
    with CaptureQueriesContext(connection) as first:
        html = client.get(url).content
    with CaptureQueriesContext(connection) as second:
        zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped["X-Page-Cache"] == "miss"
    # The city's other spotlights (none), the related ones (ranked, then read), their areas
    # and their photos.
    assert len(second) == len(first) - 5
    assert gzip.decompress(zipped.content) == html
    assert b"Similar work in other cities" in html


def test_a_cached_page_is_not_served_to_a_host_the_site_does_not_serve(client):
    client.get("/en/cities/")
    assert client.get("/en/cities/")["X-Page-Cache"] == "hit"
    assert client.get("/en/cities/", HTTP_HOST="attacker.example").status_code == 400


def test_a_cached_page_keeps_the_security_headers_and_gets_its_own_request_id(client):
    first = client.get("/en/cities/")
    hit = client.get("/en/cities/")
    assert hit["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert hit[header] == first[header], header
    assert hit["X-Request-ID"] != first["X-Request-ID"]


def test_a_plain_http_request_is_redirected_not_served_from_the_cache(client, settings):
    client.get("/en/cities/")
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/en/cities/")  # a new client: middleware read settings anew
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_a_page_whose_policy_carries_a_nonce_is_never_stored():
    """Every visitor would get the same nonce, which would then protect nothing."""
    page = HttpResponse("<script nonce='abc'></script>")
    page["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
    assert not is_cacheable_response(page)
    page["Content-Security-Policy"] = "script-src 'self'"
    assert is_cacheable_response(page)


def test_api_answers_are_cached_for_the_parameters_each_endpoint_reads(client):
    """Derived from the views (their filtersets, pagination, `lang`), not a hand-kept list."""
    for url in ("/api/v1/openapi.json?lang=zh-hans", "/api/v1/datapackage.json?lang=zh-hans"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    client.get("/api/v1/spotlights/?initiative=energy&page_size=5")
    again = client.get("/api/v1/spotlights/?initiative=energy&page_size=5")
    assert again["X-Page-Cache"] == "hit"
    refused = client.get("/api/v1/regions/?initiative=energy")  # regions have no such filter
    assert refused.status_code == 400 and "X-Page-Cache" not in refused
