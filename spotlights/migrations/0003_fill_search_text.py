from django.db import migrations

from cities.search import fill_search_text

FIELDS = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans", "body_en", "body_zh_hans")


def fill(apps, schema_editor):
    fill_search_text(apps.get_model("spotlights", "Spotlight"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0002_spotlight_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
