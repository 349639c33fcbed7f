"""The fleet test's parts that need no server: nginx's config from deploy/nginx.conf, the
change form as Chromium would submit it, and the reading of pages, logs and verdicts."""

import copy
import json
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from bench import browser, fleet, fleet_checks, nginx
from bench.editor import Editor, EditorError, add_inline_form

CHANGE_FORM = """\
<form id="logout-form" method="post" action="/staff/logout/">
<input type="hidden" name="csrfmiddlewaretoken" value="logout-token"></form>
<form enctype="multipart/form-data" method="post" id="spotlight_form" novalidate>
<input type="hidden" name="csrfmiddlewaretoken" value="tok3n">
<select name="city" required id="id_city"><option value="7" selected>Abidjan</option></select>
<input type="text" name="title_en" value="Floods &amp; heat" maxlength="150">
<input type="text" name="title_zh_hans" value="洪水预警">
<textarea name="body_en" cols="40" rows="10">
&lt;p&gt;First line
second line&lt;/p&gt;</textarea>
<textarea name="body_zh_hans"></textarea>
<input type="checkbox" name="initiative_areas" value="1" checked>
<input type="checkbox" name="initiative_areas" value="2">
<input type="checkbox" name="initiative_areas" value="4" checked>
<input type="radio" name="layout" value="wide">
<input type="radio" name="layout" value="narrow" checked>
<select name="status" id="id_status">
  <option value="draft" selected>Draft</option>
  <option value="published">Published</option>
</select>
<select name="size"><option>small</option><option>large</option></select>
<select name="tags" multiple><option value="a" selected>A</option><option value="b">B</option>
<option value="c" selected>C</option></select>
<input type="text" name="locked" value="x" disabled>
<input type="hidden" name="seen_version" value="3">
<input type="hidden" name="images-TOTAL_FORMS" value="1" id="id_images-TOTAL_FORMS">
<input type="hidden" name="images-INITIAL_FORMS" value="1" id="id_images-INITIAL_FORMS">
<input type="hidden" name="images-0-id" value="12">
<input type="file" name="images-0-image" accept="image/jpeg,image/png,image/webp">
<input type="text" name="images-__prefix__-alt_en" value="">
<input type="number" name="images-__prefix__-position" value="0">
<input type="hidden" name="images-__prefix__-id">
<input type="hidden" name="images-__prefix__-spotlight" value="5">
<input type="file" name="images-__prefix__-image">
<input type="submit" value="Save" name="_save"><button type="submit" name="_continue">Go</button>
</form>
"""


def test_the_rendered_config_has_both_app_servers_the_retry_and_no_placeholder_left(tmp_path):
    values = nginx.site_values(listen_port=8400, app_ports=[8401, 8402], log_dir=tmp_path)

    config = nginx.render(nginx.TEMPLATE.read_text(), values)

    upstream = re.search(r"upstream c40_app \{(.*?)\}", config, re.S).group(1)
    assert re.search(r"server 127\.0\.0\.1:8401 max_fails=\d+ fail_timeout=\d+s;", upstream)
    assert re.search(r"server 127\.0\.0\.1:8402 max_fails=\d+ fail_timeout=\d+s;", upstream)
    assert "keepalive" in upstream
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in config
    assert re.search(r"proxy_next_upstream_tries [1-9]", config)
    assert "listen 127.0.0.1:8400;" in config
    for header in ("Host $http_host", "X-Forwarded-For $proxy_add_x_forwarded_for"):
        assert f"proxy_set_header {header};" in config
    assert "proxy_set_header X-Request-ID $request_id;" in config
    assert f"access_log {tmp_path}/c40-access.log c40_upstream;" in config
    assert not nginx.PLACEHOLDER.search(config)


def test_a_placeholder_without_a_value_is_refused():
    with pytest.raises(nginx.BenchError, match="C40_APP_SERVER_2"):
        nginx.render(
            "server ${C40_APP_SERVER_1}; server ${C40_APP_SERVER_2};",
            {"C40_APP_SERVER_1": "127.0.0.1:8401"},
        )


def test_nginx_s_own_variables_are_left_alone():
    assert nginx.render("${C40_LISTEN} $host ${request_id}", {"C40_LISTEN": "80"}) == (
        "80 $host ${request_id}"
    )


@pytest.mark.skipif(not nginx.find_nginx(), reason="nginx is not installed")
def test_nginx_accepts_the_config(tmp_path):
    values = nginx.site_values(listen_port=8419, app_ports=[8417, 8418], log_dir=tmp_path)
    config = nginx.write_config(tmp_path, values)

    done = subprocess.run(
        [
            nginx.find_nginx(),
            "-t",
            "-p",
            f"{tmp_path}/",
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def tab():
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"{browser.CHROMIUM} is not installed")
    with browser.blank_tab() as blank_tab:
        yield blank_tab


@pytest.mark.slow
def test_the_form_sends_what_a_browser_sends(tab):
    offered, pairs = browser.read_form(tab, CHANGE_FORM, "#spotlight_form")
    fields = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)

    assert fields["csrfmiddlewaretoken"] == ["tok3n"]  # not the logout form's
    assert fields["city"] == ["7"]
    assert fields["title_en"] == ["Floods & heat"]
    assert fields["title_zh_hans"] == ["洪水预警"]
    assert fields["body_en"] == ["<p>First line\nsecond line</p>"]
    assert fields["body_zh_hans"] == [""]
    assert fields["initiative_areas"] == ["1", "4"]
    assert fields["layout"] == ["narrow"]
    assert fields["status"] == ["draft"]
    assert fields["size"] == ["small"]  # none selected: the first option, by its text
    assert fields["tags"] == ["a", "c"]
    assert fields["seen_version"] == ["3"]
    assert fields["images-__prefix__-id"] == [""]
    for absent in ("locked", "_save", "_continue", "images-0-image", "images-__prefix__-image"):
        assert absent not in fields
    assert offered["status"] == ["draft", "published"]
    assert offered["initiative_areas"] == ["1", "2", "4"]


@pytest.mark.slow
def test_a_required_field_missing_from_the_form_is_an_editor_error(tab):
    editor = Editor("http://127.0.0.1:8401", "someone", "secret", "staff/", tab)

    with pytest.raises(EditorError, match="no field slug"):
        editor.form(CHANGE_FORM, "#spotlight_form", "title_en", "slug")
    with pytest.raises(EditorError, match="no form #login-form"):
        editor.form(CHANGE_FORM, "#login-form")


def test_a_photo_is_added_as_the_next_inline_form_from_its_template():
    pairs = [
        ("images-TOTAL_FORMS", "1"),
        ("images-0-id", "12"),
        ("images-__prefix__-alt_en", ""),
        ("images-__prefix__-position", "0"),
        ("images-__prefix__-id", ""),
        ("images-__prefix__-spotlight", "5"),
    ]
    photo = ("p.jpg", b"\xff\xd8", "image/jpeg")

    pairs, files = add_inline_form(pairs, "images", {"image": photo, "alt_en": "A roof"})

    fields = dict(pairs)
    assert fields["images-TOTAL_FORMS"] == "2"
    assert fields["images-1-alt_en"] == "A roof"
    assert fields["images-1-position"] == "0"
    assert fields["images-1-id"] == ""
    assert fields["images-1-spotlight"] == "5"
    assert fields["images-0-id"] == "12"
    assert files == {"images-1-image": photo}


@pytest.mark.slow
def test_the_admin_s_error_messages_are_read(tab):
    page = """<p class="errornote">Please correct the error below.</p>
    <ul class="errorlist" id="id_title_en_error"><li>Give it a &lt;title&gt;.</li></ul>
    <ul class="errorlist nonfield"><li>Not saved: someone else saved it.</li></ul>"""

    assert browser.texts(tab, page, ".errornote, .errorlist") == [
        "Please correct the error below.",
        "Give it a <title>.",
        "Not saved: someone else saved it.",
    ]


def test_the_photo_is_a_jpeg_wide_enough_for_the_site():
    with Image.open(BytesIO(fleet.photo_jpeg())) as image:
        assert image.format == "JPEG"
        assert image.width >= 480


@pytest.mark.slow
def test_only_images_from_the_bucket_count_with_every_srcset_size(tab):
    media = "http://127.0.0.1:9400/c40-fleet-media/"
    page = f"""<img src="/static/logo.svg" alt="">
    <img src="{media}spotlights/2026/a.jpg" srcset="{media}v/a-480w.webp 480w,
     {media}v/a-960w.webp 960w" alt="A roof &amp; sky">"""

    assert fleet_checks.bucket_images(tab, page, media) == [
        {
            "src": f"{media}spotlights/2026/a.jpg",
            "srcset": [f"{media}v/a-480w.webp", f"{media}v/a-960w.webp"],
            "alt": "A roof & sky",
        }
    ]


def test_nginx_s_access_log_tells_the_server_and_the_retries(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        '127.0.0.1 [x] "GET /en/ HTTP/1.1" 200 9 rt=0.004 upstream=127.0.0.1:8401 '
        "ustatus=200 request_id=aa\n"
        '127.0.0.1 [x] "GET /en/ HTTP/1.1" 200 9 rt=0.004 upstream=127.0.0.1:8402, '
        "127.0.0.1:8401 ustatus=502, 200 request_id=bb\n"
        '127.0.0.1 [x] "GET /en/ HTTP/1.1" 200 9 rt=0.004 upstream=127.0.0.1:8402 '
        "ustatus=200 request_id=cc\n"
    )
    names = {"127.0.0.1:8401": "app1", "127.0.0.1:8402": "app2"}

    summary, ids = fleet_checks.read_access_log(log, names)

    assert summary == {"answered": {"app1": 2, "app2": 1}, "retried": 1}
    assert ids == {"aa", "bb", "cc"}


def test_request_records_and_errors_are_read_from_the_json_log(tmp_path):
    record = {"logger": "c40site.requests", "level": "INFO", "method": "GET", "status": 200}
    lines = [
        "[2026-11-25 10:00:00 +0000] [1] [INFO] Booting worker with pid: 2",
        json.dumps({**record, "path": "/en/spotlights/a/", "instance": "app1"}),
        json.dumps({**record, "path": "/en/spotlights/a/", "status": 404, "instance": "app1"}),
        json.dumps({**record, "path": "/en/", "instance": "app1"}),
        json.dumps({**record, "path": "/en/x/", "level": "WARNING", "status": 502}),
        json.dumps({"level": "ERROR", "logger": "django.request", "message": "boom"}),
        "[2026-11-25 10:00:01 +0000] [1] [ERROR] Worker (pid:2) was sent SIGKILL!",
    ]
    (tmp_path / "app1.log").write_text("\n".join(lines) + "\n")
    (tmp_path / "app2.log").write_text("")
    paths = {"app1": tmp_path / "app1.log", "app2": tmp_path / "app2.log"}

    served = fleet_checks.request_records(paths, {"/en/spotlights/a/"})
    errors = fleet_checks.log_errors(paths)

    assert {name: len(records) for name, records in served.items()} == {"app1": 1}
    assert len(errors["app1"]) == 3
    assert errors["app2"] == []


def clean_findings():
    return {
        "titles": {"en": "Fleet check 0a1b2c", "zh-hans": "集群检查 0a1b2c"},
        "editor": {"admin_responses": [], "session_error": None, "edit_error": None},
        "reads": {"reads": 200, "showing": 200, "failures": {}, "statuses": {200: 200}},
        "lists": {"en": True, "zh-hans": True},
        "images": [{"alt": "en", "ok": True}, {"url": "http://s3/a.jpg", "ok": True}],
        "served": {"app1": 101, "app2": 99},
        "request_ids": {"records": 200, "from_nginx": 200},
        "replica_connections": {"connections": 4, "reading_content": 3},
        "log_errors": {"app1": [], "app2": []},
        "kill": {"during": {200: 80}, "after": {200: 100}, "readyz": 200},
        "nginx": {"answered": {"app1": 300, "app2": 120}, "retried": 2},
        "redis": {"maxmemory": 268435456, "policy": "allkeys-lru"},
    }


def failed(checks):
    return {check["target"] for check in checks if not check["passed"]}


def test_a_clean_run_passes_every_verdict():
    checks = fleet_checks.evaluate(clean_findings())

    assert failed(checks) == set()
    assert len(checks) == 14


def test_a_5xx_while_a_server_dies_fails_the_run():
    findings = clean_findings()
    findings["kill"]["during"] = {200: 79, 502: 1}

    assert failed(fleet_checks.evaluate(findings)) == {
        "zero 5xx through nginx while app2 died",
        "every read during and after the kill 2xx",
    }


def test_a_kill_nginx_never_noticed_fails_the_run():
    findings = clean_findings()
    findings["nginx"]["retried"] = 0

    assert failed(fleet_checks.evaluate(findings)) == {
        "nginx retried app2's requests on the other server"
    }


def test_a_read_without_an_answer_fails_the_run():
    findings = clean_findings()
    findings["kill"]["after"] = {200: 99, None: 1}

    assert failed(fleet_checks.evaluate(findings)) == {"every read during and after the kill 2xx"}


def test_one_server_serving_every_read_fails_the_run():
    findings = clean_findings()
    findings["served"] = {"app1": 200}

    assert failed(fleet_checks.evaluate(findings)) == {
        "both servers served reads (JSON request log)"
    }


def test_an_old_page_or_a_failed_save_fails_the_run():
    findings = clean_findings()
    findings["reads"]["showing"], findings["reads"]["failures"] = 199, {"zh-hans 200": 1}
    findings["editor"]["session_error"] = "http://127.0.0.1:8402/staff-fleet/ answered 302"

    assert failed(fleet_checks.evaluate(findings)) == {
        "app1's session opens the admin on app2",
        "every read at once: 200, new title, photo in the bucket",
    }


def test_no_replica_connection_or_an_error_line_fails_the_run():
    findings = clean_findings()
    findings["replica_connections"] = {"connections": 4, "reading_content": 0}
    findings["log_errors"]["app2"] = ["ERROR permission denied for table cities_city"]

    assert failed(fleet_checks.evaluate(findings)) == {
        "public pages read through the read-only replica role",
        "zero ERROR lines or 5xx in the servers' logs",
    }


def test_evaluate_does_not_change_its_input():
    findings = clean_findings()
    before = copy.deepcopy(findings)

    fleet_checks.evaluate(findings)

    assert findings == before


def test_the_reader_role_is_named_for_its_database():
    assert fleet.reader_role("c40_bench_fleet") == "c40_bench_fleet_reader"


def test_the_database_name_must_contain_bench():
    with pytest.raises(SystemExit):
        fleet.parse_args(["--database", "c40"])


def test_every_server_gets_the_bucket_and_the_json_log_instead_of_the_access_log():
    options = fleet.parse_args(["--s3-port", "9411"])
    env = fleet.fleet_env({"C40_ACCESS_LOG": "-", "DATABASE_URL": "postgres://x"}, options)

    assert "C40_ACCESS_LOG" not in env
    assert env["DATABASE_URL"] == "postgres://x"
    assert env["AWS_S3_ENDPOINT_URL"] == "http://127.0.0.1:9411"
    assert env["AWS_STORAGE_BUCKET_NAME"] == fleet.BUCKET
    assert (env["C40_LOG_FORMAT"], env["DJANGO_ADMIN_URL"]) == ("json", fleet.ADMIN_URL)
    assert fleet.PUBLIC_READ["Statement"][0]["Resource"] == f"arn:aws:s3:::{fleet.BUCKET}/*"
