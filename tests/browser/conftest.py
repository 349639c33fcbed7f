"""A real site in a real browser: a throw-away SQLite database loaded with the dataset, an
editor account made with `create_editor`, `runserver` on a free port, and Chromium driven by
Playwright's sync API. These tests never touch pytest-django's test database."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EDITOR_USERNAME = "browser-editor"
EDITOR_PASSWORD = "Climate-Editor-2026!"
SERVER_TIMEOUT = 60
DEFAULT_LOCALE = "zh-CN"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class Site:
    url: str
    username: str
    password: str
    env: dict = field(repr=False)
    log_path: Path = None

    def manage(self, *args, extra_env=None):
        """Run `manage.py` against the site's database; return its stdout."""
        env = {**self.env, **(extra_env or {})}
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def shell(self, code):
        """Run Python in `manage.py shell`; return the JSON its last output line holds."""
        lines = self.manage("shell", "-v", "0", "-c", code).strip().splitlines()
        return json.loads(lines[-1])

    def spotlight(self, **lookup):
        """pk, slug and texts of one spotlight, read straight from the database."""
        return self.shell(
            "import json\n"
            "from spotlights.models import Spotlight\n"
            f"s = Spotlight.objects.get(**{lookup!r})\n"
            "print(json.dumps({'pk': s.pk, 'slug': s.slug, 'status': s.status,"
            " 'title_en': s.title_en, 'title_zh_hans': s.title_zh_hans,"
            " 'summary_zh_hans': s.summary_zh_hans}))"
        )

    def admin_change_url(self, pk):
        return f"{self.url}/admin/spotlights/spotlight/{pk}/change/"

    def public_url(self, language, slug):
        return f"{self.url}/{language}/spotlights/{slug}/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(tmp, port):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # never a PostgreSQL database inherited from CI
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_DEBUG="true",
        # The server's own address: a browser follows the absolute links (og:image) it writes.
        C40_PUBLIC_URL=f"http://127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="c40site.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def catalogue_is_stale():
    """`make test` compiles the Chinese catalogue; compile it here only when it is missing."""
    po = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def wait_until_up(url, process, log_path):
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a starting server; the tests themselves never sleep
    pytest.fail(f"runserver did not answer {url}; its log:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-site")
    (tmp / "media").mkdir()
    port = free_port()
    built = Site(
        url=f"http://127.0.0.1:{port}",
        username=EDITOR_USERNAME,
        password=EDITOR_PASSWORD,
        env=site_env(tmp, port),
    )
    if catalogue_is_stale():
        built.manage("compilemessages", "--ignore=.venv*", "-v", "0")
    built.manage("migrate", "--noinput", "-v", "0")
    built.manage("load_dataset")
    built.manage(
        "create_editor",
        EDITOR_USERNAME,
        "--noinput",
        extra_env={"C40_EDITOR_PASSWORD": EDITOR_PASSWORD},
    )
    log_path = built.log_path = tmp / "runserver.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=built.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"{built.url}/en/", server, log_path)
            yield built
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
    # calls made by later (non-browser) tests in the same process.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run scripts/setup-env.sh as root to install it (and fonts-noto-cjk)."
        )
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(request, browser, site, tmp_path):
    marker = request.node.get_closest_marker("browser_locale")
    locale = marker.args[0] if marker else DEFAULT_LOCALE
    context = browser.new_context(locale=locale)
    context.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    opened = context.new_page()
    yield opened
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        path = tmp_path / "failure.png"
        opened.screenshot(path=path, full_page=True)
        print(f"screenshot of the failure: {path}")  # noqa: T201
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def visitor(browser):
    """A logged-out browser context, as a member of the public."""
    context = browser.new_context(locale="zh-CN")
    yield context
    context.close()
