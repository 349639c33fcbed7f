"""`manage.py backup` and `restore`: a round trip loses nothing; a bad archive changes nothing."""

import builtins
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import types

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import re_path, reverse
from django.utils import translation
from django.views.static import serve
from modeltranslation.translator import NotRegistered, translator
from PIL import Image

from c40site.urls import urlpatterns as site_urlpatterns
from cities.dataset import dataset_fixture_paths
from cities.models import Region
from core.derived import is_derived
from ops import backup_archive
from spotlights.editors import ensure_editors_group
from spotlights.models import HistoricalSpotlight, Spotlight, SpotlightImage
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db

EN_TITLE = "Oslo's zero-emission harbour, kept safe"
ZH_TITLE = "奥斯陆零排放港口，安全备份"
ZH_SUMMARY = "奥斯陆的渡轮与港口设备全部电动化。"
NOT_BACKED_UP = {"sessions", "axes"}  # see docs/backup.md


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's pages plus its uploaded files, as DJANGO_SERVE_MEDIA serves them.
urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve_media)]


@pytest.fixture(autouse=True)
def forget_content_types():
    """new_database() numbers content types anew; the test's rollback brings back the old
    numbers, which the process-wide cache must then not contradict."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(tmp_path):
    return tmp_path / "site.tar.gz"


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def admin_save(client, spotlight, language="en", **changes):
    spotlight.refresh_from_db()
    response = client.post(
        reverse("admin:spotlights_spotlight_change", args=[spotlight.pk]),
        change_form_data(spotlight, **changes, _publish="1"),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302


@pytest.fixture
def site(media, django_user_model):
    """The dataset plus what editors add: a spotlight edited in both languages with a photo
    (history versions, admin log entries, WebP variants), and a deleted spotlight's history."""
    editor = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    oslo = Spotlight.objects.get(city__slug="oslo")
    image = {
        "images-TOTAL_FORMS": 1,
        "images-0-image": SimpleUploadedFile("harbour.jpg", photo()),
        "images-0-alt_en": "Ferries at Oslo harbour",
        "images-0-alt_zh_hans": "奥斯陆港口的渡轮",
        "images-0-credit_en": "Photo: City of Oslo",
        "images-0-credit_zh_hans": "图片：奥斯陆市",
        "images-0-position": 0,
    }
    admin_save(client, oslo, title_en=EN_TITLE, title_zh_hans=ZH_TITLE, **image)
    # Saved from a Chinese admin: modeltranslation's own column then holds the Chinese text.
    admin_save(client, oslo, language="zh-hans", summary_zh_hans=ZH_SUMMARY)
    Spotlight.objects.exclude(pk=oslo.pk).filter(images=None).first().delete()
    return oslo


def shadow_columns(model):
    """modeltranslation's untranslated columns: written with the active language's text."""
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return set()
    return {model._meta.get_field(name).column for name in fields}


def table_snapshot():
    """Every stored row of every backed-up table, column by column (both languages).

    Content types and permissions are numbered anew by every database's `migrate`, so they
    and the columns that point at them are compared by natural key; so are the rows of
    many-to-many tables, whose own ids nothing refers to. Derived tables (core/derived.py)
    are rebuilt, not restored: their rows are compared without their ids.
    """
    content_types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {
        p.pk: (p.codename, *content_types[p.content_type_id]) for p in Permission.objects.all()
    }
    snapshot = {
        # Only their natural keys: their names are whatever language `migrate` ran in.
        "contenttypes.ContentType": sorted(content_types.values()),
        "auth.Permission": sorted(permissions.values()),
    }
    natural = {ContentType: content_types, Permission: permissions}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in NOT_BACKED_UP or model in natural:
            continue
        renumbered = model._meta.auto_created or is_derived(model)
        fields = [
            field
            for field in model._meta.concrete_fields
            if field.column not in shadow_columns(model) and not (renumbered and field.primary_key)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(connection.ops.quote_name(f.column) for f in fields)} "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            rows = cursor.fetchall()
        lookups = [natural.get(field.related_model) for field in fields]
        snapshot[model._meta.label] = sorted(
            (
                tuple(
                    lookup[v] if lookup and v is not None else v
                    for lookup, v in zip(lookups, row, strict=True)
                )
                for row in rows
            ),
            key=repr,
        )
    return snapshot


def media_snapshot(media):
    return {
        str(path.relative_to(media)): path.read_bytes()
        for path in media.rglob("*")
        if path.is_file()
    }


def new_database(media):
    """What a newly migrated site holds: no content, the Editors group, and content types and
    permissions with other ids than the backed-up database's."""
    old_ids = set(ContentType.objects.values_list("pk", flat=True))
    connection.check_constraints()  # PostgreSQL truncates no table with checks pending
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    ensure_editors_group(Group, Permission)
    assert old_ids.isdisjoint(ContentType.objects.values_list("pk", flat=True))
    shutil.rmtree(media)
    media.mkdir()


@pytest.mark.urls(__name__)
def test_a_backup_restored_onto_a_new_database_gives_back_every_row_and_file(
    site, media, archive, client
):
    rows, files = table_snapshot(), media_snapshot(media)
    image = SpotlightImage.objects.get(spotlight=site)
    assert len(image.variants) == 2 and len(files) == 3
    assert HistoricalSpotlight.objects.filter(id=site.pk).count() >= 3

    call_command("backup", str(archive), verbosity=0)
    new_database(media)
    assert not Spotlight.objects.exists() and not media_snapshot(media)
    call_command("restore", str(archive), verbosity=0)

    assert table_snapshot() == rows
    assert media_snapshot(media) == files
    for language, title, summary in (("en", EN_TITLE, None), ("zh-hans", ZH_TITLE, ZH_SUMMARY)):
        with translation.override(language):
            html = client.get(site.get_absolute_url()).content.decode()
        assert title in html.replace("&#x27;", "'")
        assert summary is None or summary in html
    image_url = re.search(r'<img src="(/media/[^"]+)"', html).group(1)
    response = client.get(image_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files[image.image.name]


def test_after_a_restore_new_rows_get_new_ids(site, media, archive, django_user_model):
    call_command("backup", str(archive), verbosity=0)
    new_database(media)
    call_command("restore", str(archive), verbosity=0)
    highest_history = HistoricalSpotlight.objects.order_by("-history_id").first().history_id

    region = Region.objects.create(slug="new-region", name_en="New", name_zh_hans="新")
    user = django_user_model.objects.create_user("second-editor")
    site.save()

    assert region.pk > Region.objects.exclude(pk=region.pk).order_by("-pk").first().pk
    assert user.pk > django_user_model.objects.get(username="editor").pk
    assert site.history.first().history_id > highest_history


def test_modeltranslations_own_column_comes_back_in_the_default_language(site, media, archive):
    """The one column not restored as stored: nothing reads it; it gets the English text."""
    call_command("backup", str(archive), verbosity=0)
    new_database(media)
    call_command("restore", str(archive), verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT summary, summary_en, summary_zh_hans FROM spotlights_spotlight WHERE id = %s",
            [site.pk],
        )
        summary, summary_en, summary_zh_hans = cursor.fetchone()
    assert summary_zh_hans == ZH_SUMMARY
    assert summary == summary_en


@pytest.mark.django_db(transaction=True)
def test_a_restore_outside_any_transaction_is_committed_whole(media, archive):
    """As an operator runs them: on PostgreSQL the backup reads one REPEATABLE READ snapshot,
    and the restore commits its own transaction."""
    if not Spotlight.objects.exists():  # an earlier transactional test emptied the database
        call_command("loaddata", *dataset_fixture_paths(), verbosity=0)
    ensure_editors_group(Group, Permission)
    rows = table_snapshot()
    with CaptureQueriesContext(connection) as queries:
        call_command("backup", str(archive), verbosity=0)
    isolation = [query for query in queries if "REPEATABLE READ" in query["sql"]]
    assert len(isolation) == (connection.vendor == "postgresql")
    Spotlight.objects.update(title_en="Changed after the backup")
    Region.objects.create(slug="added-after", name_en="Added", name_zh_hans="新增")

    call_command("restore", str(archive), replace=True, verbosity=0)

    assert table_snapshot() == rows
    region = Region.objects.create(slug="new-region", name_en="New", name_zh_hans="新")
    assert region.pk > max(Region.objects.exclude(pk=region.pk).values_list("pk", flat=True))


# Archives that must be refused before anything changes


def rewrite(archive, *, data=None, manifest=None, media=None, first=(), last=()):
    """Rewrite `archive` in place: data.json, manifest.json or media bytes changed by the given
    functions, members added before or after the genuine ones."""
    with tarfile.open(archive) as old:
        members = [(info, old.extractfile(info).read()) for info in old]
    with tarfile.open(archive, "w:gz") as new:
        for info, content in first:
            new.addfile(info, io.BytesIO(content))
        for info, content in members:
            if info.name == backup_archive.DATA and data:
                content = data(content)
            elif info.name == backup_archive.MANIFEST and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            elif info.name.startswith(backup_archive.MEDIA_PREFIX) and media:
                content = media(content)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))
        for info, content in last:
            new.addfile(info, io.BytesIO(content))


def member(name, content=b"hello", **attributes):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    for attribute, value in attributes.items():
        setattr(info, attribute, value)
    return info, content


@pytest.fixture
def backed_up(site, media, archive):
    """A backup of the site, and the rows and files it holds (which must not change)."""
    call_command("backup", str(archive), verbosity=0)
    return table_snapshot(), media_snapshot(media)


def assert_unchanged(backed_up, media):
    rows, files = backed_up
    assert table_snapshot() == rows
    assert media_snapshot(media) == files


def flip_last_byte(content):
    return content[:-1] + bytes([content[-1] ^ 1])


@pytest.mark.parametrize(
    "tampering, member_name",
    [
        (
            {"data": lambda content: content.replace("奥斯陆".encode(), "奥斯路".encode())},
            "data.json",
        ),
        ({"media": flip_last_byte}, "media/spotlights/"),
    ],
    ids=["text", "image"],
)
def test_a_tampered_archive_is_refused_and_nothing_changes(
    backed_up, media, archive, tampering, member_name
):
    rewrite(archive, **tampering)
    with pytest.raises(CommandError, match=f"checksum mismatch for {member_name}"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert_unchanged(backed_up, media)


def duplicate_a_city_slug(content):
    rows = json.loads(content)
    cities = [row for row in rows if row["model"] == "cities.city"]
    cities[1]["fields"]["slug"] = cities[0]["fields"]["slug"]
    return json.dumps(rows, ensure_ascii=False).encode()


def rewrite_data(archive, change, counts=None):
    """Rewrite data.json with `change`, and the manifest with its new size and checksum (and
    `counts` added), as someone who knows the format can: the checksums then all match."""
    with tarfile.open(archive) as tar:
        changed = change(tar.extractfile(backup_archive.DATA).read())
    checksum = {"size": len(changed), "sha256": backup_archive.sha256_of(io.BytesIO(changed))}

    def recomputed(manifest):
        return {
            **manifest,
            "files": {**manifest["files"], backup_archive.DATA: checksum},
            "counts": {**manifest["counts"], **(counts or {})},
        }

    rewrite(archive, data=lambda content: changed, manifest=recomputed)


def test_data_that_fails_to_load_leaves_the_database_and_media_as_they_were(
    backed_up, media, archive
):
    """The archive is intact (its checksums are right), but its rows break a unique slug."""
    rewrite_data(archive, duplicate_a_city_slug)
    shutil.rmtree(media)
    media.mkdir()
    with pytest.raises(CommandError, match="could not be loaded, so nothing was changed"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert table_snapshot() == backed_up[0]
    assert not media_snapshot(media)


def test_a_backup_of_another_migration_state_is_refused(backed_up, media, archive):
    def older(manifest):
        return {
            **manifest,
            "migrations": {**manifest["migrations"], "spotlights": ["0004_editorial"]},
        }

    rewrite(archive, manifest=older)
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert "not migrated as the backup's was" in str(refusal.value)
    latest = max(
        name
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        if app == "spotlights"
    )
    assert f"spotlights: backup 0004_editorial, database {latest}" in str(refusal.value)
    assert_unchanged(backed_up, media)


def test_a_database_with_content_is_replaced_only_when_asked(backed_up, media, archive):
    Spotlight.objects.update(title_zh_hans="备份之后改的")
    Region.objects.create(slug="added-after", name_en="Added", name_zh_hans="新增")
    changed = table_snapshot()
    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore", str(archive), verbosity=0)
    assert table_snapshot() == changed

    call_command("restore", str(archive), replace=True, verbosity=0)
    assert_unchanged(backed_up, media)


HOSTILE_MEMBERS = {
    "parent folder": member("../outside.txt"),
    "absolute path": member("/tmp/c40-absolute.txt"),
    "climbing out of media": member("media/../../outside.txt"),
    "backslashes": member("media/..\\..\\outside.txt"),
    "unexpected name": member("settings.py"),
    "symbolic link": member(
        "media/spotlights/link.jpg", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd"
    ),
    "hard link": member(
        "media/spotlights/hard.jpg", b"", type=tarfile.LNKTYPE, linkname="data.json"
    ),
    "device": member("media/spotlights/tty.jpg", b"", type=tarfile.CHRTYPE),
    "folder": member("media/spotlights", b"", type=tarfile.DIRTYPE),
    "second data.json": member("data.json", b"[]"),
}


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize("hostile", HOSTILE_MEMBERS, ids=str)
def test_an_archive_with_a_hostile_member_is_refused(backed_up, media, archive, hostile, where):
    rewrite(archive, **{where: [HOSTILE_MEMBERS[hostile]]})
    with pytest.raises(CommandError, match="^Refused: .* Nothing was changed.$"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert_unchanged(backed_up, media)


def test_a_member_larger_than_allowed_is_refused_from_its_header(backed_up, media, archive):
    """A header claiming 5 GB with no bytes behind it: refused before anything is read."""
    with tarfile.open(archive) as tar:
        genuine = b"".join(
            info.tobuf() + tar.extractfile(info).read().ljust(-(-info.size // 512) * 512, b"\0")
            for info in tar
        )
    huge = tarfile.TarInfo("media/spotlights/huge.jpg")
    huge.size = 5 * 1024**3
    archive.write_bytes(gzip.compress(genuine + huge.tobuf()))
    with pytest.raises(CommandError, match="'media/spotlights/huge.jpg' is too large"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert_unchanged(backed_up, media)


# Archives that would unpack to far more than they weigh: refused before a byte reaches the
# temporary folder. The attack that found this: 1 MB of tar.gz holding a 1 GB all-zero
# data.json, of which the restore wrote 971 MB to TMPDIR before refusing it.

ZEROS = bytes(8 * 1024 * 1024)  # 8 KB once compressed


class CountedFile:
    """An open file whose writes are added to `counter.bytes`."""

    def __init__(self, file, counter):
        self.file, self.counter = file, counter

    def write(self, data):
        self.counter.bytes += len(data)
        return self.file.write(data)

    def __enter__(self):
        self.file.__enter__()
        return self

    def __exit__(self, *exception):
        return self.file.__exit__(*exception)

    def __getattr__(self, name):
        return getattr(self.file, name)


@pytest.fixture
def temp_folder_writes(monkeypatch, tmp_path):
    """TMPDIR moved to a folder of the test's, and every byte written under it counted (the
    restore deletes what it wrote, so the folder's size afterwards tells nothing)."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    counter = types.SimpleNamespace(bytes=0)
    real_open = io.open

    def counting_open(file, mode="r", *args, **kwargs):
        opened = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        if writing and isinstance(file, str | os.PathLike) and str(file).startswith(str(folder)):
            return CountedFile(opened, counter)
        return opened

    monkeypatch.setattr(io, "open", counting_open)  # pathlib's Path.open calls it
    monkeypatch.setattr(builtins, "open", counting_open)
    return counter


def tar_bytes(members):
    """A tar stream of (header, content) pairs; the content need not be the header's size."""
    return b"".join(
        info.tobuf() + content.ljust(-(-len(content) // 512) * 512, b"\0")
        for info, content in members
    )


def zeros_after_data_json(archive, monkeypatch):
    """Bytes after data.json that its header does not count: the stream is longer than the
    header says. tar takes them for the end of the archive, so the manifest is never seen."""
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar]
    members = [
        (info, content + ZEROS if info.name == backup_archive.DATA else content)
        for info, content in members
    ]
    archive.write_bytes(gzip.compress(tar_bytes(members)))


def zeros_over_the_data_limit(archive, monkeypatch):
    """A manifest recomputed to declare the zeros: only the absolute limit stops them."""
    monkeypatch.setattr(backup_archive, "MAX_DATA_BYTES", 2 * 1024 * 1024)
    rewrite_data(archive, lambda content: ZEROS)


def photos_over_the_total_limit(archive, monkeypatch):
    """Each member within its own limit, but the photos take the total past its limit."""
    with tarfile.open(archive) as tar:
        data_size = tar.getmember(backup_archive.DATA).size
    monkeypatch.setattr(backup_archive, "MAX_TOTAL_BYTES", data_size + 1)


def more_than_the_free_space(archive, monkeypatch):
    almost_full = types.SimpleNamespace(total=10**12, used=10**12 - 1000, free=1000)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: almost_full)


SWOLLEN_ARCHIVES = {
    "data.json swapped for zeros": (
        lambda archive, monkeypatch: rewrite(archive, data=lambda content: ZEROS),
        f"'data.json' is {len(ZEROS)} bytes by its header but",
    ),
    "photo padded with zeros": (
        lambda archive, monkeypatch: rewrite(archive, media=lambda content: content + ZEROS),
        r"'media/spotlights/.*' is \d+ bytes by its header but \d+ bytes by the manifest",
    ),
    "data.json longer than its header": (
        zeros_after_data_json,
        "no manifest.json",
    ),
    "zeros declared by the manifest, over the data limit": (
        zeros_over_the_data_limit,
        "'data.json' is too large",
    ),
    "over the total limit": (photos_over_the_total_limit, r"add up to more than \d+ bytes"),
    "more than the free space": (more_than_the_free_space, "has 1000 bytes free; set TMPDIR"),
}


@pytest.mark.parametrize("swollen", SWOLLEN_ARCHIVES, ids=str)
def test_an_archive_that_unpacks_too_large_is_refused_before_anything_is_extracted(
    backed_up, media, archive, monkeypatch, temp_folder_writes, swollen
):
    make, message = SWOLLEN_ARCHIVES[swollen]
    make(archive, monkeypatch)
    with pytest.raises(CommandError, match=f"^Refused: .*{message}.* Nothing was changed.$"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert temp_folder_writes.bytes == 0
    assert_unchanged(backed_up, media)


def test_the_temporary_folder_measure_sees_a_restore(
    backed_up, media, archive, temp_folder_writes
):
    """The measure above is no blind spot: a genuine archive is extracted through it."""
    call_command("restore", str(archive), replace=True, verbosity=0)
    with tarfile.open(archive) as tar:
        extracted = sum(info.size for info in tar if info.name != backup_archive.MANIFEST)
    assert temp_folder_writes.bytes >= extracted


class EndlessZeros(io.RawIOBase):
    """A member's stream that never ends, counting what is read from it."""

    def __init__(self):
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = bytes(len(buffer))
        self.read_so_far += len(buffer)
        return len(buffer)


def test_extraction_stops_at_the_first_byte_past_the_declared_size(tmp_path):
    """tarfile reads no further than a header says, but the copy does not rely on it: it
    counts, stops one byte past the manifest's size, and deletes what it wrote."""
    stream = EndlessZeros()
    tar = types.SimpleNamespace(extractfile=lambda info: stream)
    info = tarfile.TarInfo(backup_archive.DATA)
    info.size = 1000
    entry = {"size": 1000, "sha256": backup_archive.sha256_of(io.BytesIO(bytes(1000)))}
    target = tmp_path / "data.json"
    with pytest.raises(CommandError, match="'data.json' is longer than the 1000 bytes"):
        backup_archive.extract(tar, info, entry, target)
    assert stream.read_so_far == 1001
    assert not target.exists()


# Rows of models a backup never writes: refused, even with every checksum right.

SESSION_ROW = {
    "model": "sessions.session",
    "pk": "attackers-own-session-key",
    "fields": {"session_data": "e30:forged", "expire_date": "2099-01-01T00:00:00Z"},
}
LOCKOUT_ROW = {
    "model": "axes.accessattempt",
    "pk": 9001,
    "fields": {
        "user_agent": "curl",
        "ip_address": "203.0.113.7",
        "username": "editor",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
        "attempt_time": "2026-01-01T00:00:00Z",
        "get_data": "",
        "post_data": "",
        "failures_since_start": 99,
    },
}
PERMISSION_ROW = {
    "model": "auth.Permission",
    "fields": {"name": "Can do anything", "content_type": ["cities", "city"], "codename": "all"},
}


def with_rows(*rows):
    def change(content):
        return json.dumps([*json.loads(content), *rows], ensure_ascii=False).encode()

    return change


FOREIGN_ROWS = {
    "a session and an axes record": (
        (SESSION_ROW, LOCKOUT_ROW),
        {},
        "data.json holds rows of models a backup never writes: "
        "axes.accessattempt, sessions.session",
    ),
    "a permission": (
        (PERMISSION_ROW,),
        {},
        "data.json holds rows of models a backup never writes: auth.permission",
    ),
    "a session counted in the manifest": (
        (SESSION_ROW,),
        {"sessions.session": 1},
        "the manifest counts rows of tables a backup never holds: sessions.session",
    ),
}


@pytest.mark.parametrize("foreign", FOREIGN_ROWS, ids=str)
def test_rows_of_a_model_the_backup_never_writes_are_refused(backed_up, media, archive, foreign):
    rows, counts, message = FOREIGN_ROWS[foreign]
    sessions = set(Session.objects.values_list("session_key", flat=True))
    rewrite_data(archive, with_rows(*rows), counts=counts)
    with pytest.raises(CommandError, match=f"^Refused: {message}. Nothing was changed.$"):
        call_command("restore", str(archive), replace=True, verbosity=0)
    assert set(Session.objects.values_list("session_key", flat=True)) == sessions
    assert not AccessAttempt.objects.exists()
    assert not Permission.objects.filter(codename="all").exists()
    assert_unchanged(backed_up, media)


@pytest.mark.parametrize(
    "content, message", [(b"not an archive", "Could not read"), (None, "does not exist")]
)
def test_a_file_that_is_not_an_archive_is_refused(archive, content, message):
    if content is not None:
        archive.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), verbosity=0)


def test_backup_does_not_overwrite_a_file_unless_forced(site, archive):
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists; use --force"):
        call_command("backup", str(archive), verbosity=0)
    assert archive.read_bytes() == b"an older backup"

    call_command("backup", str(archive), force=True, verbosity=0)
    with tarfile.open(archive) as tar:
        assert {backup_archive.MANIFEST, backup_archive.DATA} <= set(tar.getnames())
    assert not list(archive.parent.glob(f".{archive.name}.*.part"))


def test_a_backup_the_restore_would_refuse_is_not_written(site, archive, monkeypatch):
    """Found out by the nightly job, not on the day the archive is needed."""
    monkeypatch.setattr(backup_archive, "MAX_DATA_BYTES", 1000)
    with pytest.raises(CommandError, match=r"data.json is \d+ bytes, more than a restore accepts"):
        call_command("backup", str(archive), verbosity=0)
    assert not archive.exists()
    assert not list(archive.parent.glob(f".{archive.name}.*.part"))


def test_a_missing_media_file_stops_the_backup_unless_allowed(site, media, archive):
    variant = SpotlightImage.objects.get(spotlight=site).variants[0]["name"]
    (media / variant).unlink()
    with pytest.raises(CommandError, match=f"not in the storage, e.g. {variant}"):
        call_command("backup", str(archive), verbosity=0)
    assert not archive.exists()

    call_command("backup", str(archive), allow_missing_media=True, verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(backup_archive.MANIFEST))
    assert manifest["missing_media"] == [variant]


def test_an_operator_error_is_one_line_and_exit_code_1(archive):
    """No traceback: what went wrong and what to do, on stderr."""
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "c40site.test_settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == f"CommandError: {archive} does not exist.\n"
