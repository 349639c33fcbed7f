"""The apps import one way: core → cities → networks → spotlights → site-wide features (ops,
sitesearch, the project package). A later app's models are named as strings
("networks.Network") where an earlier one needs them; a question about several apps lives on
the app that owns it."""

import ast
from pathlib import Path

from django.conf import settings

ORDER = ["core", "cities", "networks", "spotlights", "ops", "sitesearch", "c40site"]


def imported_modules(path):
    """Every module `path` imports, with its line, at any depth (a function-level import is
    a hidden dependency too)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def later_imports(app):
    rank = ORDER.index(app)
    for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, module in imported_modules(path):
            top = module.split(".")[0]
            if top in ORDER and ORDER.index(top) > rank:
                yield f"{path.relative_to(settings.BASE_DIR)}:{line} imports {module}"


def test_no_app_imports_a_later_one():
    found = [problem for app in ORDER for problem in later_imports(app)]
    assert found == []


def test_the_check_sees_an_import_that_goes_the_wrong_way(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def view():\n    from spotlights.models import Spotlight\n")
    assert list(imported_modules(Path(module))) == [(2, "spotlights.models")]
