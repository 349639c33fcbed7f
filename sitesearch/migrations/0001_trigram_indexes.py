"""Trigram indexes (PostgreSQL's pg_trgm) for the searched texts: `LIKE '%…%'` on 20 000
spotlights read every body (tens of milliseconds a query); with a GIN trigram index it reads
the few rows that can match. SQLite, the embedded default, scans its small tables as before."""

from django.db import migrations

TABLES = ["spotlights_spotlight", "cities_city", "cities_country"]


def index_name(table):
    return f"{table}_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table)} "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("spotlights", "0013_editorial_workflow"),
        ("cities", "0007_pinyin_and_simplified_search_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
