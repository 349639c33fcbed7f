from django.db import migrations

from cities.search import fill_search_text


def fill(apps, schema_editor):
    fill_search_text(apps.get_model("cities", "Country"), ("name_en", "name_zh_hans"))
    fill_search_text(
        apps.get_model("cities", "City"), ("name_en", "name_zh_hans", "alternative_names")
    )


class Migration(migrations.Migration):
    dependencies = [("cities", "0002_city_search_text_country_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
