"""Chinese alternative names, public facts (also in fixtures/cities.json for new databases): a
visitor typing 汉城 or 西贡 finds the city. Each is added where missing, and the city's search
text computed again as in 0007."""

import importlib

from django.db import migrations

# The search text as 0007 froze it (its module name starts with a digit: imported by name).
SEARCH_TEXT = importlib.import_module("cities.migrations.0007_pinyin_and_simplified_search_text")

NAMES = {
    "seoul": "汉城",
    "ho-chi-minh-city": "西贡",
    "chennai": "马德拉斯",
    "tel-aviv-yafo": "特拉维夫",
    "washington-dc": "华盛顿",
    "tshwane": "比勒陀利亚",
    "dhaka-north": "达卡",
    "dhaka-south": "达卡",
}


def add_names(apps, schema_editor):
    City = apps.get_model("cities", "City")
    for row in City.objects.filter(slug__in=NAMES):
        names = [name.strip() for name in (row.alternative_names or "").split(";")]
        if NAMES[row.slug] in names:
            continue
        row.alternative_names = "; ".join(filter(None, [*names, NAMES[row.slug]]))
        row.search_text = SEARCH_TEXT.search_text(row)
        row.save(update_fields=["alternative_names", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("cities", "0007_pinyin_and_simplified_search_text")]

    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
