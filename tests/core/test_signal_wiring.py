"""Receivers are wired in AppConfig.ready(), so a process that never loads the URLconf (a
command, a cron job, `manage.py shell`) still invalidates cached pages when it edits."""

import subprocess
import sys
from unittest import mock

import pytest
import redis
from django.conf import settings

from networks.models import Network
from tests.redis_db import worker_redis_url

PROBE = """
import django
django.setup()
from django.db.models.signals import m2m_changed, post_save, pre_save
from cities.models import City
from networks.models import Network

def names(signal, sender):
    sync, _async = signal._live_receivers(sender)
    return {f"{r.__module__}.{r.__qualname__}" for r in sync}

print("saved", sorted(names(post_save, City)))
print("links", sorted(names(m2m_changed, Network.member_cities.through)))
print("presave", sorted(names(pre_save, City)))
"""


def probe_fresh_process():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "c40site.test_settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in done.stdout.splitlines()}


def test_a_process_that_loads_no_urls_still_invalidates_pages_on_every_change():
    found = probe_fresh_process()
    assert "core.pagecache.content_changed" in found["saved"]
    assert "core.pagecache.content_changed" in found["links"]
    assert "core.search.refresh_search_text" in found["presave"]
    assert "core.collation.refresh_sort_names" in found["presave"]


@pytest.mark.django_db
def test_a_many_to_many_change_invalidates_once_it_is_made():

    network = Network.objects.first()
    with mock.patch("core.pagecache.invalidate_pages") as invalidate:
        network.member_cities.remove(*network.member_cities.all()[:1])
    # pre_remove is ignored: one bump for post_remove (the second runs on commit)
    assert invalidate.call_count == 1


WEB_SERVER_READS = """
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/en/cities/london/")
print(response["X-Page-Cache"], "Londinium" in response.content.decode())
"""
EDITOR_SHELL_EDITS = """
from cities.models import City
london = City.objects.get(slug="london")
london.name_en = "Londinium"
london.save()
"""


@pytest.mark.slow
def test_an_edit_from_a_shell_changes_the_cached_page(tmp_path):
    """Two processes sharing the database and Redis: one serves pages, the other is `manage.py
    shell` (it never loads the URLconf) editing a city; the next visitor sees the edit."""
    redis_url = worker_redis_url()
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "REDIS_URL": redis_url,
    }

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    manage("migrate", "-v", "0")
    manage("load_dataset", "-v", "0")
    manage("shell", "--no-imports", "-c", WEB_SERVER_READS)
    assert manage("shell", "--no-imports", "-c", WEB_SERVER_READS) == "hit False"
    manage("shell", "--no-imports", "-c", EDITOR_SHELL_EDITS)
    assert manage("shell", "--no-imports", "-c", WEB_SERVER_READS) == "miss True"
