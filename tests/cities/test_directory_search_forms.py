"""The directory's own search folds a query as the site search does: Traditional characters
and pinyin find the city."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["倫敦", "lundun", "lun dun", "LunDun"])
def test_the_directory_finds_london_by_traditional_characters_or_pinyin(client, query):
    response = client.get("/en/cities/", {"q": query})
    slugs = [city.slug for city in response.context["page_obj"]]
    assert slugs == ["london"]
