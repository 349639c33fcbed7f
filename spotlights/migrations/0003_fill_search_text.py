import re
import unicodedata

from django.db import migrations

# Frozen here as the search text was computed when this migration was written (the live
# code is core/search.py, which may change): accents stripped, case folded, words kept.
WORD = re.compile(r"\w+")


def normalize(text):
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(stripped.casefold()))


def fill_search_text(model, field_names):
    rows = list(model.objects.all())
    for row in rows:
        values = (getattr(row, name) or "" for name in field_names)
        row.search_text = normalize(" ".join(str(value) for value in values))
    model.objects.bulk_update(rows, ["search_text"], batch_size=500)

FIELDS = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans", "body_en", "body_zh_hans")


def fill(apps, schema_editor):
    fill_search_text(apps.get_model("spotlights", "Spotlight"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0002_spotlight_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
