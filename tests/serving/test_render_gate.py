"""A flood of uncached requests cannot hold every thread: renders beyond a process's slots and
queue are answered 503 at once, while cached pages are still served (core/rendergate.py)."""

import pytest

from core.rendergate import render_gate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def every_slot_taken(settings):
    settings.RENDER_SLOTS, settings.RENDER_QUEUE, settings.RENDER_WAIT_SECONDS = 1, 0, 0
    gate = render_gate()
    gate.places.acquire()
    gate.slots.acquire()  # another thread's render
    yield
    gate.slots.release()
    gate.places.release()


def test_a_render_beyond_the_slots_is_answered_busy_at_once(client, every_slot_taken):
    response = client.get("/en/cities/?q=zanzibar")  # a query string: no waiting in line
    assert response.status_code == 503
    assert response["Retry-After"] == "2" and response["Cache-Control"] == "no-store"
    assert "The site is busy" in response.content.decode()
    chinese = client.get("/zh-hans/cities/?q=zanzibar")
    assert chinese.status_code == 503 and "网站繁忙" in chinese.content.decode()
    api = client.get("/api/v1/cities/?q=zanzibar")
    assert api.status_code == 503 and "busy" in api.json()["detail"]


def test_cached_pages_are_served_while_every_slot_is_taken(client, settings):
    client.get("/en/cities/")
    settings.RENDER_SLOTS, settings.RENDER_QUEUE, settings.RENDER_WAIT_SECONDS = 1, 0, 0
    gate = render_gate()
    gate.places.acquire()
    gate.slots.acquire()
    try:
        cached = client.get("/en/cities/")
        assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"
    finally:
        gate.slots.release()
        gate.places.release()
    assert client.get("/en/cities/?q=oslo").status_code == 200  # a slot is free again


def test_a_busy_answer_is_never_cached(client, every_slot_taken, settings):
    client.get("/en/cities/?q=oslo")
    settings.RENDER_QUEUE = 1  # a new gate, with a place free
    assert client.get("/en/cities/?q=oslo").status_code == 200


def test_when_busy_after_a_change_the_page_as_it_was_is_served(client, settings):
    from cities.models import City

    client.get("/en/cities/london/")
    london = City.objects.get(slug="london")
    london.name_en = "Greater London"
    london.save()  # every cached page is now out of date
    settings.RENDER_SLOTS, settings.RENDER_QUEUE, settings.RENDER_WAIT_SECONDS = 1, 0, 0
    gate = render_gate()
    gate.places.acquire()
    gate.slots.acquire()
    try:
        stale = client.get("/en/cities/london/")
    finally:
        gate.slots.release()
        gate.places.release()
    assert stale.status_code == 200 and stale["X-Page-Cache"] == "stale"
    assert stale["Cache-Control"] == "no-store" and b"Greater London" not in stale.content
    fresh = client.get("/en/cities/london/")
    assert fresh["X-Page-Cache"] == "miss" and b"Greater London" in fresh.content


def test_a_page_without_a_query_string_waits_for_a_slot_rather_than_fail(client, settings):
    """A spotlight just published has no earlier copy to serve: it waits its turn."""
    settings.RENDER_SLOTS, settings.RENDER_QUEUE, settings.RENDER_WAIT_SECONDS = 1, 0, 5
    gate = render_gate()
    gate.places.acquire()  # the queue is full, but a slot is free
    try:
        page = client.get("/en/cities/london/")
        search = client.get("/en/cities/?q=london")
    finally:
        gate.places.release()
    assert page.status_code == 200 and search.status_code == 503
