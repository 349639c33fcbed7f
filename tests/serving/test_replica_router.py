"""With a read replica, anonymous visitors' public pages read content from it; the admin,
editors, writes, code outside a request and the moments after a content change read the
primary. In tests the replica is a second connection to the test database."""

import json
import re
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connections, router, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.dataset import dataset_fixture_paths
from cities.models import City
from core import replica
from core.replica import (
    PublicRead,
    ReplicaMiddleware,
    ReplicaRouter,
    public_read,
)
from spotlights.models import Spotlight
from tests.ops.test_deploy_settings import production
from tests.spotlights.helpers import change_form_data

ROUTER = "core.replica.ReplicaRouter"
CONTENT_TABLE = re.compile(r'"(?:cities|networks|spotlights)_\w+"')
PUBLIC_PAGES = ["/en/", "/en/cities/london/", "/zh-hans/spotlights/", "/api/v1/cities/"]

# The router reads the primary inside any transaction, the test's own included, and the
# replica's connection sees only committed rows: these tests commit, as a server does.
committing = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routed(settings):
    """The router on, over the dataset (a transactional test before may have emptied it)."""
    if not City.objects.exists():
        call_command("loaddata", *dataset_fixture_paths(), verbosity=0)
        cache.clear()  # loading it was a content change: reads would stay on the primary
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.REPLICA_LAG_SECONDS = 30
    assert isinstance(router.routers[0], ReplicaRouter)  # Django rebuilt its routers


@contextmanager
def queries():
    """The queries run on the primary and on the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield primary, replica


def content_reads(captured):
    return [query["sql"] for query in captured if CONTENT_TABLE.search(query["sql"])]


def assert_read_from_the_replica(client, url):
    with queries() as (primary, replica):
        response = client.get(url)
    assert response.status_code == 200, url
    assert content_reads(replica) and len(content_reads(replica)) == len(replica), url
    assert content_reads(primary) == [], url


def assert_read_from_the_primary(client, url):
    with queries() as (primary, replica):
        response = client.get(url)
    assert response.status_code == 200, url
    assert content_reads(primary), url
    assert len(replica) == 0, url


@committing
@pytest.mark.usefixtures("routed")
def test_anonymous_visitors_public_pages_read_content_from_the_replica(client, settings):
    for url in PUBLIC_PAGES:
        assert_read_from_the_replica(client, url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-made-up"  # still nobody
    assert_read_from_the_replica(client, "/en/cities/london/")


@committing
@pytest.mark.usefixtures("routed")
def test_the_admin_reads_the_primary_only(admin_client):
    oslo = Spotlight.objects.get(city__slug="oslo")
    for url in (
        reverse("admin:spotlights_spotlight_changelist"),
        reverse("admin:spotlights_spotlight_change", args=[oslo.pk]),
    ):
        assert_read_from_the_primary(admin_client, url)


@committing
@pytest.mark.usefixtures("routed")
def test_a_signed_in_editor_reads_public_pages_from_the_primary(client):
    client.force_login(get_user_model().objects.create_user("editor", is_staff=True))
    for url in PUBLIC_PAGES:
        assert_read_from_the_primary(client, url)


@committing
@pytest.mark.usefixtures("routed")
def test_an_admin_save_writes_and_reads_the_primary_only(admin_client):
    oslo = Spotlight.objects.get(city__slug="oslo")
    url = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    with queries() as (primary, replica):
        response = admin_client.post(
            url, change_form_data(oslo, title_en="Oslo, replicated", _publish="1")
        )
    assert response.status_code == 302
    assert any(query["sql"].startswith("UPDATE") for query in primary)
    assert len(replica) == 0
    assert Spotlight.objects.get(pk=oslo.pk).title_en == "Oslo, replicated"


@committing
@pytest.mark.usefixtures("routed")
def test_after_a_content_change_public_pages_read_the_primary_until_the_lag_has_passed(
    client, monkeypatch
):
    assert_read_from_the_replica(client, "/en/spotlights/")
    changed_at = time.time()
    Spotlight.objects.get(city__slug="oslo").save()
    assert_read_from_the_primary(client, "/en/spotlights/")
    monkeypatch.setattr(time, "time", lambda: changed_at + 29)
    assert_read_from_the_primary(client, "/en/spotlights/")
    monkeypatch.setattr(time, "time", lambda: changed_at + 31)
    assert_read_from_the_replica(client, "/en/spotlights/")


@committing
@pytest.mark.usefixtures("routed")
def test_with_the_cache_unreachable_pages_read_the_primary_and_still_answer(
    client, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1",  # nothing listens there
        }
    }
    assert_read_from_the_primary(client, "/en/cities/london/")
    assert "Cache unreachable: reading the primary" in caplog.text


@pytest.fixture
def replica_refusing(monkeypatch):
    """The replica refuses connections; the outage this process remembers is forgotten after."""
    refused = []

    def refuse():
        refused.append(True)
        raise OperationalError("connection to server at replica refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refuse)
    yield refused
    replica.outage.until = 0.0


def assert_read_from_the_primary_alone(client, url):
    """As assert_read_from_the_primary, for a replica that refuses connections (a query
    there would fail the page)."""
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(url)
    assert response.status_code == 200, url
    assert content_reads(primary), url


@committing
@pytest.mark.usefixtures("routed")
def test_an_unreachable_replica_is_skipped_and_pages_read_the_primary(
    client, monkeypatch, replica_refusing, caplog
):
    assert_read_from_the_primary_alone(client, "/en/cities/london/")
    assert "Read replica unreachable: reading the primary for 30 s" in caplog.text
    assert_read_from_the_primary_alone(client, "/en/spotlights/")
    assert len(replica_refusing) == 1  # not asked again on every request
    monkeypatch.undo()  # the replica is back
    replica.outage.until = time.monotonic() - 1  # and the wait is over
    assert_read_from_the_replica(client, "/en/spotlights/")


@committing
@pytest.mark.usefixtures("routed")
def test_code_outside_a_request_reads_the_primary():
    with queries() as (primary, replica):
        spotlight = Spotlight.objects.published().select_related("city").first()
        assert spotlight.initiative_areas.exists()
        assert City.objects.filter(country=spotlight.city.country_id).count()
    assert len(content_reads(primary)) == 3
    assert len(replica) == 0


@contextmanager
def marked_public_read():
    token = public_read.set(PublicRead())
    try:
        yield
    finally:
        public_read.reset(token)


@pytest.fixture
def replica_answers(monkeypatch):
    """For router calls made outside a request: the replica counts as reachable."""
    monkeypatch.setattr(replica.outage, "replica_reachable", lambda: True)


@pytest.mark.usefixtures("replica_answers")
def test_only_content_reads_of_a_public_read_go_to_the_replica():
    replica_router = ReplicaRouter()
    with marked_public_read():
        assert replica_router.db_for_read(City) == "replica"
        assert replica_router.db_for_read(Spotlight.history.model) == "default"
        assert replica_router.db_for_read(Session) == "default"
        assert replica_router.db_for_read(get_user_model()) == "default"
        # A related read follows its instance, here one read from the primary.
        from_primary = City(pk=1)
        from_primary._state.db = "default"
        assert replica_router.db_for_read(City, instance=from_primary) == "default"
        # A write sends the rest of the request to the primary.
        assert replica_router.db_for_write(City) == "default"
        assert replica_router.db_for_read(City) == "default"
    assert replica_router.db_for_read(City) == "default"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("replica_answers")
def test_reads_inside_a_transaction_go_to_the_primary():
    replica_router = ReplicaRouter()
    with marked_public_read():
        assert replica_router.db_for_read(City) == "replica"
        with transaction.atomic():
            assert replica_router.db_for_read(City) == "default"


def test_the_replica_is_never_written_nor_migrated():
    replica_router = ReplicaRouter()
    assert replica_router.db_for_write(City) == replica_router.db_for_write(Session) == "default"
    assert replica_router.allow_migrate("default", "cities") is True
    assert replica_router.allow_migrate("replica", "cities") is False
    assert replica_router.allow_migrate("replica", "sessions") is False


def test_the_public_read_mark_ends_with_the_request_even_when_the_view_raises():
    marks = []

    def view(request):
        marks.append(public_read.get())
        raise RuntimeError("the view failed")

    middleware = ReplicaMiddleware(view)
    with pytest.raises(RuntimeError):
        middleware(RequestFactory().get("/en/"))
    assert isinstance(marks[0], PublicRead)
    assert public_read.get() is None
    for request in (RequestFactory().post("/en/"), RequestFactory().get("/admin/")):
        with pytest.raises(RuntimeError):
            middleware(request)
    assert marks[1:] == [None, None]


def replica_settings(**env):
    code = (
        "import json; from django.conf import settings; print(json.dumps("
        "[sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.DATABASES.get('replica', {}).get('HOST')]))"
    )
    done = production("shell", "-v", "0", "-c", code, DJANGO_DEBUG="true", **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_replica_url_in_the_environment_adds_the_replica_and_its_router():
    url = "postgres://reader@replica.example.org:5432/c40"
    assert replica_settings(DATABASE_REPLICA_URL=url) == [
        ["default", "replica"],
        [ROUTER],
        "replica.example.org",
    ]


def test_without_a_replica_url_there_is_no_replica_and_no_router():
    assert replica_settings(DATABASE_REPLICA_URL="") == [["default"], [], None]
