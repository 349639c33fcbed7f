from django.conf import settings


def dataset_fixture_paths():
    """Every fixture file of the dataset, in load order."""
    return sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
