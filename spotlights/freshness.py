"""Translation freshness: whether each field's text in one language still matches the other.

For every written field and language, `translation_sync` keeps the other language's text as it
was when this one was last written or confirmed ("source"), with the spotlight's version then.
When the other language's text differs from that source, this translation is out of date, and
the difference between the two is what changed since. The public page is never held back.

A field written while the other language was still empty is a first translation, not a change:
its source is taken when the other language is first written.
"""

from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from core.languages import language_codes
from spotlights.diffs import marked_difference, readable_text
from spotlights.models import WRITTEN_FIELDS, field_label


def other_language(code):
    return next(other for other in language_codes() if other != code)


def sync_key(field, code):
    return f"{field}:{code}"


def columns(field, code):
    return (
        build_localized_fieldname(field, code),
        build_localized_fieldname(field, other_language(code)),
    )


def updated_sync(*, before, after, sync, version, confirmed=()):
    """The sync record after a save that turned the texts `before` into `after` (dicts of
    columns); `confirmed`: (field, language) pairs an editor declared still in line."""

    def rewritten(column):
        return (after.get(column) or "") != (before.get(column) or "")

    # Never recorded (loaded from the fixtures): in line with the text before this save.
    known = {
        sync_key(field, code): sync.get(sync_key(field, code))
        or {"source": before.get(columns(field, code)[1]) or "", "version": version}
        for field in WRITTEN_FIELDS
        for code in language_codes()
    }
    catching_up = set(out_of_date(before, known))
    updated = {}
    for field in WRITTEN_FIELDS:
        for code in language_codes():
            own, other = columns(field, code)
            key = sync_key(field, code)
            entry = known[key]
            # Brought in line: rewritten or confirmed here, or its source was being brought in
            # line with it (a translation catching up is no change to translate back).
            in_line = (
                rewritten(own)
                or (field, code) in confirmed
                or not entry["source"]
                or (rewritten(other) and (field, other_language(code)) in catching_up)
            )
            if in_line:
                entry = {"source": after.get(other) or "", "version": version}
            updated[key] = entry
    return updated


def out_of_date(values, sync):
    """[(field, language)] written in that language whose source has changed since."""
    stale = []
    for field in WRITTEN_FIELDS:
        for code in language_codes():
            own, other = columns(field, code)
            entry = sync.get(sync_key(field, code))
            if not values.get(own) or not entry or not entry["source"]:
                continue
            if entry["source"] != (values.get(other) or ""):
                stale.append((field, code))
    return stale


def stale_translations(values, sync):
    """What the change form shows of each out-of-date translation: its column, label, the
    source language and the source's changes since (HTML)."""
    found = []
    for field, code in out_of_date(values, sync):
        own, other = columns(field, code)
        entry = sync[sync_key(field, code)]
        source_code = other_language(code)
        found.append(
            {
                "field": field,
                "language": code,
                "column": own,
                "label": field_label(own),
                "source_label": field_label(other),
                "version": entry["version"],
                "changes": marked_difference(
                    readable_text(other, entry["source"]),
                    readable_text(other, values.get(other) or ""),
                    source_code,
                ),
            }
        )
    return found


def confirmation_label(field, code):
    return gettext("%(field)s still matches: mark it up to date") % {
        "field": field_label(build_localized_fieldname(field, code))
    }
