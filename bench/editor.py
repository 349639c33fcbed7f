"""An editor in the admin over HTTP: signs in, publishes a draft with the changelist's bulk
action, then watches the public pages until the change shows (bench/load.py)."""

import concurrent.futures
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser

from bench import server

WATCH_LIMIT = 30.0  # seconds of watching before "not visible" is the answer
WATCH_INTERVAL = 0.05


class EditorError(Exception):
    """The editor could not publish: a failure of the site under load, not of the harness."""


class FormFields(HTMLParser):
    """The values of a page's named form fields: inputs, buttons and select options."""

    def __init__(self, html):
        super().__init__()
        self.fields, self.select = defaultdict(list), None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "button") and attrs.get("name"):
            self.fields[attrs["name"]].append(attrs.get("value") or "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select:
            self.fields[self.select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def form_fields(html, *required):
    fields = FormFields(html).fields
    if missing := [name for name in required if name not in fields]:
        raise EditorError(f"The admin page has no field {', '.join(missing)}.")
    return fields


def is_success(status):
    return status is not None and 200 <= status < 400


class Editor:
    """An editor in the admin, through a cookie jar; each admin response is recorded."""

    def __init__(self, base, username, password, admin_url="admin/"):
        self.base, self.username, self.password = base, username, password
        self.admin = f"/{admin_url}"
        cookies = urllib.request.HTTPCookieProcessor()
        self.opener = urllib.request.build_opener(server.NoRedirect, cookies)
        self.responses = []

    def send(self, label, path, form=None):
        started = time.perf_counter()
        status, headers, text = server.http_request(
            self.base + path, form=form, opener=self.opener, headers={"Accept-Language": "en"}
        )
        seconds = round(time.perf_counter() - started, 3)
        self.responses.append({"request": label, "path": path, "status": status, "s": seconds})
        if not is_success(status):
            raise EditorError(f"{label} {path} answered {status or 'nothing'}.")
        return status, headers, text

    def sign_in(self):
        login = f"{self.admin}login/"
        _status, _headers, page = self.send("GET", f"{login}?next={self.admin}")
        fields = form_fields(page, "csrfmiddlewaretoken", "username", "password", "next")
        form = {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"][0], "next": self.admin}
        status, _headers, _page = self.send(
            "POST", login, {**form, "username": self.username, "password": self.password}
        )
        if status != 302:
            raise EditorError(f"The admin refused the editor's sign-in ({status}).")

    def publish(self, spotlight_id):
        """Tick the draft on the changelist and run "publish"; when answered, and the next page."""
        changelist = f"{self.admin}spotlights/spotlight/?status__exact=draft"
        _status, _headers, page = self.send("GET", changelist)
        names = ("csrfmiddlewaretoken", "action", "_selected_action", "index", "select_across")
        fields = form_fields(page, *names)
        if "publish_selected" not in fields["action"]:
            raise EditorError("The spotlight changelist offers no publish_selected action.")
        if str(spotlight_id) not in fields["_selected_action"]:
            raise EditorError(f"The draft spotlight {spotlight_id} is not on {changelist}.")
        form = {
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"][0],
            "action": "publish_selected",
            "_selected_action": str(spotlight_id),
            "index": fields["index"][0],
            "select_across": "0",
        }
        status, headers, _page = self.send("POST", changelist, form)
        answered = time.monotonic()
        if status != 302:
            raise EditorError(f"The publish action answered {status}, not a redirect.")
        return answered, urllib.parse.urljoin(changelist, headers["Location"])

    def confirm(self, changelist):
        _status, _headers, page = self.send("GET", changelist)
        if "Published 1 spotlight." not in page:
            raise EditorError("The changelist does not say “Published 1 spotlight.”")


def watch(base, draft, published):
    """The draft's page and the spotlight list in each language, each asked for again and
    again from `published` on, side by side: when each first showed the draft."""
    targets = {}
    for language, path in draft["pages"].items():
        targets[f"{language} page"] = (base + path, None)
        targets[f"{language} list"] = (base + draft["lists"][language], f'href="{path}"')
    with concurrent.futures.ThreadPoolExecutor(len(targets)) as pool:
        seen = {
            name: pool.submit(watch_one, *target, published) for name, target in targets.items()
        }
    return {name: future.result() for name, future in seen.items()}


def watch_one(url, link, published):
    """Seconds after `published`, requests made and X-Page-Cache when `url` answered 200 (with
    `link` in it); None if it did not within WATCH_LIMIT."""
    requests = 0
    while time.monotonic() - published < WATCH_LIMIT:
        status, headers, text = server.http_request(url)
        requests += 1
        if status == 200 and (link is None or link in text):
            seconds = round(time.monotonic() - published, 3)
            return {"s": seconds, "requests": requests, "cache": headers.get("X-Page-Cache")}
        time.sleep(WATCH_INTERVAL)
    return None
