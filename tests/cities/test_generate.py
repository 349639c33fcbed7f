import pytest
from django.core.management import call_command

from cities.models import City, Country
from networks.models import Accelerator, Network
from ops.generated import generate_directory, remove_generated
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

REAL_CITIES = 98


def generated_cities():
    return City.objects.filter(slug__startswith="generated-")


def generated_spotlights():
    return Spotlight.objects.filter(slug__startswith="generated-")


def test_generate_adds_cities_with_published_spotlights():
    spotlights_before = Spotlight.objects.published().count()

    counts = generate_directory(cities=50)

    assert counts["cities"] == 50
    assert counts["spotlights"] == 100
    assert City.objects.count() == REAL_CITIES + 50
    assert Spotlight.objects.published().count() == spotlights_before + 100
    assert Country.objects.filter(slug__startswith="generated-country-").count() == 1


def test_generated_rows_are_filled_in_both_languages():
    generate_directory(cities=20, spotlights_per_city=1)

    for city in generated_cities():
        assert city.name_en.startswith("Generated City ")
        assert city.name_zh_hans.startswith("生成城市")
        assert -90 <= city.latitude <= 90 and -180 <= city.longitude <= 180
        assert city.search_text
        assert 1 <= city.networks.count() <= 2
        assert city.accelerators.count() <= 1
    assert not generated_spotlights().missing_translation().exists()
    for spotlight in generated_spotlights():
        assert spotlight.is_published and spotlight.version == 1
        assert 1 <= spotlight.initiative_areas.count() <= 2
        assert spotlight.search_text


def test_generated_cities_spread_over_every_region():
    generate_directory(cities=14, spotlights_per_city=0)
    assert set(generated_cities().values_list("region__slug", flat=True)) == set(
        City.objects.exclude(slug__startswith="generated-").values_list("region__slug", flat=True)
    )


def test_generation_is_deterministic_for_a_seed():
    def snapshot():
        return list(
            generated_cities()
            .order_by("slug", "networks__slug", "accelerators__slug")
            .values_list(
                "slug",
                "region__slug",
                "latitude",
                "longitude",
                "networks__slug",
                "accelerators__slug",
            )
        )

    generate_directory(cities=10, seed=3)
    first = snapshot()
    remove_generated()
    generate_directory(cities=10, seed=3)
    assert snapshot() == first


def test_search_finds_a_generated_city_by_its_chinese_name():
    generate_directory(cities=10)
    assert "generated-7" in City.objects.search("生成城市7").values_list("slug", flat=True)


def test_directory_lists_generated_cities(client):
    generate_directory(cities=30)
    response = client.get("/en/cities/?q=generated")
    assert response.status_code == 200
    assert response.context["paginator"].count == 30
    assert "Generated City 1<" in response.text


def test_remove_generated_leaves_the_real_dataset():
    counts = {model: model.objects.count() for model in (Country, Spotlight, Network, Accelerator)}
    generate_directory(cities=60)

    remove_generated()

    assert City.objects.count() == REAL_CITIES
    assert not generated_spotlights().exists()
    assert {model: model.objects.count() for model in counts} == counts
    assert not Spotlight.history.model.objects.filter(slug__startswith="generated-").exists()


def test_remove_generated_deletes_the_history_of_edited_generated_spotlights():
    generate_directory(cities=1, spotlights_per_city=1)
    spotlight = generated_spotlights().get()
    spotlight.title_en = "Edited"
    spotlight.save()
    assert spotlight.history.exists()

    history = Spotlight.history.model
    areas = history._meta.get_field("historicalspotlight_initiative_areas").related_model
    assert areas.objects.filter(history__slug__startswith="generated-").exists()

    remove_generated()

    assert not history.objects.filter(slug__startswith="generated-").exists()
    assert not areas.objects.filter(history__slug__startswith="generated-").exists()


def test_command_generates_and_clears(capsys):
    call_command("generate_cities", "5", "--spotlights-per-city", "3", "--seed", "1")
    assert "5 cities" in capsys.readouterr().out
    assert generated_spotlights().count() == 15

    call_command("generate_cities", "0", "--clear")
    assert "Removed" in capsys.readouterr().out
    assert not generated_cities().exists()
