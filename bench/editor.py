"""An editor in the admin over HTTP: signs in, publishes a draft with the changelist's bulk
action, then watches the public pages until the change shows (bench/load.py); or edits a
spotlight's change form, a photo included, as a browser submits it (bench/fleet.py)."""

import concurrent.futures
import copy
import re
import secrets
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser

from bench import server

WATCH_LIMIT = 30.0  # seconds of watching before "not visible" is the answer
WATCH_INTERVAL = 0.05
IMAGES = "images"  # the spotlight change form's inline formset of photos


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


class SubmittedFields(HTMLParser):
    """What a browser submits for the form with id `form_id`: inputs (checkboxes and radios
    only when checked), textareas' text and selects' selected options; not file inputs, buttons
    or disabled controls. {name: [values]} in the page's order."""

    UNSUBMITTED = {"submit", "button", "image", "reset", "file"}

    def __init__(self, html, form_id):
        super().__init__()
        self.form_id, self.in_form = form_id, False
        self.fields, self.textarea, self.select = defaultdict(list), None, None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        if tag == "option" and self.select is not None:
            self.end_option()
            self.select["option"] = [attrs.get("value"), "selected" in attrs, []]
        if not attrs.get("name") or "disabled" in attrs:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind not in self.UNSUBMITTED and (
                kind not in ("checkbox", "radio") or "checked" in attrs
            ):
                default = "on" if kind in ("checkbox", "radio") else ""
                self.fields[attrs["name"]].append(attrs.get("value", default))
        elif tag == "textarea":
            self.textarea = (attrs["name"], [])
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs}
            self.select |= {"options": [], "option": None}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        elif self.select is not None and self.select["option"] is not None:
            self.select["option"][2].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            # A browser drops one newline right after <textarea>.
            self.fields[name].append(re.sub(r"\A\r?\n", "", "".join(parts)))
            self.textarea = None
        elif tag == "option" and self.select is not None:
            self.end_option()
        elif tag == "select" and self.select is not None:
            self.end_option()
            self.fields[self.select["name"]].extend(self.selected(self.select))
            self.select = None

    def end_option(self):
        if self.select["option"] is not None:
            value, selected, text = self.select["option"]
            value = "".join(text).strip() if value is None else value
            self.select["options"].append((value, selected))
            self.select["option"] = None

    @staticmethod
    def selected(select):
        chosen = [value for value, selected in select["options"] if selected]
        if select["multiple"]:
            return chosen
        # One value shows: the last marked selected, else the first option.
        return chosen[-1:] or [value for value, _selected in select["options"][:1]]


def submitted_fields(html, form_id, *required):
    fields = SubmittedFields(html, form_id).fields
    if missing := [name for name in required if name not in fields]:
        raise EditorError(f"The form {form_id} has no field {', '.join(missing)}.")
    return fields


def encode_multipart(fields, files=None):
    """A multipart/form-data body of `fields` ({name: [values]}) and `files` ({name:
    (filename, content type, bytes)}), as a browser sends it; the body and its content type."""
    boundary = f"----BenchFormBoundary{secrets.token_hex(12)}"
    parts = []
    for name, values in fields.items():
        for value in values:
            parts.append(part_head(boundary, name) + b"\r\n" + str(value).encode() + b"\r\n")
    for name, (filename, content_type, content) in (files or {}).items():
        head = part_head(boundary, name, filename) + f"Content-Type: {content_type}\r\n".encode()
        parts.append(head + b"\r\n" + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def part_head(boundary, name, filename=None):
    def quoted(text):  # as browsers escape names (the HTML standard)
        return text.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")

    disposition = f'form-data; name="{quoted(name)}"'
    if filename is not None:
        disposition += f'; filename="{quoted(filename)}"'
    return f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()


def add_inline_form(fields, prefix, values, files):
    """Add one form to the inline formset `prefix` of `fields`, from its empty template
    (`prefix-__prefix__-…`) with `values` ({field: value, or (filename, type, bytes) for a
    file}) over it, as the admin's "Add another" does."""
    total = int(fields[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    new = {
        f"{prefix}-{total}-{name.removeprefix(template)}": list(given)
        for name, given in fields.items()
        if name.startswith(template)
    }
    for name, value in values.items():
        key = f"{prefix}-{total}-{name}"
        if isinstance(value, tuple):
            files[key] = value
        else:
            new[key] = [value]
    fields.update(new)
    fields[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]


ERROR_LIST = re.compile(r'<(ul|p) class="(?:errorlist|errornote)[^"]*"[^>]*>(.*?)</\1>', re.S)
TAG = re.compile(r"<[^>]+>")


def form_errors(page):
    """The error messages an admin form shows, as text."""
    messages = []
    for _tag, inner in ERROR_LIST.findall(page):
        text = " ".join(unescape(TAG.sub(" ", inner)).split())
        if text and text not in messages:
            messages.append(text)
    return messages


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

    def at(self, base):
        """The same editor (same cookies, same record of responses) on the server at `base`."""
        other = copy.copy(self)
        other.base = base
        return other

    def send(self, label, path, form=None, *, data=None, content_type=None):
        started = time.perf_counter()
        headers = {"Accept-Language": "en"}
        if content_type:
            headers["Content-Type"] = content_type
        status, headers, text = server.http_request(
            self.base + path, form=form, data=data, opener=self.opener, headers=headers
        )
        seconds = round(time.perf_counter() - started, 3)
        record = {"request": label, "path": path, "status": status, "s": seconds}
        self.responses.append({**record, "server": self.base})
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

    def check_signed_in(self):
        """The admin index answers 200 with this session (not a redirect to sign in)."""
        status, headers, _page = self.send("GET", self.admin)
        if status != 200:
            where = headers.get("Location", "") if headers else ""
            raise EditorError(f"{self.base}{self.admin} answered {status} {where}, not 200.")

    def edit_spotlight(self, spotlight_id, changes, photo=None):
        """Open the spotlight's change form, set `changes` ({field: value}), add `photo` to
        its images inline (see add_inline_form) and save; when the save was answered."""
        change = f"{self.admin}spotlights/spotlight/{spotlight_id}/change/"
        _status, _headers, page = self.send("GET", change)
        names = ("csrfmiddlewaretoken", f"{IMAGES}-TOTAL_FORMS", *changes)
        fields = submitted_fields(page, "spotlight_form", *names)
        fields.update({name: [value] for name, value in changes.items()})
        files = {}
        if photo:
            add_inline_form(fields, IMAGES, photo, files)
        fields["_save"] = ["Save"]
        data, content_type = encode_multipart(fields, files)
        status, _headers, page = self.send("POST", change, data=data, content_type=content_type)
        answered = time.monotonic()
        if status != 302:
            errors = "; ".join(form_errors(page)) or "no error shown"
            raise EditorError(f"The admin did not save the spotlight ({status}): {errors}")
        return answered


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
