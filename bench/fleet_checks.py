"""What the fleet test reads through nginx and in the logs, and the verdicts it draws."""

import concurrent.futures
import itertools
import os
import re
import signal
import threading
import time
from collections import Counter
from io import BytesIO

import requests
from PIL import Image

from bench import browser, server, services
from bench.common import listed, say, verdicts

INSTANCES = ("app1", "app2")
VICTIM = "app2"  # killed; the editor works through app1
READERS = 4  # concurrent reads through nginx
KILL_AFTER = 1.0  # seconds of reads with both servers up before the kill
# What `manage.py limit_redis_memory` sets: the cache's least recently used keys give way.
REDIS_POLICY = "allkeys-lru"
ACCESS_LINE = re.compile(r" upstream=(?P<upstream>.*?) ustatus=.*? request_id=(?P<id>\S+)$")


def bucket_images(tab, html, media):
    """The page's <img> tags whose src is in the bucket: [{src, srcset URLs, alt}]."""
    found = []
    for image in browser.images(tab, html):
        if image["src"].startswith(media):
            sizes = [
                candidate.split()[0]
                for candidate in image["srcset"].split(",")
                if candidate.strip()
            ]
            found.append({**image, "srcset": sizes})
    return found


def read_published(front, site, titles, media, reads, answered):
    """`reads` reads of the spotlight's page, languages in turn, READERS at a time, from the
    save `answered` (monotonic): how many showed the new title and a photo from the bucket;
    one such page per language."""
    pages = site["draft"]["pages"]
    languages = list(pages)

    def read(number):
        language = languages[number % len(languages)]
        status, _headers, text = server.fetch(front + pages[language])
        shows = status == 200 and titles[language] in text and f'src="{media}' in text
        seconds = round(time.monotonic() - answered, 3)
        return {"language": language, "status": status, "shows": shows, "s": seconds}, text

    with concurrent.futures.ThreadPoolExecutor(READERS) as pool:
        results = list(pool.map(read, range(reads)))
    failures = Counter(
        f"{read['language']} {read['status'] or 'no answer'}"
        for read, _text in results
        if not read["shows"]
    )
    return {
        "reads": reads,
        "statuses": dict(Counter(read["status"] for read, _text in results)),
        "showing": sum(read["shows"] for read, _text in results),
        "failures": dict(failures),
        "first_s": min(read["s"] for read, _text in results),
        "last_s": max(read["s"] for read, _text in results),
    }, {read["language"]: text for read, text in results if read["shows"]}


def check_lists(front, site, titles):
    shown = {}
    for language, path in site["draft"]["lists"].items():
        status, _headers, text = server.fetch(front + path)
        link = f'href="{site["draft"]["pages"][language]}"'
        shown[language] = status == 200 and link in text and titles[language] in text
    return shown


def fetch_bytes(url):
    try:
        response = requests.get(url, timeout=30)
    except requests.RequestException:
        return None, "", b""
    return response.status_code, response.headers.get("Content-Type", ""), response.content


def check_images(tab, pages_seen, media, alts):
    """Each language's photo and srcset sizes from the bucket: 200, an image type, bytes Pillow
    decodes; and its alt text."""
    checked, urls = [], {}
    for language, text in pages_seen.items():
        for image in bucket_images(tab, text, media):
            checked.append({"alt": language, "ok": image["alt"] == alts[language]})
            urls.update(dict.fromkeys([image["src"], *image["srcset"]]))
    for url in urls:
        status, content_type, body = fetch_bytes(url)
        entry = {"url": url, "status": status, "type": content_type, "ok": False}
        try:
            with Image.open(BytesIO(body)) as image:
                image.load()
                entry["decoded"] = f"{image.format} {image.width}×{image.height}"
            entry["ok"] = status == 200 and content_type.startswith("image/")
        except Exception as error:  # any failure to decode is the finding
            entry["decoded"] = f"not an image: {error}"
        checked.append(entry)
    return checked


def request_records(log_paths, paths):
    """The JSON request log's records of 200 answers for `paths`, by the instance they name."""
    served = {}
    for path in log_paths.values():
        records, _lines = server.read_log(path)
        for record in records:
            if (
                record.get("logger") == "c40site.requests"
                and record.get("path") in paths
                and record.get("status") == 200
            ):
                served.setdefault(record.get("instance"), []).append(record)
    return served


def log_errors(log_paths):
    """ERROR/CRITICAL records or lines and 5xx request records, per server."""
    return {name: server.log_errors(path) for name, path in log_paths.items()}


def read_access_log(path, names):
    """Requests answered per server (`names`: address to name), how many retried on another,
    and their ids, from nginx's c40_upstream log format."""
    answered, retried, ids = Counter(), 0, set()
    for line in path.read_text(errors="replace").splitlines():
        if match := ACCESS_LINE.search(line):
            tried = [address.strip() for address in re.split(r"[,:] (?=\S)", match["upstream"])]
            answered[names.get(tried[-1], tried[-1])] += 1
            retried += len(tried) > 1
            ids.add(match["id"])
    return {"answered": dict(answered), "retried": retried}, ids


def redis_memory(db):
    """The memory limit (bytes; 0: none) and eviction policy of the fleet's Redis."""
    info = services.redis_info(db, "memory")
    return {"maxmemory": int(info.get("maxmemory", 0)), "policy": info.get("maxmemory_policy")}


def read_while_killing(front, victim, pages, after):
    """Statuses of reads during and `after` the SIGKILL of `victim`'s process group, and
    /readyz's answer through nginx."""
    stop, during = threading.Event(), Counter()

    def keep_reading():
        for path in itertools.cycle(pages):
            if stop.is_set():
                return
            during[server.fetch(front + path)[0]] += 1

    reader = threading.Thread(target=keep_reading, daemon=True)
    reader.start()
    try:
        time.sleep(KILL_AFTER)
        os.killpg(victim.pid, signal.SIGKILL)
        paths = itertools.islice(itertools.cycle(pages), after)
        statuses = Counter(server.fetch(front + path)[0] for path in paths)
    finally:
        stop.set()
        reader.join(timeout=60)
    return {
        "during": dict(during),
        "after": dict(statuses),
        "readyz": server.fetch(front + "/readyz")[0],
    }


def evaluate(findings):
    """The verdicts of one run; any not passed fails the fleet test."""
    kill = kill_verdicts(findings["kill"], findings["nginx"]["retried"])
    return (
        edit_verdicts(findings)
        + sharing_verdicts(findings)
        + kill
        + cache_verdicts(findings)
        + schedule_verdicts(findings.get("schedule"))
    )


def schedule_verdicts(schedule):
    """The minute's schedule ran beside the fleet (on one server, as deployed) without error."""
    if schedule is None:
        return []
    return verdicts(
        (
            "run_schedule ran every minute, without error",
            f"{schedule['runs']} runs" + "".join(f"; {error}" for error in schedule["errors"]),
            schedule["runs"] > 0 and not schedule["errors"],
        ),
    )


def edit_verdicts(findings):
    """The editor's session on both servers, the save, and what the reads after it showed."""
    editor, lists, images = findings["editor"], findings["lists"], findings["images"]
    reads = findings["reads"] or {"reads": 0, "showing": 0, "failures": {}}
    failures = listed(reads["failures"], ": ")
    bad = [image.get("url") or f"alt ({image['alt']})" for image in images if not image["ok"]]
    return verdicts(
        (
            "app1's session opens the admin on app2",
            editor["session_error"] or "200",
            not editor["session_error"],
        ),
        (
            "change form saved (titles, photo, published)",
            editor["edit_error"] or "302",
            not editor["edit_error"],
        ),
        (
            "every read at once: 200, new title, photo in the bucket",
            f"{reads['showing']} of {reads['reads']}" + (f" ({failures})" if failures else ""),
            reads["reads"] > 0 and reads["showing"] == reads["reads"],
        ),
        (
            "spotlight lists show it",
            listed({language: "yes" if ok else "no" for language, ok in lists.items()}) or "-",
            bool(lists) and all(lists.values()),
        ),
        (
            "photo, its sizes and alt texts from the bucket",
            f"{len(images) - len(bad)} of {len(images)} good" + "".join(f", {b}" for b in bad),
            bool(images) and not bad,
        ),
    )


def sharing_verdicts(findings):
    """Both servers served, with nginx's request ids, through the replica role, without error."""
    served, ids = findings["served"], findings["request_ids"]
    connections, errors = findings["replica_connections"], findings["log_errors"]
    return verdicts(
        (
            "both servers served reads (JSON request log)",
            listed((name, served.get(name, 0)) for name in INSTANCES),
            all(served.get(name) for name in INSTANCES),
        ),
        (
            "their request ids are nginx's",
            f"{ids['from_nginx']} of {ids['records']}",
            ids["records"] > 0 and ids["from_nginx"] == ids["records"],
        ),
        (
            "public pages read through the read-only replica role",
            f"{connections['connections']} connections, {connections['reading_content']} "
            "last read content",
            connections["reading_content"] > 0,
        ),
        (
            "zero ERROR lines or 5xx in the servers' logs",
            listed((name, len(found)) for name, found in errors.items()),
            not any(errors.values()),
        ),
    )


def cache_verdicts(findings):
    """Redis cannot fill up: it has a memory limit and evicts the least recently used keys."""
    redis = findings["redis"]
    return verdicts(
        (
            f"Redis has a memory limit and {REDIS_POLICY}",
            f"maxmemory {redis['maxmemory']} bytes, {redis['policy']}",
            redis["maxmemory"] > 0 and redis["policy"] == REDIS_POLICY,
        )
    )


def kill_verdicts(kill, retried):
    """No read failed while a server died, and nginx did notice it died."""
    statuses = Counter(kill["during"]) + Counter(kill["after"])
    total = sum(statuses.values())
    fives = sum(count for status, count in statuses.items() if status and int(status) >= 500)
    not_2xx = total - sum(
        count for status, count in statuses.items() if status and 200 <= int(status) < 300
    )
    return verdicts(
        (f"zero 5xx through nginx while {VICTIM} died", f"{fives} of {total}", not fives),
        ("every read during and after the kill 2xx", f"{not_2xx} not", not not_2xx),
        ("/readyz through nginx after the kill", kill["readyz"], kill["readyz"] == 200),
        (f"nginx retried {VICTIM}'s requests on the other server", retried, retried > 0),
    )


def print_results(findings, admin_url):
    editor, reads, kill = findings["editor"], findings["reads"], findings["kill"]
    say(f"\nEditor at /{admin_url}: “{findings['titles']['en']}”, a photo, published")
    for response in editor["admin_responses"]:
        request, path, where = response["request"], response["path"], response["server"]
        say(f"  {request:<4} {where}{path:<45} {response['status']} {response['s']} s")
    if reads:
        say(
            f"\nReads through nginx from the save answered: {reads['reads']} "
            f"({listed(reads['statuses'], ': ')})"
        )
        say(f"  showing the change  {reads['showing']} of {reads['reads']}")
        say(
            f"  after the save      first answered {reads['first_s']:.3f} s, "
            f"last {reads['last_s']:.3f} s"
        )
    for image in findings["images"]:
        if "url" in image:
            shown = f"{image['status']} {image['type']:<11} {image['decoded']:<16}"
            say(f"  photo               {shown} {image['url']}")
    say(f"  served (JSON logs)  {listed(findings['served']) or 'no request records'}")
    redis, replica = findings["redis"], findings["replica_connections"]
    say(f"  Redis               maxmemory {redis['maxmemory']} bytes, {redis['policy']}")
    say(
        f"  replica role        {replica['connections']} connections, "
        f"{replica['reading_content']} last read content"
    )
    say(f"\n{VICTIM} killed (SIGKILL) during reads through nginx")
    for phase in ("during", "after"):
        say(f"  {phase:<7} {listed(kill[phase], ': ')}")
    nginx_log = findings["nginx"]
    say(
        f"  nginx answered by   {listed(nginx_log['answered'])}; "
        f"retried on the other {nginx_log['retried']}"
    )
    say(f"  /readyz             {kill['readyz']}")
