"""CSV and GeoJSON downloads of the directory selection, and their datapackage.json."""

import csv
import io
import json
import re

import pytest
from django.utils.translation import gettext, override

from cities.models import City

pytestmark = pytest.mark.django_db


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response


def csv_text(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte order mark: Excel would garble the Chinese"
    return text.removeprefix("\ufeff")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(csv_text(response), newline="")))


def links(response):
    """{rel: (URL, parameters)} of a Link header (RFC 8288)."""
    found = {}
    for url, parameters in re.findall(r"<([^>]*)>((?:\s*;\s*[^,;]+)*)", response["Link"]):
        attributes = dict(re.findall(r';\s*([\w-]+)="?([^";]*)"?', parameters))
        found[attributes.pop("rel")] = (url, attributes)
    return found


def test_the_csv_holds_the_selection_in_both_languages(client):
    response = download(client, "/api/v1/cities.csv?region=africa")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="c40-cities.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == client.get("/en/cities/?region=africa").context["paginator"].count
    johannesburg = next(row for row in rows if row["slug"] == "johannesburg")
    assert johannesburg["name_zh_hans"] == "约翰内斯堡"
    assert johannesburg["country_en"] == "South Africa"
    assert (
        johannesburg["page_zh_hans"] == "https://cities.example.org/zh-hans/cities/johannesburg/"
    )
    assert {row["region"] for row in rows} == {"africa"}


@pytest.mark.parametrize("query", ["", "region=africa", "q=zzzzzz"])
def test_the_csv_is_only_its_header_and_one_row_per_city(client, query):
    """No notes after the table: pandas, Excel and csvkit would read them as cities."""
    text = csv_text(download(client, f"/api/v1/cities.csv?{query}"))
    table = list(csv.reader(io.StringIO(text, newline="")))
    count = client.get(f"/en/cities/?{query}").context["paginator"].count
    assert len(table) == 1 + count
    assert {len(row) for row in table} == {len(table[0])}
    assert not [line for line in text.splitlines() if line.startswith("#") or not line.strip()]
    assert text.endswith("\r\n") and not text.endswith("\r\n\r\n")


def test_the_downloads_link_their_licence_and_their_data_package(client, settings):
    for path in ("/api/v1/cities.csv", "/api/v1/cities.geojson?region=europe"):
        found = links(download(client, path))
        assert found["license"][0] == settings.OPEN_DATA_LICENCE["url"]
        package_url, attributes = found["describedby"]
        assert package_url == "https://cities.example.org/api/v1/datapackage.json"
        assert attributes == {"type": "application/json"}
        package = download(client, package_url).json()
        assert package["licenses"][0]["path"] == settings.OPEN_DATA_LICENCE["url"]


def test_the_csv_has_the_population_and_geonames_id_of_each_city(client):
    rows = {row["slug"]: row for row in csv_rows(download(client, "/api/v1/cities.csv"))}
    durban = City.objects.get(slug="durban")
    assert rows["durban"]["geonames_id"] == "1007311"
    assert rows["durban"]["population"] == str(durban.population)
    assert int(rows["london"]["population"]) > 1_000_000
    assert rows["ekurhuleni"]["population"] == rows["ekurhuleni"]["geonames_id"] == ""


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


def test_the_geojson_gives_the_population_and_its_source(client):
    collection = json.loads(download(client, "/api/v1/cities.geojson?region=africa").content)
    properties = {f["id"]: f["properties"] for f in collection["features"]}
    assert properties["durban"]["geonames_id"] == 1007311
    assert properties["durban"]["population"] == City.objects.get(slug="durban").population
    assert properties["ekurhuleni"]["population"] is None
    source = collection["population_source"]
    assert source["name"] == "GeoNames" and source["url"] == "https://www.geonames.org/"
    assert source["licence"]["name"] == "CC BY 4.0"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["data_date"])


def test_bad_filters_do_not_break_the_downloads(client):
    for path in ("/api/v1/cities.csv", "/api/v1/cities.geojson"):
        response = client.get(f"{path}?region=%00&q=" + "é" * 500)
        assert response.status_code == 200


def test_each_city_lists_its_own_networks_and_accelerators(client):
    collection = json.loads(download(client, "/api/v1/cities.geojson").content)
    for feature in collection["features"]:
        city = City.objects.get(slug=feature["id"])
        properties = feature["properties"]
        assert properties["networks"] == sorted(n.slug for n in city.networks.all())
        assert properties["accelerators"] == sorted(a.slug for a in city.accelerators.all())
    rows = csv_rows(download(client, "/api/v1/cities.csv?q=accra"))
    assert rows[0]["accelerators"] == "c40-cool-cities pathway-towards-zero-waste"


def test_the_data_package_describes_the_csv_column_by_column(client):
    package = download(client, "/api/v1/datapackage.json").json()
    assert package["name"] == "c40-cities"
    resource = next(r for r in package["resources"] if r["format"] == "csv")
    assert resource["path"] == "https://cities.example.org/api/v1/cities.csv"
    header = next(csv.reader(io.StringIO(csv_text(download(client, resource["path"])))))
    fields = resource["schema"]["fields"]
    assert [field["name"] for field in fields] == header
    types = {field["name"]: field["type"] for field in fields}
    assert types["population"] == types["geonames_id"] == "integer"
    assert types["latitude"] == "number" and types["steering_committee"] == "boolean"
    assert resource["schema"]["primaryKey"] == ["slug"]


def test_the_data_package_names_its_licence_and_sources(client, settings):
    response = download(client, "/api/v1/datapackage.json")
    assert links(response)["license"][0] == settings.OPEN_DATA_LICENCE["url"]
    package = response.json()
    assert package["licenses"] == [
        {"path": settings.OPEN_DATA_LICENCE["url"], "title": settings.OPEN_DATA_LICENCE["name"]}
    ]
    titles = [source["title"] for source in package["sources"]]
    assert "C40's 20-year book" in titles
    geonames = next(source for source in package["sources"] if source["title"] == "GeoNames")
    assert geonames["path"] == "https://www.geonames.org/"
    assert geonames["licenses"][0]["title"] == "CC BY 4.0"
    assert geonames["data_date"] in geonames["description"]


def test_the_data_package_is_english_unless_chinese_is_asked_for(client):
    english = client.get("/api/v1/datapackage.json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    chinese = download(client, "/api/v1/datapackage.json?lang=zh-hans").json()
    assert english["title"] == "C40 cities"
    assert english["homepage"] == "https://cities.example.org/en/cities/"
    assert chinese["homepage"] == "https://cities.example.org/zh-hans/cities/"
    with override("zh-hans"):
        assert chinese["title"] == gettext("C40 cities")


@pytest.mark.parametrize(
    ("query", "field"),
    [("lang=xx", "lang"), ("lang=", "lang"), ("page=2", "page"), ("regoin=a", "regoin")],
)
def test_the_data_package_refuses_what_it_does_not_know(client, query, field):
    response = client.get(f"/api/v1/datapackage.json?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_made_inert(client, start):
    """OWASP CSV injection: `=HYPERLINK(...)` as a city name reached the file as is."""
    City.objects.filter(slug="london").update(name_en=f'{start}HYPERLINK("http://x.test","y")')
    row = next(
        r for r in csv_rows(download(client, "/api/v1/cities.csv")) if r["slug"] == "london"
    )
    assert row["name_en"] == f'\'{start}HYPERLINK("http://x.test","y")'
    bogota = next(
        r for r in csv_rows(download(client, "/api/v1/cities.csv")) if r["slug"] == "bogota"
    )
    assert bogota["longitude"].startswith("-7")  # a number stays a number


def test_the_geojson_keeps_text_as_typed(client):
    City.objects.filter(slug="london").update(name_en="=1+1")
    features = json.loads(download(client, "/api/v1/cities.geojson").content)["features"]
    london = next(f for f in features if f["id"] == "london")
    assert london["properties"]["name_en"] == "=1+1"


@pytest.mark.parametrize("path", ["/api/v1/cities.csv", "/api/v1/cities.geojson"])
def test_a_download_names_a_parameter_it_does_not_understand(client, path):
    """`?page=<random>` built a fresh 7 MB copy of every city each time (at 10 000)."""
    response = client.get(f"{path}?page=7&region=europe")
    assert response.status_code == 400
    assert response.json() == {"page": ["Unknown parameter."]}
