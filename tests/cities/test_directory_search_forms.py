"""The directory's own search matches as the site search does: Traditional characters,
pinyin and a misspelt name find the city."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["倫敦", "lundun", "lun dun", "LunDun"])
def test_the_directory_finds_london_by_traditional_characters_or_pinyin(client, query):
    response = client.get("/en/cities/", {"q": query})
    slugs = [city.slug for city in response.context["page_obj"]]
    assert slugs == ["london"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Bejing", "beijing"), ("Lndon", "london"), ("Rio de Janiero", "rio-de-janeiro")],
)
def test_the_directory_forgives_a_misspelt_name_as_site_search_does(client, query, expected):
    response = client.get("/en/cities/", {"q": query})
    assert [city.slug for city in response.context["page_obj"]] == [expected]


def test_a_name_held_by_another_is_not_taken_for_a_misspelling(client):
    # "Paris" is a name: the directory shows Paris, not the cities a letter away.
    response = client.get("/en/cities/", {"q": "Paris"})
    assert [city.slug for city in response.context["page_obj"]] == ["paris"]
