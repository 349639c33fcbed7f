"""/healthz and /readyz: a load balancer probing by IP address over plain HTTP gets an answer
it can act on, and nothing in it an attacker could use."""

import logging

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from core import health

PROBES = ["/healthz", "/readyz"]
# What a failure says in its exception; none of it may reach the response.
SECRET_DETAIL = 'could not connect to server "db-primary.internal" (10.0.3.7), port 5432'


def test_healthz_answers_without_touching_the_database_or_cache(client, monkeypatch):
    monkeypatch.setattr(health, "connections", None)  # any use would raise
    monkeypatch.setattr(health, "cache", None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_and_cache_answer(client, settings):
    settings.DATABASE_ROUTERS = []  # no replica read
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readyz_checks_the_replica_pages_read_from(client, settings, monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES.get("replica", {}))
    settings.DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    replica_up = {"default": connections["default"], "replica": connections["default"]}
    monkeypatch.setattr(health, "connections", replica_up)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "replica": "ok", "cache": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PROBES)
def test_probes_answer_any_host_over_plain_http_unredirected(client, settings, path):
    settings.ALLOWED_HOSTS = ["c40.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    # The site itself refuses the address and redirects plain HTTP...
    assert client.get("/en/", headers={"Host": "10.0.3.21:8000"}).status_code == 400
    assert client.get("/en/", headers={"Host": "c40.example.org"}).status_code == 301
    # ...but answers the probe.
    assert client.get(path, headers={"Host": "10.0.3.21:8000"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", PROBES)
def test_probes_are_never_stored_and_set_no_cookie(client, path):
    for response in (client.get(path), client.head(path)):
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert not response.cookies
        assert "Set-Cookie" not in response


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
@pytest.mark.parametrize("path", PROBES)
def test_probes_refuse_other_methods(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Cache-Control"] == "no-store"


def failing_cursor(*args, **kwargs):
    raise OperationalError(SECRET_DETAIL)


@pytest.mark.django_db
def test_readyz_names_an_unreachable_database_and_no_detail(client, monkeypatch, caplog):
    monkeypatch.setattr(connections["default"], "cursor", failing_cursor)
    with caplog.at_level(logging.WARNING, logger="core.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable" and body["checks"]["cache"] == "ok"
    assert b"db-primary" not in response.content and b"10.0.3.7" not in response.content
    assert "Readiness check failed: database unreachable" in caplog.text


@pytest.mark.django_db
def test_a_failing_replica_is_named_but_leaves_the_server_ready(client, settings, monkeypatch):
    # Pages then read the primary (core/replica.py): taking every server out of the load
    # balancer for it would turn a slower site into no site.
    # Configured and read from (whatever the test settings say); its connection fails.
    monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES.get("replica", {}))
    settings.DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]

    class Failing:
        cursor = staticmethod(failing_cursor)

    replica_down = {"default": connections["default"], "replica": Failing()}
    monkeypatch.setattr(health, "connections", replica_down)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = response.json()["checks"]
    assert (checks["database"], checks["replica"]) == ("ok", "unreachable")


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache_and_no_detail(client, settings):
    # Nothing listens on port 1: the connection is refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/9",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"], checks["cache"]) == ("ok", "unreachable")
    assert b"127.0.0.1" not in response.content and b"refused" not in response.content


@pytest.mark.django_db
def test_the_probes_are_named_urls_and_answer_without_the_middleware(client, settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "core.health.HealthCheckMiddleware"
    ]
    assert (reverse("healthz"), reverse("readyz")) == ("/healthz", "/readyz")
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"
