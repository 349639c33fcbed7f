import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from cities.dataset import dataset_fixture_paths


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real dataset once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("loaddata", *dataset_fixture_paths(), verbosity=0)


@pytest.fixture(autouse=True)
def english_by_default():
    """A /zh-hans/ request leaves Chinese active; reset so ORM lookups hit the English column."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page: a rolled-back test must not leave its pages."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (one process: the memory cache is shared)."""
    settings.PAGE_CACHE_SECONDS = 600
