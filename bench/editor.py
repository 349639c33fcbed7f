"""An editor in the admin over HTTP, posting what Chromium reads each form would submit:
publishes a draft and watches for it (load test), or edits a spotlight with a photo (fleet)."""

import concurrent.futures
import copy
import time
import urllib.parse

import requests

from bench import browser, server

WATCH_LIMIT = 30.0  # seconds of watching before "not visible" is the answer
WATCH_INTERVAL = 0.05
IMAGES = "images"  # the spotlight change form's inline formset of photos


class EditorError(Exception):
    """The editor could not publish: a failure of the site under load, not of the harness."""


def is_success(status):
    return status is not None and 200 <= status < 400


def with_values(pairs, values):
    """The form's [(name, value)] with each name of `values` given that value instead."""
    return [(name, value) for name, value in pairs if name not in values] + list(values.items())


def add_inline_form(pairs, prefix, values):
    """`pairs` with one more form of the inline formset `prefix`, copied from its empty
    template with `values` over it (as "Add another" does); and the files among `values`."""
    total = int(dict(pairs)[f"{prefix}-TOTAL_FORMS"])
    template, new = f"{prefix}-__prefix__-", f"{prefix}-{total}-"
    added = {
        new + name.removeprefix(template): v for name, v in pairs if name.startswith(template)
    }
    files = {new + name: value for name, value in values.items() if isinstance(value, tuple)}
    added |= {new + name: value for name, value in values.items() if not isinstance(value, tuple)}
    pairs = with_values(pairs, {f"{prefix}-TOTAL_FORMS": str(total + 1)})
    return pairs + list(added.items()), files


class Editor:
    """An editor with a requests session; each admin response is recorded. `tab` reads forms."""

    def __init__(self, base, username, password, admin_url, tab):
        self.base, self.username, self.password = base, username, password
        self.admin, self.tab = f"/{admin_url}", tab
        self.session, self.responses = requests.Session(), []

    def at(self, base):
        """The same editor (cookies, record of responses) on the server at `base`."""
        other = copy.copy(self)
        other.base = base
        return other

    def send(self, label, path, **arguments):
        started = time.perf_counter()
        status, headers, text = server.fetch(
            self.base + path,
            session=self.session,
            method=label,
            headers={"Accept-Language": "en"},
            **arguments,
        )
        seconds = round(time.perf_counter() - started, 3)
        record = {"request": label, "path": path, "status": status, "s": seconds}
        self.responses.append({**record, "server": self.base})
        if not is_success(status):
            raise EditorError(f"{label} {path} answered {status or 'nothing'}.")
        return status, headers, text

    def form(self, page, selector, *required):
        """browser.read_form's answer, or an EditorError naming what the form lacks."""
        found = browser.read_form(self.tab, page, selector)
        if found is None:
            raise EditorError(f"The admin page has no form {selector}.")
        if missing := [name for name in required if name not in found[0]]:
            raise EditorError(f"The form {selector} has no field {', '.join(missing)}.")
        return found

    def sign_in(self):
        login = f"{self.admin}login/"
        _status, _headers, page = self.send("GET", f"{login}?next={self.admin}")
        _offered, pairs = self.form(
            page, "#login-form", "csrfmiddlewaretoken", "username", "password", "next"
        )
        values = {"username": self.username, "password": self.password, "next": self.admin}
        status, _headers, _page = self.send("POST", login, data=with_values(pairs, values))
        if status != 302:
            raise EditorError(f"The admin refused the editor's sign-in ({status}).")

    def publish(self, spotlight_id):
        """Run the changelist's "publish" on the draft: when answered, and the next page."""
        changelist = f"{self.admin}spotlights/spotlight/?status__exact=draft"
        _status, _headers, page = self.send("GET", changelist)
        names = ("csrfmiddlewaretoken", "action", "_selected_action", "index", "select_across")
        offered, pairs = self.form(page, "#changelist-form", *names)
        if "publish_selected" not in offered["action"]:
            raise EditorError("The spotlight changelist offers no publish_selected action.")
        if str(spotlight_id) not in offered["_selected_action"]:
            raise EditorError(f"The draft spotlight {spotlight_id} is not on {changelist}.")
        values = {"action": "publish_selected", "_selected_action": str(spotlight_id)}
        values["index"] = offered["index"][0]  # the Run button
        status, headers, _page = self.send("POST", changelist, data=with_values(pairs, values))
        answered = time.monotonic()
        if status != 302:
            raise EditorError(f"The publish action answered {status}, not a redirect.")
        return answered, urllib.parse.urljoin(changelist, headers["Location"])

    def confirm(self, changelist):
        _status, _headers, page = self.send("GET", changelist)
        if "Published 1 spotlight." not in page:
            raise EditorError("The changelist does not say “Published 1 spotlight.”")

    def check_signed_in(self):
        status, headers, _page = self.send("GET", self.admin)
        if status != 200:
            where = headers.get("Location", "")
            raise EditorError(f"{self.base}{self.admin} answered {status} {where}, not 200.")

    def edit_spotlight(self, spotlight_id, changes, photo):
        """Save the change form with `changes` and `photo` added: when the save was answered."""
        change = f"{self.admin}spotlights/spotlight/{spotlight_id}/change/"
        _status, _headers, page = self.send("GET", change)
        names = ("csrfmiddlewaretoken", f"{IMAGES}-TOTAL_FORMS", *changes)
        _offered, pairs = self.form(page, "#spotlight_form", *names)
        pairs, files = add_inline_form(with_values(pairs, changes), IMAGES, photo)
        pairs.append(("_save", "Save"))
        status, _headers, page = self.send("POST", change, data=pairs, files=files or None)
        answered = time.monotonic()
        if status != 302:
            errors = browser.texts(self.tab, page, ".errornote, .errorlist")
            raise EditorError(
                f"The admin did not save the spotlight ({status}): "
                + ("; ".join(errors) or "no error shown")
            )
        return answered


def watch(base, draft, published):
    """The draft's page and the spotlight list in each language, each asked for side by side
    from `published` on: when each first showed the draft."""
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
    """Seconds after `published`, requests made and X-Page-Cache when `url` first answered 200
    (with `link` in it); None if not within WATCH_LIMIT."""
    requests_made = 0
    while time.monotonic() - published < WATCH_LIMIT:
        status, headers, text = server.fetch(url)
        requests_made += 1
        if status == 200 and (link is None or link in text):
            seconds = round(time.monotonic() - published, 3)
            return {"s": seconds, "requests": requests_made, "cache": headers.get("X-Page-Cache")}
        time.sleep(WATCH_INTERVAL)
    return None
