"""Helpers for posting the spotlight admin forms as a browser would."""


def change_form_data(spotlight, **changes):
    """What the admin's change form posts for `spotlight`, with `changes` typed over it."""
    data = {
        "city": spotlight.city_id,
        "initiative_areas": [area.pk for area in spotlight.initiative_areas.all()],
        "status": spotlight.status,
        "published_at_0": spotlight.published_at.strftime("%Y-%m-%d")
        if spotlight.published_at
        else "",
        "published_at_1": spotlight.published_at.strftime("%H:%M:%S")
        if spotlight.published_at
        else "",
        "slug": spotlight.slug,
        "seen_version": spotlight.version,
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    for field in ("title", "summary", "body", "source", "key_figure", "key_figure_label"):
        for language in ("en", "zh_hans"):
            name = f"{field}_{language}"
            data[name] = getattr(spotlight, name) or ""
    data.update(changes)
    return data
