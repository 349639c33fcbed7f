"""Every kind of public page is valid HTML in both languages, as the W3C Nu HTML Checker
(vnu.jar, the validator behind validator.w3.org/nu) reads it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # slow: runs the Nu HTML Checker (Java)

VALIDATOR_DIR = Path(__file__).parents[1] / "html_validator"
VNU_JAR = VALIDATOR_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGE_KINDS = {
    "home": "/{lang}/",
    "directory": "/{lang}/cities/",
    "filtered-directory": "/{lang}/cities/?region=europe&initiative=energy&q=a",
    "directory-without-results": "/{lang}/cities/?q=zzzz",
    "city": "/{lang}/cities/beijing/",
    "city-with-networks": "/{lang}/cities/london/",
    "regions": "/{lang}/regions/",
    "region": "/{lang}/regions/europe/",
    "spotlights": "/{lang}/spotlights/",
    "spotlights-without-results": "/{lang}/spotlights/?q=zzzz",
    "spotlight": "/{lang}/spotlights/beijing-cleaner-air-by-phasing-out-coal/",
    "initiative-areas": "/{lang}/initiatives/",
    "initiative-area": "/{lang}/initiatives/energy/",
    "networks": "/{lang}/networks/",
    "network": "/{lang}/networks/cool-cities/",
    "accelerators": "/{lang}/accelerators/",
    "accelerator": "/{lang}/accelerators/clean-air/",
    "about": "/{lang}/about/",
    "sources": "/{lang}/sources/",
    "search": "/{lang}/search/?q=buses",
    "search-without-results": "/{lang}/search/?q=qwertzberlin",
    "not-found": "/{lang}/cities/atlantis/",
}


@pytest.fixture(scope="session")
def vnu():
    """The validator's command line; installs the pinned vnu-jar with npm on first use."""
    if shutil.which("java") is None:
        pytest.fail("The HTML checker needs Java (Debian: apt-get install default-jre-headless).")
    if not VNU_JAR.exists():
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=VALIDATOR_DIR,
            check=True,
        )
    return ["java", "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def validation_errors(vnu, files):
    result = subprocess.run([*vnu, *map(str, files)], capture_output=True, text=True, check=False)
    report = json.loads(result.stderr or '{"messages": []}')
    return [
        f"{Path(message['url']).name}:{message.get('lastLine')}: {message['message']} "
        f"[{message.get('extract', '').strip()[:120]}]"
        for message in report["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_kind_is_valid_html(client, vnu, tmp_path, language):
    files = []
    for kind, path in PAGE_KINDS.items():
        response = client.get(path.format(lang=language))
        assert response.status_code == (404 if kind == "not-found" else 200), kind
        page = tmp_path / f"{kind}.html"
        page.write_bytes(response.content)
        files.append(page)
    assert validation_errors(vnu, files) == []


def test_the_checker_reports_an_invalid_page(vnu, tmp_path):
    page = tmp_path / "invalid.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><form action=""></form>')
    assert any("action" in error for error in validation_errors(vnu, [page]))
