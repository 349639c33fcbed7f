"""The backup archive as a file: writing its members with their checksums, and reading one
back with every check a hostile or damaged archive could fail (names, types, sizes, the
manifest, checksums) before anything is restored. cities/backups.py decides what goes in.

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

# What a restore accepts, so a hostile or broken archive cannot fill the disk.
MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_DATA_BYTES = 4 * 1024 * 1024 * 1024
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
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    reader = HashingReader(stream)
    tar.addfile(info, reader)
    return reader.entry()


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
    """Extract every member into `scratch`, checked; return the manifest and the members."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = extract_members(tar, scratch)
    except FileNotFoundError:
        raise CommandError(f"{path} does not exist.") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise CommandError(
            f"Could not read {path} as a backup archive (a .tar.gz made by "
            f"`manage.py backup`): {error}"
        ) from None
    manifest = read_manifest(members)
    verify_members(manifest, members)
    return manifest, members


def extract_members(tar, scratch):
    members, total = {}, 0
    for index, info in enumerate(tar):
        name = info.name
        if index >= MAX_MEMBERS:
            raise refused(f"the archive has more than {MAX_MEMBERS} members")
        if not is_expected_name(name):
            raise refused(f"unsafe or unexpected member name {name!r}")
        if name in members:
            raise refused(f"the member {name!r} appears twice")
        if not info.isreg():
            raise refused(f"{name!r} is a link, folder or device, not a regular file")
        limit = {MANIFEST: MAX_MANIFEST_BYTES, DATA: MAX_DATA_BYTES}.get(name, MAX_MEDIA_BYTES)
        total += info.size
        if info.size > limit or total > MAX_TOTAL_BYTES:
            raise refused(f"the member {name!r} is too large ({info.size} bytes)")
        # Extracted under names of our own; loaddata needs the `.json` of data.json.
        members[name] = extract(tar, info, scratch / (DATA if name == DATA else str(index)))
    return members


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


def extract(tar, info, target):
    reader = HashingReader(tar.extractfile(info))
    with target.open("wb") as copy:
        while chunk := reader.read(CHUNK_BYTES):
            copy.write(chunk)
    if reader.size != info.size:
        raise refused(f"the member {info.name!r} is shorter than its header says")
    return Member(target, reader.size, reader.digest.hexdigest())


def read_manifest(members):
    if MANIFEST not in members or DATA not in members:
        raise refused("the archive has no manifest.json or no data.json")
    try:
        manifest = json.loads(members[MANIFEST].path.read_text("utf-8"))
    except ValueError:
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
    return manifest


def verify_members(manifest, members):
    listed, present = set(manifest["files"]), set(members) - {MANIFEST}
    if listed != present:
        raise refused(
            "the archive's members do not match its manifest (missing: "
            f"{sorted(listed - present)[:5]}, not listed: {sorted(present - listed)[:5]})"
        )
    for name in sorted(present):
        entry = manifest["files"][name]
        member = members[name]
        if not isinstance(entry, dict) or (entry.get("size"), entry.get("sha256")) != (
            member.size,
            member.sha256,
        ):
            raise refused(f"checksum mismatch for {name}: the archive is damaged or was altered")
