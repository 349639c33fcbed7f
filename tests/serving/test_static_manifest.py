"""The static files' manifest (staticfiles.json, every file and its hashed name) is not served:
production keeps it beside STATIC_ROOT, where WhiteNoise does not look."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.test import Client

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3Rq8vZ-production-like-secret-key-of-sixty-characters-xYw2",
    "DJANGO_ALLOWED_HOSTS": "c40.example.org",
    "C40_PUBLIC_URL": "https://c40.example.org",
}
WHERE_IS_THE_MANIFEST = """
import json
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
print(json.dumps({
    "static_root": str(settings.STATIC_ROOT),
    "manifest": staticfiles_storage.manifest_storage.path(staticfiles_storage.manifest_name),
}))
"""


def production_paths():
    """STATIC_ROOT and the manifest's path under the production settings."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "C40_"))}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="c40site.settings")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", WHERE_IS_THE_MANIFEST],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_production_keeps_the_manifest_outside_what_whitenoise_serves():
    paths = production_paths()

    assert not Path(paths["manifest"]).is_relative_to(paths["static_root"])


@pytest.mark.django_db  # the 404 page is rendered by the site
def test_collected_files_are_served_but_not_the_manifest(tmp_path, settings):
    """collectstatic as production runs it, then what a visitor gets from /static/."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
            "OPTIONS": {"manifest_storage": FileSystemStorage(location=tmp_path / "manifest")},
        },
    }
    call_command("collectstatic", "--noinput", "-v", "0")
    hashed = staticfiles_storage.url("css/site.css")
    visitor = Client()  # WhiteNoise reads STATIC_ROOT when the client builds its middleware

    asset = visitor.get(hashed)
    asset.close()  # WhiteNoise streams the file

    assert hashed != "/static/css/site.css"
    assert asset.status_code == 200
    assert visitor.get("/static/staticfiles.json").status_code == 404
    assert not (tmp_path / "static" / "staticfiles.json").exists()
    assert (tmp_path / "manifest" / "staticfiles.json").exists()
