"""The load test: the production stack under 100 clients while an editor publishes a draft,
which must show within 5 s with no failed request (docs/load-test.md)."""

import concurrent.futures
import re
import secrets
import sys
import time
from collections import Counter

from bench import browser, server, services
from bench.common import (
    HOST,
    REPO,
    RESULTS_DIR,
    BenchError,
    conclude,
    listed,
    parse_wrk_args,
    positive,
    run_program,
    say,
    stack_parser,
    verdicts,
)
from bench.editor import WATCH_LIMIT, Editor, EditorError, is_success, watch
from bench.wrk import ensure_wrk, run_wrk

LUA_SCRIPT = REPO / "bench" / "load.lua"
ADMIN_URL = "staff-load/"  # not the default `admin/`, to exercise DJANGO_ADMIN_URL
EDITOR = "load-editor"
PUBLISH_AFTER = 20.0  # seconds into the load, at most a third of it
VISIBLE_BUDGET = 5.0  # seconds from the publish answered to the change served
SOCKET_ERROR_KINDS = ("connect", "read", "write", "timeout")


def parse_args(argv):
    parser = stack_parser("bench.load", __doc__, port=8300, database="c40_bench_load", redis_db=13)
    add = parser.add_argument
    add("--duration", type=positive, default=60, help="seconds of load (default 60)")
    add("--clients", type=positive, default=100, help="concurrent connections (default 100)")
    add("--timeout", type=positive, default=5, help="seconds before a request is an error (5)")
    return parse_wrk_args(parser, argv, "clients")


def prepare_site(env, password, editor=EDITOR):
    """The editor account, the draft and the public paths to load (prepare_bench_site)."""
    services.manage({**env, "C40_EDITOR_PASSWORD": password}, "create_editor", editor, "--noinput")
    return services.bench_site(env, "--draft-by", editor)


def check_before_publish(base, site, pages):
    """Each of `pages` answers 200; the draft's pages 404 and the spotlight lists omit it."""
    server.check_urls({path: base + path for path in pages})
    for language, path in site["draft"]["pages"].items():
        status = server.fetch(base + path)[0]
        if status != 404:
            raise BenchError(f"The draft {path} answered {status}, not 404, before publish.")
        list_path = site["draft"]["lists"][language]
        status, _headers, text = server.fetch(base + list_path)
        if status != 200 or f'href="{path}"' in text:
            raise BenchError(f"{list_path} answered {status} or lists the draft before publish.")
    say(f"\n{len(pages)} public URLs answer 200 (each now in the page cache); the draft")
    say(f"“{site['draft']['title']}” answers 404 and is absent from the spotlight lists.")


def publish_during_load(editor, site, load, load_started):
    """The editor signs in and publishes the draft while `load` (wrk's future) runs."""
    outcome = {"admin_responses": editor.responses, "error": None, "visible": {}}
    outcome["during_load"] = False
    try:
        editor.sign_in()
        published, changelist = editor.publish(site["draft"]["id"])
        outcome["published_after_s"] = round(published - load_started, 1)
        outcome["visible"] = watch(editor.base, site["draft"], published)
        outcome["during_load"] = not load.done()  # still loading once every view showed it
        editor.confirm(changelist)
    except EditorError as error:
        outcome["error"] = str(error)
    return outcome


LUA_STATUS = re.compile(r"^load-status (\d+) (\d+)$", re.MULTILINE)
LUA_ERRORS = re.compile(
    r"^load-errors connect (\d+) read (\d+) write (\d+) timeout (\d+) status (\d+)$", re.MULTILINE
)
LUA_MAX = re.compile(r"^load-latency-max-us (\d+)$", re.MULTILINE)


def parse_lua_report(text):
    """Responses per status, socket errors by kind and worst latency (ms) from bench/load.lua."""
    errors, maximum = LUA_ERRORS.search(text), LUA_MAX.search(text)
    if not errors or not maximum:
        raise ValueError("No load-errors or load-latency-max-us line: was bench/load.lua run?")
    counts = map(int, errors.groups()[: len(SOCKET_ERROR_KINDS)])
    return {
        "statuses": {int(status): int(count) for status, count in LUA_STATUS.findall(text)},
        "socket_error_kinds": dict(zip(SOCKET_ERROR_KINDS, counts, strict=True)),
        "max_ms": int(maximum.group(1)) / 1000,
    }


def status_classes(statuses):
    """{"2xx": count, ...} from {status: count}."""
    classes = Counter()
    for status, count in statuses.items():
        classes[f"{int(status) // 100}xx"] += count
    return dict(sorted(classes.items()))


def run_load(wrk, options, site, password):
    """wrk on every public page while the editor publishes: the load's and publish's results."""
    base = f"http://{HOST}:{options.port}"
    paths_file = RESULTS_DIR / "load-paths.txt"
    paths_file.write_text("".join(f"{path}\n" for path in site["pages"]))
    arguments = {"threads": options.threads, "connections": options.clients}
    arguments |= {"duration": options.duration, "timeout": options.timeout}
    publish_after = min(PUBLISH_AFTER, options.duration / 3)
    say(f"wrk: {options.clients} clients, {options.duration} s; publish {publish_after:.0f} s in")
    # Chromium (reading the admin's forms) starts before the load, not in the middle of it.
    with browser.blank_tab() as tab, concurrent.futures.ThreadPoolExecutor(1) as pool:
        editor = Editor(base, EDITOR, password, ADMIN_URL, tab)
        started = time.monotonic()
        load = pool.submit(run_wrk, wrk, f"{base}/", **arguments, script=(LUA_SCRIPT, paths_file))
        concurrent.futures.wait([load], timeout=publish_after)
        if load.done():
            load.result()  # wrk failed: its error
        publish = publish_during_load(editor, site, load, started)
        parsed, output = load.result()
    try:
        return {**parsed, **parse_lua_report(output)}, publish
    except ValueError as error:
        raise BenchError(f"Unreadable wrk output ({error}):\n{output}") from None


def evaluate(load, publish, gunicorn_errors):
    """The verdicts of one run; any not passed fails the load test."""
    kinds, admin = load["socket_error_kinds"], publish["admin_responses"]
    statuses = {int(status): count for status, count in load["statuses"].items()}
    bad = {status: count for status, count in statuses.items() if not is_success(status)}
    fives = sum(count for status, count in statuses.items() if status >= 500)
    answers = ", ".join(f"{r['request']} {r['status'] or '-'}" for r in admin) or "none"
    rows = [
        ("requests completed", load["requests"], load["requests"] > 0),
        ("zero socket errors and timeouts", listed(kinds), not any(kinds.values())),
        (
            "every response 2xx/3xx",
            listed(sorted(bad.items()), ": ") or "all",
            not bad and not load["non_2xx_3xx"],
        ),
        ("zero 5xx", fives, not fives),
        ("zero ERROR/CRITICAL lines in gunicorn's log", gunicorn_errors, not gunicorn_errors),
        (
            "admin responses 2xx/3xx",
            answers,
            bool(admin) and all(is_success(r["status"]) for r in admin),
        ),
        ("editor published", publish["error"] or "yes", not publish["error"]),
        ("published during the load", publish["during_load"], publish["during_load"]),
    ]
    for name, seen in (publish["visible"] or {}).items():
        value = f"{seen['s']:.2f} s" if seen else f"not within {WATCH_LIMIT:.0f} s"
        passed = seen is not None and seen["s"] <= VISIBLE_BUDGET
        rows.append((f"{name} shows it within {VISIBLE_BUDGET:.0f} s", value, passed))
    return verdicts(*rows)


def print_results(options, site, load, publish):
    kinds, classes = listed(load["socket_error_kinds"]), status_classes(load["statuses"])
    say(f"\nLoad: {options.clients} clients, {options.duration} s, {len(site['pages'])} URLs")
    say(f"  requests   {load['requests']} ({load['requests_per_second']:.1f} req/s)")
    say(
        f"  latency    p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms, "
        f"max {load['max_ms']:.1f} ms"
    )
    say(f"  errors     {kinds} (timeout: over {options.timeout} s)")
    say(f"  statuses   {listed(classes)}")
    say(f"  5xx        {classes.get('5xx', 0)}")
    say(f"\nEditor at /{ADMIN_URL}, publishing “{site['draft']['title']}”")
    for response in publish["admin_responses"]:
        request, path = response["request"], response["path"]
        say(f"  {request:<4} {path:<50} {response['status']} {response['s']} s")
    if "published_after_s" in publish:
        say(f"  published {publish['published_after_s']} s into the load")
    for name, seen in publish["visible"].items():
        shown = "not visible"
        if seen:
            shown = f"{seen['s']:.2f} s, request {seen['requests']} (page cache {seen['cache']})"
        say(f"  visible    {name}: {shown}")


def run(options, command_line):
    """The whole load test; its failed verdicts."""
    wrk, machine = ensure_wrk(), services.stack_machine(options.redis_db, command_line)
    log_path = RESULTS_DIR / "load-gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("")
    password, started = secrets.token_urlsafe(24), time.time()
    with services.stack(options.database, options.redis_db, options.keep) as env:
        env["DJANGO_ADMIN_URL"] = ADMIN_URL
        services.load_data(env, options.database)
        site = prepare_site(env, password)
        services.flush_redis(options.redis_db)
        with server.running_server(env, options.port, log_path):
            check_before_publish(f"http://{HOST}:{options.port}", site, site["pages"])
            load, publish = run_load(wrk, options, site, password)
            gunicorn_errors = len(server.log_errors(log_path))
    print_results(options, site, load, publish)
    return conclude(
        RESULTS_DIR / "load.json",
        evaluate(load, publish, gunicorn_errors),
        command_line,
        started,
        machine=machine,
        options=vars(options),
        urls=len(site["pages"]),
        load={**load, "status_classes": status_classes(load["statuses"])},
        publish=publish,
        gunicorn_errors=gunicorn_errors,
    )


def main(argv=None):
    return run_program("bench.load", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
