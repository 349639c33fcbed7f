import unicodedata

from django.db import migrations
from pypinyin import Style, lazy_pinyin


# Frozen here (not imported from core.collation) so the migration stays as it was written.
def latin_key(name):
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def pinyin_key(name):
    syllables = lazy_pinyin(name or "", style=Style.TONE3, neutral_tone_with_five=True)
    return latin_key(" ".join(s.strip() for s in syllables if s.strip()))


def fill(apps, schema_editor):
    for model_name in ("Network", "Accelerator"):
        model = apps.get_model("networks", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.sort_name_en = latin_key(row.name_en)[:300]
            row.sort_name_zh_hans = pinyin_key(row.name_zh_hans or row.name_en)[:300]
        model.objects.bulk_update(rows, ["sort_name_en", "sort_name_zh_hans"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_sort_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
