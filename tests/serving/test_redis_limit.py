"""The cache's Redis gets a memory limit and evicts least recently used keys
(`manage.py limit_redis_memory`, run by serve-prod and the fleet test), which is safe only
because nothing in it is data: sessions and sign-in lock-outs live in PostgreSQL."""

import contextlib
import io

import pytest
import redis
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from bench import fleet_checks
from core.management.commands import limit_redis_memory
from tests.redis_db import worker_redis_url

UNITS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3}


class FakeRedis:
    """CONFIG GET/SET as Redis answers them, on a dict."""

    def __init__(self, maxmemory=0, policy="noeviction"):
        self.config = {"maxmemory": str(maxmemory), "maxmemory-policy": policy}

    def config_get(self, name):
        return {name: self.config[name]}

    def config_set(self, name, value):
        if name == "maxmemory" and value[-2:].lower() in UNITS:
            value = int(value[:-2]) * UNITS[value[-2:].lower()]
        self.config[name] = str(value)


class RefusingRedis:
    """A managed Redis: CONFIG is not allowed."""

    def config_get(self, name):
        raise redis.ResponseError("unknown command 'CONFIG'")

    config_set = config_get


def run_command(monkeypatch, settings, client, *args):
    settings.REDIS_URL = "redis://cache.example:6379/0"
    monkeypatch.setattr(redis.Redis, "from_url", lambda *args, **kwargs: client)
    out, err = io.StringIO(), io.StringIO()
    call_command("limit_redis_memory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_unlimited_redis_gets_256mb_and_lru_eviction(monkeypatch, settings):
    client = FakeRedis()

    out, _err = run_command(monkeypatch, settings, client)

    assert client.config == {"maxmemory": str(256 * 1024**2), "maxmemory-policy": "allkeys-lru"}
    assert "allkeys-lru" in out


def test_a_limit_redis_already_has_is_kept(monkeypatch, settings):
    client = FakeRedis(maxmemory=2 * 1024**3)

    run_command(monkeypatch, settings, client)

    assert client.config == {"maxmemory": str(2 * 1024**3), "maxmemory-policy": "allkeys-lru"}


def test_the_limit_asked_for_wins(monkeypatch, settings):
    client = FakeRedis(maxmemory=2 * 1024**3)
    monkeypatch.setenv("C40_REDIS_MAXMEMORY", "64mb")  # read when the command is built

    run_command(monkeypatch, settings, client)

    assert client.config["maxmemory"] == str(64 * 1024**2)


def test_running_it_again_changes_nothing(monkeypatch, settings):
    client = FakeRedis()
    run_command(monkeypatch, settings, client, "--maxmemory", "128mb")
    once = dict(client.config)

    run_command(monkeypatch, settings, client)

    assert client.config == once


def test_a_managed_redis_refusing_config_is_a_warning_not_a_failure(monkeypatch, settings):
    _out, err = run_command(monkeypatch, settings, RefusingRedis())

    assert "warning: Redis refused CONFIG" in err
    assert "allkeys-lru" in err


def test_without_redis_there_is_nothing_to_limit(settings):
    settings.REDIS_URL = ""
    out = io.StringIO()

    call_command("limit_redis_memory", stdout=out)

    assert "REDIS_URL is not set" in out.getvalue()


def local_redis():
    client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


def test_a_real_redis_is_limited_and_evicts_least_recently_used_keys(settings):
    client = local_redis()
    before = {name: client.config_get(name)[name] for name in ("maxmemory", "maxmemory-policy")}
    settings.REDIS_URL = worker_redis_url()
    try:
        call_command("limit_redis_memory", stdout=io.StringIO())
        policy = client.config_get("maxmemory-policy")["maxmemory-policy"]
        maxmemory = int(client.config_get("maxmemory")["maxmemory"])
        memory = fleet_checks.redis_memory(
            int(worker_redis_url().rsplit("/", 1)[1])
        )  # what the fleet test's verdict reads
    finally:
        with contextlib.suppress(redis.RedisError):
            for name, value in before.items():
                client.config_set(name, value)

    assert policy == "allkeys-lru" and maxmemory > 0
    assert memory == {"maxmemory": maxmemory, "policy": "allkeys-lru"}


def test_nothing_that_must_survive_eviction_is_in_the_cache():
    """allkeys-lru may drop any key: sessions and lock-outs must not be cache entries. A move
    to the cache needs a Redis instance of its own with noeviction (docs/deploy.md)."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)


def test_the_fleet_test_fails_on_a_redis_that_can_fill_up():
    def verdict(maxmemory, policy):
        findings = {"redis": {"maxmemory": maxmemory, "policy": policy}}
        (check,) = fleet_checks.cache_verdicts(findings)
        return check["passed"]

    assert verdict(256 * 1024**2, "allkeys-lru")
    assert not verdict(0, "allkeys-lru")
    assert not verdict(256 * 1024**2, "noeviction")
    assert fleet_checks.REDIS_POLICY == limit_redis_memory.POLICY
