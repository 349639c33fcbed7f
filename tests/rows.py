import json

from modeltranslation.translator import translator

from cities.dataset import dataset_fixture_paths


def each(rows):
    """The rows of a queryset (or any iterable) as a list, never empty: a test that loops over
    no rows checks nothing and still passes."""
    found = list(rows)
    assert found, "no rows to check"
    return found


def translated_fields_of_the_dataset():
    """(model, field) of every translated field of the models the dataset has rows of (it has
    no photos: editors add those, and the upload form checks them)."""
    shipped = {
        row["model"] for path in dataset_fixture_paths() for row in json.loads(path.read_text())
    }
    for model in translator.get_registered_models():
        if model._meta.label_lower in shipped:
            for field in sorted(translator.get_options_for_model(model).fields):
                yield model, field
