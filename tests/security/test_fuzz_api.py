"""Fuzzing the open data API from its own OpenAPI schema (schemathesis, through WSGI).

Every operation of /api/v1/openapi.json gets requests the schema allows (positive) and
requests it forbids (negative); each answer must be no server error, a documented status and
content type, and a body that matches its schema.
"""

import functools

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.validators import URLValidator
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import resolve
from django.utils.translation import trans_real
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.python import wsgi

from cities.models import City
from tests.hypothesis_budget import examples

pytestmark = pytest.mark.django_db

# Loaded at collection, as `schema.parametrize()` needs: the schema endpoint reads no rows.
# (schemathesis's fixture-based loader, `from_fixture`, does not run under pytest 9.)
APPLICATION = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APPLICATION)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], database="none"
)


@pytest.fixture
def same_connection():
    """Keep the test's transaction across requests, as Django's test client does.

    The WSGI handler runs in this thread, on this database connection, so it sees the dataset
    (and anything the test writes); but at each request's start and end Django closes a
    connection that is not in autocommit mode, which would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@functools.cache
def real_slugs(path):
    """A few slugs the item operation at `path` ("/api/v1/cities/{slug}/") answers with 200."""
    viewset = resolve(path.format(slug="x")).func.cls
    return list(viewset().get_queryset().order_by("pk").values_list("slug", flat=True)[:5])


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the items asked for exist: a made-up slug only ever finds a 404."""
    if "slug" not in (path_parameters or {}):
        return st.just(path_parameters)
    real = st.sampled_from(real_slugs(context.operation.path))
    return st.one_of(st.just(path_parameters), real.map(lambda slug: {"slug": slug}))


@schema.hook
def flatmap_headers(context, headers):
    """Errors are worded in the language asked for: ask in each."""
    languages = st.sampled_from([code for code, _name in settings.LANGUAGES])
    return languages.map(lambda language: {**(headers or {}), "Accept-Language": language})


@hypothesis.settings(
    max_examples=examples(100),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@schema.parametrize()
def test_every_api_operation_answers_as_its_schema_says(case, same_connection):
    # Every check but one: a well-formed slug that names nothing is a 400 here by design
    # (a typo must not quietly give every city), which positive_data_acceptance counts as
    # refusing valid data; the schema cannot list every slug.
    # The WSGI client asks for gzip, as requests does, but would not unzip it.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance]
    )


def test_a_wsgi_request_runs_inside_the_tests_transaction(same_connection):
    """What the fuzzing above relies on: it sees the dataset and the test's own writes."""
    beijing = City.objects.get(slug="beijing")
    beijing.name_en = "Peking"
    beijing.save()
    response = wsgi.get_client(APPLICATION).get("/api/v1/cities/beijing/")
    assert response.status_code == 200
    assert response.json["name"]["en"] == "Peking"
    assert City.objects.get(slug="beijing").name_en == "Peking"  # the transaction is still open


@pytest.mark.parametrize("size", ["²", "٣", "-²", "0", "-1", "1.5", " 5", ""])
def test_a_page_size_that_is_not_plain_digits_is_a_400_naming_it(client, size):
    response = client.get("/api/v1/cities/", {"page_size": size})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


@pytest.mark.parametrize(("size", "shown"), [("9" * 5000, 98), ("0" * 5000 + "7", 7)])
def test_a_page_size_of_thousands_of_digits_is_read(client, size, shown):
    response = client.get("/api/v1/cities/", {"page_size": size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == shown


@pytest.mark.parametrize("page", ["", "last", "²"])
def test_a_page_that_is_not_a_number_is_a_404(client, page):
    response = client.get("/api/v1/regions/", {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("language", ["xx", "EN", "en\x00", "<x-fuzz-7>", "x" * 10_000])
def test_a_schema_language_that_is_not_a_site_language_is_a_400(client, language):
    known = set(trans_real._translations)
    response = client.get("/api/v1/openapi.json", {"lang": language})
    assert response.status_code == 400
    assert list(response.json()) == ["lang"]
    # Django keeps every language it activates, for the life of the process.
    assert set(trans_real._translations) == known


def test_every_source_is_a_url(client):
    validate = URLValidator(schemes=["http", "https"])
    for collection in ("networks", "accelerators"):
        for record in client.get(f"/api/v1/{collection}/?page_size=500").json()["results"]:
            for source in record["sources"]:
                validate(source)
