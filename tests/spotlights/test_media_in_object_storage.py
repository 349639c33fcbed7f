"""Photos in an S3 bucket (as a fleet keeps them): uploaded, resized and shown from the bucket,
with nothing written to the app server's disk. moto plays S3 in-process."""

import tarfile

import boto3
import pytest
from django.core.management import call_command
from moto import mock_aws
from PIL import Image

from c40site.env import s3_storage
from spotlights.models import SpotlightImage
from tests.spotlights.test_admin_images import jpeg_with_gps, post, with_image

pytestmark = pytest.mark.django_db
BUCKET = "c40-media-test"
BUCKET_URL = f"https://{BUCKET}.s3.amazonaws.com/"


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    settings.MEDIA_ROOT = tmp_path  # must stay empty
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage(BUCKET)}
        yield s3


def stored_objects(s3):
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: s3.head_object(Bucket=BUCKET, Key=item["Key"]) for item in listed}


def test_an_uploaded_photo_and_its_sizes_go_to_the_bucket(editor_client, oslo, bucket, tmp_path):
    response = post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    assert response.status_code == 302
    image = SpotlightImage.objects.get(spotlight=oslo)
    objects = stored_objects(bucket)
    names = [image.image.name, *(variant["name"] for variant in image.variants)]
    assert sorted(objects) == sorted(names)
    assert objects[image.image.name]["ContentType"] == "image/jpeg"
    for variant in image.variants:
        assert objects[variant["name"]]["ContentType"] == "image/webp"
    assert all("immutable" in head["CacheControl"] for head in objects.values())
    assert list(tmp_path.iterdir()) == []


def test_the_public_page_shows_the_photo_from_the_bucket(editor_client, client, oslo, bucket):
    post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    image = SpotlightImage.objects.get(spotlight=oslo)
    html = client.get(oslo.get_absolute_url()).content.decode()
    assert f'src="{BUCKET_URL}{image.image.name}"' in html
    for variant in image.variants:
        assert f"{BUCKET_URL}{variant['name']} {variant['width']}w" in html
    assert "X-Amz-Signature" not in html  # plain URLs: a cached page never holds an expired one


def test_a_stored_photo_reads_back_as_the_same_picture(editor_client, oslo, bucket):
    post(editor_client, oslo, with_image(oslo, jpeg_with_gps((1000, 700))))
    image = SpotlightImage.objects.get(spotlight=oslo)
    with image.image.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (1000, 700)
        assert not picture.getexif()  # cleaned before it reached the bucket


def test_a_backup_holds_the_photos_from_the_bucket(editor_client, oslo, bucket, tmp_path_factory):
    post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    archive = tmp_path_factory.mktemp("backup") / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as opened:
        members = opened.getnames()
    image = SpotlightImage.objects.get(spotlight=oslo)
    assert any(member.endswith(image.image.name) for member in members)
