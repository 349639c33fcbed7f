"""Each spotlight's search words (English words and stems, Chinese cut by jieba), read by
site search. Filled with the live tokenizer (core/words.py): cutting Chinese needs jieba's
dictionary, which a frozen copy here could not carry; a later change of the tokenizer ships its
own refill."""

from django.db import migrations, models

from core.words import text_words

BATCH_SIZE = 500


def fill(apps, schema_editor):
    Spotlight = apps.get_model("spotlights", "Spotlight")
    batch = []
    for spotlight in Spotlight.objects.only("pk", "search_text").iterator(chunk_size=BATCH_SIZE):
        spotlight.search_words = text_words(spotlight.search_text)
        batch.append(spotlight)
        if len(batch) == BATCH_SIZE:
            Spotlight.objects.bulk_update(batch, ["search_words"])
            batch = []
    Spotlight.objects.bulk_update(batch, ["search_words"])


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0013_editorial_workflow")]

    operations = [
        migrations.AddField(
            model_name="spotlight",
            name="search_words",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
