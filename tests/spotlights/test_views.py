import pytest
from django.utils import translation

from spotlights.body import render_body
from spotlights.models import Spotlight
from tests.rows import each

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # 97 spotlights × 2 languages
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_published_spotlight_answers_in_both_languages(client, language):
    for spotlight in each(Spotlight.objects.published()):
        with translation.override(language):
            url = spotlight.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200, url
        body = getattr(spotlight, f"body_{language.replace('-', '_')}")
        assert render_body(body) in response.content.decode()


def test_a_draft_spotlight_is_a_404(client):
    spotlight = Spotlight.objects.first()
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert client.get(spotlight.get_absolute_url()).status_code == 404


def test_chinese_spotlight_page_has_no_english_labels(client):
    spotlight = Spotlight.objects.get(city__slug="shenzhen")
    with translation.override("zh-hans"):
        url = spotlight.get_absolute_url()
    html = client.get(url).content.decode()
    assert spotlight.title_zh_hans in html and "交通" in html
    assert "Initiative areas" not in html and "Source:" not in html
    assert spotlight.title_en not in html


def test_spotlight_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    url = Spotlight.objects.get(city__slug="shenzhen").get_absolute_url()
    # The spotlight, its areas and images; the city's other spotlights (none here); other
    # cities' related spotlights (ranked on ids, then read), their areas and their images.
    with django_assert_num_queries(8):
        client.get(url)
