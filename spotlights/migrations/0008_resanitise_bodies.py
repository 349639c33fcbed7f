"""Sanitise the stored bodies again, and index their text rather than their markup.

The sanitiser used to turn nh3's "&amp;" back into "&", so a stored body could hold a link such
as `jav&#x61script:` that a browser follows as JavaScript. Pages re-sanitise when they render,
but the API hands out the stored HTML as it is. The search text indexed tag names, URLs and, now
that "&" is stored as "&amp;", the word "amp"; it is rebuilt from what a reader sees.
"""

import re
import unicodedata

from django.db import migrations

from spotlights.body import body_text, sanitize_body

WORD = re.compile(r"\w+")


def normalize(text):
    """Frozen copy of the search normalisation of the time (live: core/search.py)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(stripped.casefold()))

PLAIN_FIELDS = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
BODIES = ("body_en", "body_zh_hans")


def resanitise_bodies(apps, schema_editor):
    Spotlight = apps.get_model("spotlights", "Spotlight")
    rows = list(Spotlight.objects.all())
    for row in rows:
        for body in BODIES:
            setattr(row, body, sanitize_body(getattr(row, body)))
        texts = [getattr(row, name) or "" for name in PLAIN_FIELDS]
        texts += [body_text(getattr(row, body)) for body in BODIES]
        row.search_text = normalize(" ".join(texts))
    Spotlight.objects.bulk_update(rows, [*BODIES, "search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0007_chinese_punctuation")]

    operations = [migrations.RunPython(resanitise_bodies, migrations.RunPython.noop)]
