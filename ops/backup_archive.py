"""The backup archive as a file: writing its members with their checksums, and reading one
back with every check a hostile or damaged archive could fail (names, types, sizes, the
manifest, checksums) before anything is restored. ops/backups.py decides what goes in.

An archive holds three kinds of member:

- `manifest.json`: format version, Django version, the latest applied migration of each
  app, when it was made, rows per model, and the size and sha256 of every other member;
- `data.json`: every row in Django's JSON fixture format, which `loaddata` reads;
- `media/<name>`: every stored file the rows refer to, under its storage name.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.utils import timezone

FORMAT = "c40-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"

# What a restore accepts, so a hostile or broken archive cannot fill the disk: each member's
# size is checked against these and against the manifest before it is extracted. A backup
# refuses to write an archive over them (a backup the restore refuses is no backup).
MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# loaddata holds all of data.json in memory, several times over (0.8 MB for today's dataset).
MAX_DATA_BYTES = 512 * 1024 * 1024
MAX_MEDIA_BYTES = 64 * 1024 * 1024  # uploads are refused above 10 MB
MAX_TOTAL_BYTES = 64 * 1024 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024


@dataclass
class Member:
    path: Path  # the extracted copy
    size: int
    sha256: str


def sha256_of(stream):
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


class HashingReader:
    """A read-only stream that hashes and counts what is read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk

    def entry(self):
        return {"size": self.size, "sha256": self.digest.hexdigest()}


def add_member(tar, name, stream, size, mtime):
    check_restorable(name, size)
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    reader = HashingReader(stream)
    tar.addfile(info, reader)
    return reader.entry()


def check_restorable(name, size):
    """Stop a backup whose member a restore would refuse: better a failed nightly job than
    an archive found useless on the day it is needed."""
    limit = size_limit(name)
    if size > limit:
        raise CommandError(
            f"{name} is {size} bytes, more than a restore accepts ({limit} bytes), so no "
            "archive was written. The limits are in ops/backup_archive.py."
        )


def write_archive(path, manifest, data_path, media):
    mtime = int(timezone.now().timestamp())
    part = tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
    )
    try:
        with part, tarfile.open(fileobj=part, mode="w:gz") as tar:
            files = {}
            with data_path.open("rb") as stream:
                files[DATA] = add_member(tar, DATA, stream, data_path.stat().st_size, mtime)
            for name in media:
                with default_storage.open(name, "rb") as stored:
                    files[MEDIA_PREFIX + name] = add_member(
                        tar, MEDIA_PREFIX + name, stored, stored.size, mtime
                    )
            manifest["files"] = files
            encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            add_member(tar, MANIFEST, io.BytesIO(encoded), len(encoded), mtime)
        os.replace(part.name, path)  # the archive is readable only by its owner: 0600
    except BaseException:
        Path(part.name).unlink(missing_ok=True)
        raise


def refused(reason):
    return CommandError(f"Refused: {reason}. Nothing was changed.")


def unpack(path, scratch):
    """Extract every member into `scratch`, checked; return the manifest and the members.

    The archive is read twice. The first pass reads the headers and the manifest only, so
    that every member's declared size is checked against the limits and against the manifest
    before a single byte is written; the second extracts, writing no byte past what the
    manifest declares. A small archive cannot unpack into a huge one.
    """
    try:
        with tarfile.open(path, "r:gz") as tar:
            headers, manifest_bytes = read_headers(tar)
            manifest = read_manifest(manifest_bytes)
            check_declared_sizes(manifest, headers, scratch)
            members = extract_members(tar, headers, manifest, scratch)
    except FileNotFoundError:
        raise CommandError(f"{path} does not exist.") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise CommandError(
            f"Could not read {path} as a backup archive (a .tar.gz made by "
            f"`manage.py backup`): {error}"
        ) from None
    return manifest, members


def read_headers(tar):
    """Every member's header, checked, and the manifest's bytes; no other member is read.

    The manifest is read when its header comes by, so the archive is decompressed once here
    wherever the manifest sits (`write_archive` puts it last).
    """
    headers, manifest_bytes, total = {}, None, 0
    for index, info in enumerate(tar):
        if index >= MAX_MEMBERS:
            raise refused(f"the archive has more than {MAX_MEMBERS} members")
        check_header(info, headers)
        total += info.size
        if total > MAX_TOTAL_BYTES:
            raise refused(f"the archive's members add up to more than {MAX_TOTAL_BYTES} bytes")
        headers[info.name] = info
        if info.name == MANIFEST:
            manifest_bytes = tar.extractfile(info).read(MAX_MANIFEST_BYTES + 1)
    if manifest_bytes is None or DATA not in headers:
        raise refused("the archive has no manifest.json or no data.json")
    return headers, manifest_bytes


def check_header(info, seen):
    name = info.name
    if not is_expected_name(name):
        raise refused(f"unsafe or unexpected member name {name!r}")
    if name in seen:
        raise refused(f"the member {name!r} appears twice")
    if not is_plain_file(info):
        raise refused(f"{name!r} is a link, folder or device, not a regular file")
    limit = size_limit(name)
    if info.size > limit:
        raise refused(f"the member {name!r} is too large ({info.size} bytes; at most {limit})")


def size_limit(name):
    return {MANIFEST: MAX_MANIFEST_BYTES, DATA: MAX_DATA_BYTES}.get(name, MAX_MEDIA_BYTES)


def is_plain_file(info):
    """A regular file stored whole, as `write_archive` writes them: no sparse file either,
    whose header's size is not what is stored."""
    return info.type in (tarfile.REGTYPE, tarfile.AREGTYPE) and info.sparse is None


def is_expected_name(name):
    if name in (MANIFEST, DATA):
        return True
    return name.startswith(MEDIA_PREFIX) and is_safe_storage_name(name.removeprefix(MEDIA_PREFIX))


def is_safe_storage_name(name):
    """A relative path without `..`, `.`, empty parts, backslashes or control characters."""
    return (
        0 < len(name) <= 1024
        and name.isprintable()
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def read_manifest(encoded):
    try:
        manifest = json.loads(encoded)
    except (ValueError, RecursionError):
        raise refused("manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refused("manifest.json does not describe a backup of this site")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise refused(
            f"the archive is in format version {manifest.get('format_version')!r}; "
            f"this code reads version {FORMAT_VERSION}"
        )
    for key in ("files", "counts", "migrations"):
        if not isinstance(manifest.get(key), dict):
            raise refused(f"manifest.json has no {key!r}")
    for name, entry in manifest["files"].items():
        if not is_file_entry(entry):
            raise refused(f"manifest.json gives no valid size and SHA-256 for {name!r}")
    return manifest


def is_file_entry(entry):
    return (
        isinstance(entry, dict)
        and type(entry.get("size")) is int
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
    )


def check_declared_sizes(manifest, headers, scratch):
    """The members are exactly those the manifest lists, each the size it declares, and all
    of them fit in the temporary folder: checked before anything is extracted."""
    listed, present = set(manifest["files"]), set(headers) - {MANIFEST}
    if listed != present:
        raise refused(
            "the archive's members do not match its manifest (missing: "
            f"{sorted(listed - present)[:5]}, not listed: {sorted(present - listed)[:5]})"
        )
    for name in sorted(present):
        declared = manifest["files"][name]["size"]
        if headers[name].size != declared:
            raise refused(
                f"the member {name!r} is {headers[name].size} bytes by its header but "
                f"{declared} bytes by the manifest"
            )
    needed = sum(headers[name].size for name in present)
    free = shutil.disk_usage(scratch).free
    if needed > free:
        raise refused(
            f"the archive unpacks to {needed} bytes, but the temporary folder "
            f"{scratch.parent} has {free} bytes free; set TMPDIR to a larger folder"
        )


def extract_members(tar, headers, manifest, scratch):
    members = {}
    for index, (name, info) in enumerate(headers.items()):
        if name != MANIFEST:
            # Extracted under names of our own; loaddata needs the `.json` of data.json.
            target = scratch / (DATA if name == DATA else str(index))
            members[name] = extract(tar, info, manifest["files"][name], target)
    return members


def extract(tar, info, entry, target):
    """Copy one member to `target`, counting as it goes: no byte past the declared size is
    written, and a member that is longer, shorter or other than declared is deleted."""
    declared = entry["size"]
    reader = HashingReader(tar.extractfile(info))
    try:
        with target.open("wb") as copy:
            # One byte more than is left, to notice a stream longer than declared.
            while chunk := reader.read(min(CHUNK_BYTES, declared - reader.size + 1)):
                if reader.size > declared:
                    raise refused(
                        f"the member {info.name!r} is longer than the {declared} "
                        "bytes its header and the manifest declare"
                    )
                copy.write(chunk)
        if reader.size != declared:
            raise refused(f"the member {info.name!r} is shorter than its header says")
        if reader.digest.hexdigest() != entry["sha256"]:
            raise refused(
                f"checksum mismatch for {info.name}: the archive is damaged or was altered"
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Member(target, reader.size, entry["sha256"])
