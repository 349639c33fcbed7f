import random
import re
import struct
import warnings
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile, ImageOps
from PIL.PngImagePlugin import PngInfo

from spotlights import images
from spotlights.images import build_variants, clean_upload

GPS_IFD = 0x8825
ORIENTATION = 0x0112
ROTATE_90_CW = 6


def encode(image, image_format, **options):
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def photo(size=(800, 600)):
    """A photo-like image with a gradient, so the encoders have real detail to compress."""
    vertical = Image.linear_gradient("L")
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)
    return Image.merge("RGB", (vertical, horizontal, vertical)).resize(size)


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data, name="photo.jpg"):
    with pytest.raises(ValidationError) as caught:
        clean_upload(upload(data, name))
    return caught.value.code, " ".join(caught.value.messages)


def opened(content_file):
    content_file.seek(0)
    image = Image.open(BytesIO(content_file.read()))
    image.load()
    return image


def exif_with_gps():
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATE_90_CW
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def png_claiming(width, height):
    """A real 1×1 PNG whose header (with a valid checksum) claims another size."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    ihdr_start = 8 + 4  # signature, then the IHDR chunk's length
    data[ihdr_start + 4 : ihdr_start + 12] = struct.pack(">II", width, height)
    ihdr = bytes(data[ihdr_start : ihdr_start + 4 + 13])
    data[ihdr_start + 17 : ihdr_start + 21] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


# Cleaning valid uploads


def test_jpeg_loses_exif_and_gps_and_stays_upright():
    original = encode(photo((800, 600)), "JPEG", exif=exif_with_gps())
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)

    cleaned = clean_upload(upload(original, "holiday.jpg"))

    image = opened(cleaned)
    assert image.format == "JPEG"
    assert image.size == (600, 800)
    assert not image.getexif()
    assert "exif" not in image.info
    assert cleaned.name.endswith(".jpg")


def test_rotation_matches_what_the_phone_showed():
    original = photo((800, 600))
    expected = ImageOps.exif_transpose(
        Image.open(BytesIO(encode(original, "PNG", exif=exif_with_gps())))
    )

    cleaned = opened(clean_upload(upload(encode(original, "PNG", exif=exif_with_gps()), "a.png")))

    assert cleaned.size == expected.size
    assert cleaned.getpixel((10, 700)) == expected.getpixel((10, 700))


def test_jpeg_comment_and_xmp_are_removed():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Jane Doe</x:xmpmeta>'
    original = encode(photo(), "JPEG", comment=b"Shot by Jane Doe", xmp=xmp)
    assert {"comment", "xmp"} <= Image.open(BytesIO(original)).info.keys()

    cleaned = clean_upload(upload(original))

    assert not {"comment", "xmp", "exif"} & opened(cleaned).info.keys()
    assert b"Jane Doe" not in cleaned.read()


def test_png_text_chunks_are_removed():
    text = PngInfo()
    text.add_text("Author", "Jane Doe")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>Jane Doe</x:xmpmeta>")
    original = encode(photo(), "PNG", pnginfo=text)
    assert "Author" in Image.open(BytesIO(original)).info

    cleaned = clean_upload(upload(original, "map.png"))

    image = opened(cleaned)
    assert not {"Author", "XML:com.adobe.xmp", "xmp"} & image.info.keys()
    cleaned.seek(0)
    data = cleaned.read()
    assert b"tEXt" not in data
    assert b"iTXt" not in data


def test_png_named_jpg_is_renamed_for_its_real_format():
    cleaned = clean_upload(upload(encode(photo(), "PNG"), "photo.jpg"))

    assert cleaned.name.endswith(".png")
    assert opened(cleaned).format == "PNG"


def test_webp_stays_webp():
    cleaned = clean_upload(upload(encode(photo(), "WEBP"), "skyline.webp"))

    assert cleaned.name.endswith(".webp")
    assert opened(cleaned).format == "WEBP"


def test_png_transparency_is_kept():
    original = Image.new("RGBA", (600, 400), (0, 128, 0, 0))

    cleaned = opened(clean_upload(upload(encode(original, "PNG"), "logo.png")))

    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((0, 0))[3] == 0


def test_cmyk_jpeg_becomes_rgb():
    cleaned = opened(clean_upload(upload(encode(photo().convert("CMYK"), "JPEG"))))

    assert cleaned.mode == "RGB"


def test_multi_picture_jpeg_from_a_phone_is_accepted_as_jpeg():
    original = BytesIO()
    photo().save(original, "MPO", save_all=True, append_images=[photo()])
    assert Image.open(BytesIO(original.getvalue())).format == "MPO"

    cleaned = clean_upload(upload(original.getvalue(), "phone.jpg"))

    assert cleaned.name.endswith(".jpg")
    assert opened(cleaned).format == "JPEG"


def test_rgb_colour_profile_is_kept():
    profile = bytearray(128)
    profile[16:20] = b"RGB "
    original = encode(photo(), "JPEG", icc_profile=bytes(profile))

    cleaned = opened(clean_upload(upload(original)))

    assert cleaned.info.get("icc_profile") == bytes(profile)


@pytest.mark.parametrize(
    "name",
    ["../../etc/Holiday Photo!.jpeg", "C:\\Users\\jane\\beach.png", ".png", "no-extension"],
)
def test_stored_name_is_random_with_the_extension_of_the_content(name):
    stored_name = clean_upload(upload(encode(photo(), "PNG"), name)).name

    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored_name)
    assert clean_upload(upload(encode(photo(), "PNG"), name)).name != stored_name


def test_upload_is_read_from_the_start():
    uploaded = upload(encode(photo(), "PNG"), "a.png")
    uploaded.read(100)

    assert opened(clean_upload(uploaded)).size == (800, 600)


# Refusing bad uploads


def test_plain_text_is_not_an_image():
    code, message = refusal(b"Dear editor, here is the photo you asked for.", "photo.jpg")

    assert code == "not_an_image"
    assert "not an image" in message


def test_empty_file_is_not_an_image():
    assert refusal(b"")[0] == "not_an_image"


def test_truncated_jpeg_is_corrupt():
    whole = encode(photo(), "JPEG")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False

    code, message = refusal(whole[: len(whole) // 2])

    assert code == "corrupt"
    assert "damaged or incomplete" in message


def test_png_with_a_broken_checksum_is_corrupt():
    data = bytearray(encode(photo(), "PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk

    assert refusal(bytes(data), "a.png")[0] == "corrupt"


def test_header_claiming_too_many_pixels_is_refused_before_decoding():
    code, message = refusal(png_claiming(8_000, 6_000), "huge.png")

    assert code == "too_many_pixels"
    assert "8,000 × 6,000 pixels" in message
    assert "40 megapixels" in message


def test_decompression_bomb_is_refused():
    code, message = refusal(png_claiming(20_000, 20_000), "bomb.png")

    assert code == "too_many_pixels"
    assert "40 megapixels" in message


def test_pillow_bomb_warning_is_refused_even_where_warnings_are_ignored():
    # 10,000 × 10,000 is past Pillow's warning threshold but below its hard limit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code, _ = refusal(png_claiming(10_000, 10_000), "bomb.png")

    assert code == "too_many_pixels"


def test_a_real_compressed_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    data = encode(Image.new("1", (2_000, 1_000)), "PNG")
    assert len(data) < 2_000

    code, message = refusal(data, "bomb.png")

    assert code == "too_many_pixels"
    assert "2,000 × 1,000 pixels" in message
    assert "1 megapixels" in message


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b'\xef\xbb\xbf  \n<SVG xmlns="http://www.w3.org/2000/svg"></SVG>',
        b'<!-- drawn by hand --><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        '\ufeff<svg xmlns="http://www.w3.org/2000/svg"></svg>'.encode("utf-16-le"),
    ],
)
def test_svg_is_refused(svg):
    code, message = refusal(svg, "logo.png")

    assert code == "svg"
    assert "SVG" in message
    assert "JPEG, PNG or WebP" in message


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(image_format):
    code, message = refusal(encode(photo(), image_format), "photo.jpg")

    assert code == "format"
    assert image_format in message
    assert "JPEG, PNG or WebP" in message


def test_file_over_the_size_limit_is_refused_from_its_declared_size(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024)
    uploaded = upload(encode(photo((480, 2)), "PNG"), "big.png")
    uploaded.size = 5 * 1024  # the valid content is small: only the declared size can refuse

    with pytest.raises(ValidationError) as caught:
        clean_upload(uploaded)

    assert caught.value.code == "file_too_large"
    assert "5.0\xa0KB" in caught.value.messages[0]
    assert "1.0\xa0KB" in caught.value.messages[0]


def test_file_over_the_real_size_limit_is_refused():
    code, message = refusal(b"\xff\xd8" + bytes(images.MAX_UPLOAD_BYTES), "big.jpg")

    assert code == "file_too_large"
    assert "10.0\xa0MB" in message


def test_narrow_image_is_too_small():
    code, message = refusal(encode(photo((300, 1_000)), "PNG"), "strip.png")

    assert code == "too_small"
    assert "300 pixels wide" in message
    assert "480" in message


def test_width_is_judged_the_way_the_photo_is_shown():
    original = encode(photo((600, 400)), "JPEG", exif=exif_with_gps())

    code, message = refusal(original)

    assert code == "too_small"
    assert "400 pixels wide" in message


def fuzzed(data, seed):
    rng = random.Random(seed)
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data[: rng.randint(1, len(data))])


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF", "TIFF"])
def test_any_bytes_give_a_file_or_a_validation_error(image_format):
    valid = encode(photo((480, 60)), image_format)
    for seed in range(60):
        try:
            result = clean_upload(upload(fuzzed(valid, seed)))
        except ValidationError:
            continue
        assert isinstance(result, ContentFile)


# Responsive variants


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def stored(storage, size, name="spotlights/paris.jpg", mode="RGB"):
    """Save an image and return a File named by its storage name, as a FieldFile would be."""
    image = photo(size) if mode == "RGB" else Image.new(mode, size)
    return File(None, name=storage.save(name, ContentFile(encode(image, "PNG"))))


def test_wide_image_gets_every_variant_width(storage):
    variants = build_variants(stored(storage, (2_000, 1_000)), storage)

    assert [(v["width"], v["height"]) for v in variants] == [(480, 240), (960, 480), (1600, 800)]
    for variant in variants:
        with storage.open(variant["name"]) as file:
            image = Image.open(file)
            assert image.format == "WEBP"
            assert image.size == (variant["width"], variant["height"])


def test_variants_are_named_beside_the_original(storage):
    variants = build_variants(stored(storage, (2_000, 1_000)), storage)

    assert [v["name"] for v in variants] == [
        "spotlights/variants/paris-480w.webp",
        "spotlights/variants/paris-960w.webp",
        "spotlights/variants/paris-1600w.webp",
    ]


def test_variants_are_never_upscaled(storage):
    variants = build_variants(stored(storage, (700, 350)), storage)

    assert [(v["width"], v["height"]) for v in variants] == [(480, 240)]


def test_image_narrower_than_every_width_gets_one_variant_at_its_own_width(storage):
    variants = build_variants(stored(storage, (300, 200)), storage)

    assert [(v["width"], v["height"]) for v in variants] == [(300, 200)]


def test_transparent_image_keeps_transparency_in_variants(storage):
    variants = build_variants(stored(storage, (1_000, 500), mode="RGBA"), storage)

    with storage.open(variants[0]["name"]) as file:
        assert Image.open(file).mode == "RGBA"


def test_storage_may_rename_a_variant(storage):
    storage.save("spotlights/variants/paris-480w.webp", ContentFile(b"taken"))

    variants = build_variants(stored(storage, (700, 350)), storage)

    assert variants[0]["name"] != "spotlights/variants/paris-480w.webp"
    assert storage.exists(variants[0]["name"])


def test_variants_use_the_default_storage_without_one(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    original = stored(FileSystemStorage(location=tmp_path), (1_000, 500), name="top.png")

    variants = build_variants(original)

    assert [v["name"] for v in variants] == ["variants/top-480w.webp", "variants/top-960w.webp"]
    assert (tmp_path / "variants" / "top-960w.webp").exists()
