"""Old links keep working: a page whose slug changes answers 301 at its old address, in both
languages, without chains or loops."""

import pytest
from django.urls import reverse

from cities.models import City
from core.models import SlugRedirect
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def moved_to(client, path):
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    return response["Location"]


def test_an_editor_renaming_a_slug_keeps_the_old_links_working(editor_client, client, oslo):
    old = {language: f"/{language}/spotlights/{oslo.slug}/" for language in ("en", "zh-hans")}
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    response = editor_client.post(
        change, change_form_data(oslo, slug="oslo-renamed", _publish="1")
    )
    assert response.status_code == 302

    for language, path in old.items():
        assert moved_to(client, path) == f"/{language}/spotlights/oslo-renamed/"
        assert client.get(f"/{language}/spotlights/oslo-renamed/").status_code == 200
    assert moved_to(client, old["en"] + "share.png") == "/en/spotlights/oslo-renamed/share.png"


def test_a_chain_of_renames_answers_in_one_step(client, oslo):
    first = oslo.slug
    rename(oslo, "second-name")
    rename(oslo, "third-name")
    assert moved_to(client, f"/en/spotlights/{first}/") == "/en/spotlights/third-name/"
    assert moved_to(client, "/en/spotlights/second-name/") == "/en/spotlights/third-name/"


def test_renaming_back_makes_no_loop(client, oslo):
    first = oslo.slug
    rename(oslo, "other-name")
    rename(oslo, first)
    assert client.get(f"/en/spotlights/{first}/").status_code == 200
    assert moved_to(client, "/en/spotlights/other-name/") == f"/en/spotlights/{first}/"
    assert not SlugRedirect.objects.filter(old_prefix=f"/en/spotlights/{first}/").exists()


def test_a_page_that_takes_an_old_address_is_served_not_redirected(client):
    lagos = City.objects.get(slug="lagos")
    rename(lagos, "lagos-state")
    accra = City.objects.get(slug="accra")
    rename(accra, "lagos")  # an (absurd) reuse of the freed slug
    assert client.get("/en/cities/lagos/").status_code == 200
    assert "Accra" in client.get("/en/cities/lagos/").content.decode()


def test_addresses_that_never_moved_stay_not_found(client, oslo):
    rename(oslo, "oslo-renamed")
    assert client.get("/en/spotlights/never-was/").status_code == 404


def test_a_renamed_region_keeps_its_old_link(client):
    region = City.objects.get(slug="lagos").region
    old = f"/en/regions/{region.slug}/"
    rename(region, "africa-renamed")
    assert moved_to(client, old) == "/en/regions/africa-renamed/"


@pytest.mark.parametrize(
    "path", ["/en/spotlights/%00x/", "/en/spotlights/北京/", "/en/" + "a/" * 400]
)
def test_an_address_no_page_could_have_is_not_found_not_an_error(client, path):
    assert client.get(path).status_code == 404


def test_a_missing_file_outside_the_pages_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/static/no-such-file.css").status_code == 404
