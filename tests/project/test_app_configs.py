import pytest
from django.apps import apps

from core.apps import ContentAppConfig

PROJECT_APPS = ["core", "cities", "networks", "spotlights", "ops"]
CONTENT_APPS = ["cities", "networks", "spotlights"]


@pytest.mark.parametrize("label", PROJECT_APPS)
def test_each_app_runs_its_own_config(label):
    # A config class imported into an apps module (a shared base) can make Django fall back to
    # a bare AppConfig: the app's ready() and its receivers would then never run.
    assert type(apps.get_app_config(label)).__module__ == f"{label}.apps"


def test_the_content_apps_are_those_whose_rows_the_public_pages_show():
    content = [c.label for c in apps.get_app_configs() if isinstance(c, ContentAppConfig)]
    assert content == CONTENT_APPS
