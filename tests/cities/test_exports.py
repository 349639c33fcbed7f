"""CSV and GeoJSON downloads of the directory selection."""

import csv
import io
import json

import pytest

from cities.models import City

pytestmark = pytest.mark.django_db


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte order mark: Excel would garble the Chinese"
    table, _blank, notes = text.removeprefix("\ufeff").partition("\r\n\r\n")
    return list(csv.DictReader(io.StringIO(table))), notes


def test_the_csv_holds_the_selection_in_both_languages(client):
    response = download(client, "/api/v1/cities.csv?region=africa")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="c40-cities.csv"' in response["Content-Disposition"]
    rows, _notes = csv_rows(response)
    assert len(rows) == client.get("/en/cities/?region=africa").context["paginator"].count
    johannesburg = next(row for row in rows if row["slug"] == "johannesburg")
    assert johannesburg["name_zh_hans"] == "约翰内斯堡"
    assert johannesburg["country_en"] == "South Africa"
    assert johannesburg["page_zh_hans"] == "http://testserver/zh-hans/cities/johannesburg/"
    assert {row["region"] for row in rows} == {"africa"}


def test_the_csv_states_its_source_and_licence_after_the_table(client, settings):
    _rows, notes = csv_rows(download(client, "/api/v1/cities.csv"))
    assert notes.startswith("# Source: C40 Cities Climate Leadership Group")
    assert settings.OPEN_DATA_LICENCE["url"] in notes


def test_the_csv_of_an_empty_selection_still_has_its_header(client):
    rows, notes = csv_rows(download(client, "/api/v1/cities.csv?q=zzzzzz"))
    assert rows == [] and "Licence" in notes


def test_the_directory_links_its_downloads_with_the_current_filters(client):
    html = client.get("/zh-hans/cities/?region=africa&q=jo").content.decode()
    assert 'href="/api/v1/cities.csv?region=africa&amp;q=jo"' in html
    assert 'href="/api/v1/cities.geojson?region=africa&amp;q=jo"' in html


def test_the_geojson_is_a_feature_collection_of_the_selection(client, settings):
    response = download(client, "/api/v1/cities.geojson?initiative=transportation")
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["licence"] == settings.OPEN_DATA_LICENCE
    count = client.get("/en/cities/?initiative=transportation").context["paginator"].count
    assert len(collection["features"]) == count
    london = next(f for f in collection["features"] if f["id"] == "london")
    longitude, latitude = london["geometry"]["coordinates"]
    assert round(latitude) == 52 and round(longitude) == 0
    assert london["properties"]["name_zh_hans"] == "伦敦"


def test_bad_filters_do_not_break_the_downloads(client):
    for path in ("/api/v1/cities.csv", "/api/v1/cities.geojson"):
        response = client.get(f"{path}?region=%00&page=x&q=" + "é" * 500)
        assert response.status_code == 200


def test_each_city_lists_its_own_networks_and_accelerators(client):
    collection = json.loads(download(client, "/api/v1/cities.geojson").content)
    for feature in collection["features"]:
        city = City.objects.get(slug=feature["id"])
        properties = feature["properties"]
        assert properties["networks"] == sorted(n.slug for n in city.networks.all())
        assert properties["accelerators"] == sorted(a.slug for a in city.accelerators.all())
    rows, _notes = csv_rows(download(client, "/api/v1/cities.csv?q=accra"))
    assert rows[0]["accelerators"] == "c40-cool-cities pathway-towards-zero-waste"


def test_the_csv_attribution_is_in_both_languages(client):
    _rows, notes = csv_rows(download(client, "/api/v1/cities.csv"))
    lines = notes.strip().split("\r\n")
    assert lines[0].startswith("# Source:") and lines[1].startswith("# 来源：")
