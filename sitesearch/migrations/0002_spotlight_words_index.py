"""PostgreSQL's full-text index of the spotlights' search words. The words are already cut
and stemmed (core/words.py), so the `tsvector` is built from them as they are
(`array_to_tsvector`, no parser or dictionary: Chinese and English alike), and a query asks
the index for whole words and words' beginnings (sitesearch/engine.py). SQLite, the embedded
default, compares the same words with LIKE."""

from django.db import migrations

INDEX = "spotlights_spotlight_search_words"
# Also written in sitesearch/engine.py, which must use the same expression for the index to serve.
DOCUMENT = "array_to_tsvector(string_to_array(btrim(search_words), ' '))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON spotlights_spotlight USING gin ({DOCUMENT})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0001_trigram_indexes"),
        ("spotlights", "0014_search_words"),
    ]

    operations = [migrations.RunPython(create, drop)]
