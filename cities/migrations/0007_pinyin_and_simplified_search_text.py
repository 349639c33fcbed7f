"""The directory's search text gains the pinyin of each Chinese name ("lundun" finds 伦敦) and
is kept in Simplified characters (a Traditional query is folded the same way)."""

import re
import unicodedata

import opencc
from django.db import migrations
from pypinyin import lazy_pinyin

# Frozen here as computed when this migration was written (the live code: core/search.py and
# City.search_value).
WORD = re.compile(r"\w+")
CONVERTER = opencc.OpenCC("t2s")


def normalize(text):
    decomposed = unicodedata.normalize("NFKD", CONVERTER.convert(text))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(stripped.casefold()))


def search_text(row):
    chinese = row.name_zh_hans or ""
    pinyin = "".join(lazy_pinyin(chinese, errors="ignore")) if chinese else ""
    values = [row.name_en or "", f"{chinese} {pinyin}".strip(), row.alternative_names or ""]
    return normalize(" ".join(values))


def fill(apps, schema_editor):
    City = apps.get_model("cities", "City")
    rows = list(City.objects.all())
    for row in rows:
        row.search_text = search_text(row)
    City.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("cities", "0006_city_sort_indexes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
