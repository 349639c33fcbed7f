"""The OpenAPI schema at /api/v1/openapi.json describes what the API really returns."""

import copy

import pytest
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.django_db

COLLECTIONS = [
    "cities",
    "regions",
    "countries",
    "initiative-areas",
    "networks",
    "accelerators",
    "spotlights",
]


def strict(schema):
    """The schema with every object closed and every property required.

    The serialisers always write every field, so a response that adds or drops one no longer
    matches its schema.
    """
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    return strict(document)


def validate(openapi, path_template, path, client):
    response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    operation = openapi["paths"][path_template]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": openapi["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return response.json()


def test_the_schema_lists_every_collection_and_its_items(openapi):
    for name in COLLECTIONS:
        assert f"/api/v1/{name}/" in openapi["paths"]
        assert f"/api/v1/{name}/{{slug}}/" in openapi["paths"]


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_list_and_item_response_matches_the_schema(openapi, client, name):
    listing = validate(openapi, f"/api/v1/{name}/", f"/api/v1/{name}/?page_size=500", client)
    assert listing["results"], f"{name} is empty"
    for record in listing["results"][:5]:
        validate(openapi, f"/api/v1/{name}/{{slug}}/", f"/api/v1/{name}/{record['slug']}/", client)


def test_a_filtered_and_paginated_response_matches_the_schema(openapi, client):
    path = "/api/v1/cities/?region=europe&initiative=transportation&page_size=2&page=2"
    listing = validate(openapi, "/api/v1/cities/", path, client)
    assert listing["previous"] and listing["next"]


def test_the_data_package_matches_the_schema(openapi, client):
    assert "/api/v1/datapackage.json" in openapi["paths"]
    for path in ("/api/v1/datapackage.json", "/api/v1/datapackage.json?lang=zh-hans"):
        package = validate(openapi, "/api/v1/datapackage.json", path, client)
        assert package["resources"][0]["schema"]["fields"]


def test_the_schema_gives_each_city_its_population_and_source(openapi):
    city = openapi["components"]["schemas"]["City"]["properties"]
    assert city["population"]["type"] == city["geonames_id"]["type"] == ["integer", "null"]
    source, none = city["population_source"]["oneOf"]
    assert set(source["properties"]) == {"name", "url", "licence", "data_date"}
    assert none == {"type": "null"}


def test_the_schema_documents_the_directory_filters_as_repeatable(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/cities/"]["get"]["parameters"]}
    assert {"region", "initiative", "network", "accelerator", "country", "q"} <= set(parameters)
    assert parameters["region"]["schema"]["type"] == "array"
    assert {"page", "page_size"} <= set(parameters)


def test_the_schema_states_the_licence(openapi, settings):
    assert openapi["info"]["license"]["url"] == settings.OPEN_DATA_LICENCE["url"]


def test_the_schema_is_english_whatever_the_browser_asks(client):
    response = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    parameters = response.json()["paths"]["/api/v1/cities/"]["get"]["parameters"]
    assert {p["name"]: p.get("description") for p in parameters}["q"] == "Search"
    chinese = client.get("/api/v1/openapi.json?lang=zh-hans").json()
    parameters = chinese["paths"]["/api/v1/cities/"]["get"]["parameters"]
    assert {p["name"]: p.get("description") for p in parameters}["q"] == "搜索"
