"""Validate spotlight photo uploads, strip their metadata and build responsive WebP variants.

Uploads are checked from the cheapest signal to the most expensive: the byte size, the
first bytes (SVG), Pillow's header (format and pixel count, before any pixel is decoded),
then a full verify and decode. The cleaned copy is re-encoded from pixels only, so EXIF
(GPS), XMP, text chunks and comments are left behind; only a colour profile that matches
the pixels is kept, so wide-gamut phone photos keep their colours.
"""

import posixpath
import uuid
import warnings
from contextlib import contextmanager
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_WIDTH = 480
VARIANT_WIDTHS = (480, 960, 1600)

# Pillow names a JPEG carrying several pictures (as some phones write) "MPO"; it is a JPEG.
_FORMAT_ALIASES = {"MPO": "JPEG"}
_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82},
}
_VARIANT_OPTIONS = {"quality": 80, "method": 4}
_SNIFF_BYTES = 512
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ROTATED_ORIENTATIONS = {5, 6, 7, 8}
_ORIENTATION_TAG = 0x0112
_GREY_MODES = {"1", "L", "LA", "I", "I;16", "F"}
_RGB_MODES = {"RGB", "RGBA", "P", "PA"}

_MESSAGES = {
    "file_too_large": _("This file is %(size)s; the limit is %(limit)s."),
    "svg": _(
        "Vector drawings (SVG files) are not accepted. Please upload a JPEG, PNG or WebP photo."
    ),
    "not_an_image": _("This file is not an image. Please upload a JPEG, PNG or WebP photo."),
    "format": _("%(format)s images are not accepted. Please upload a JPEG, PNG or WebP photo."),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels."
    ),
    "too_many_pixels_unknown": _(
        "This image has too many pixels; the limit is %(limit)s megapixels."
    ),
    "too_small": _(
        "This image is only %(width)s pixels wide; it must be at least %(min_width)s pixels wide."
    ),
    "corrupt": _(
        "This image file is damaged or incomplete. Please export it again and upload the new file."
    ),
}


def _refuse(code, message_key=None, **params):
    return ValidationError(_MESSAGES[message_key or code], code=code, params=params or None)


def _grouped(number):
    return number_format(number, force_grouping=True)


def _megapixels(pixels):
    value = pixels / 1_000_000
    return _grouped(int(value) if value.is_integer() else round(value, 1))


def _read_upload(uploaded_file):
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large(size)
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(len(data))
    return data


def _too_large(size):
    return _refuse(
        "file_too_large", size=filesizeformat(size), limit=filesizeformat(MAX_UPLOAD_BYTES)
    )


def _looks_like_svg(data):
    head = data[:_SNIFF_BYTES]
    if head.startswith(_BOMS[1:]):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(_BOMS[0]).decode("latin-1")
    text = text.lstrip().lower()
    return text.startswith(("<svg", "<?xml")) or (text.startswith("<") and "<svg" in text)


def _open(data):
    """Open an image from bytes, reading only its header; map Pillow's errors to refusals."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(BytesIO(data))
    except UnidentifiedImageError as error:
        raise _refuse("not_an_image") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(
            "too_many_pixels", "too_many_pixels_unknown", limit=_megapixels(MAX_PIXELS)
        ) from error


def _canonical_format(img):
    return _FORMAT_ALIASES.get(img.format, img.format)


def _displayed_size(img):
    width, height = img.size
    if img.getexif().get(_ORIENTATION_TAG) in _ROTATED_ORIENTATIONS:
        return height, width
    return width, height


@contextmanager
def _broken_data_refused():
    """Turn any error other than a refusal into a "corrupt" refusal."""
    try:
        yield
    except ValidationError:
        raise
    except Exception as error:
        raise _refuse("corrupt") from error


def _check_header(img):
    """Refuse by format and pixel count, read from the header before anything is decoded."""
    if _canonical_format(img) not in ALLOWED_FORMATS:
        raise _refuse("format", format=img.format)
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise _refuse(
            "too_many_pixels",
            width=_grouped(width),
            height=_grouped(height),
            limit=_megapixels(MAX_PIXELS),
        )


def _check_width(img):
    # Reading EXIF may decode a PNG (its eXIf chunk can follow the pixels), so this runs only
    # once the pixel count is known to be acceptable.
    displayed_width = _displayed_size(img)[0]
    if displayed_width < MIN_WIDTH:
        raise _refuse("too_small", width=_grouped(displayed_width), min_width=_grouped(MIN_WIDTH))


def _matching_icc_profile(image):
    """The image's ICC profile if it describes the pixels' colour space, else None."""
    profile = image.info.get("icc_profile")
    if not profile or len(profile) < 20:
        return None
    if image.mode in _GREY_MODES:
        wanted = b"GRAY"
    elif image.mode in _RGB_MODES:
        wanted = b"RGB "
    else:
        return None
    return profile if profile[16:20] == wanted else None


def _strip_metadata(image):
    """Drop everything Pillow read besides pixels, so no encoder can copy it back in."""
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}


def _profile_option(icc_profile):
    return {"icc_profile": icc_profile} if icc_profile else {}


def _prepare_for(image, image_format):
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    return image


def _reencode(img, image_format):
    image = _prepare_for(ImageOps.exif_transpose(img), image_format)
    icc_profile = _matching_icc_profile(image)
    _strip_metadata(image)
    output = BytesIO()
    image.save(output, image_format, **_SAVE_OPTIONS[image_format], **_profile_option(icc_profile))
    return output.getvalue()


def _stored_name(image_format):
    """A random name with the extension of what the bytes are: nothing from the uploader."""
    return f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"


def clean_upload(uploaded_file):
    """Validate an uploaded file and return a re-encoded copy without metadata.

    Raises ValidationError (with a specific code and message) for anything that is not a
    JPEG, PNG or WebP photo within the size limits that decodes completely.
    """
    data = _read_upload(uploaded_file)
    if _looks_like_svg(data):
        raise _refuse("svg")
    with _broken_data_refused():
        header = _open(data)
        _check_header(header)
        image_format = _canonical_format(header)
        header.verify()
        image = _open(data)  # verify() leaves the image unusable
        _check_width(image)
        image.load()
        content = _reencode(image, image_format)
    return ContentFile(content, name=_stored_name(image_format))


def _variant_widths(original_width):
    widths = [width for width in VARIANT_WIDTHS if width < original_width]
    return widths or [original_width]


def _variant_name(original_name, width):
    directory, basename = posixpath.split(original_name)
    stem = basename.rpartition(".")[0] if "." in basename else basename
    return posixpath.join(directory, "variants", f"{stem}-{width}w.webp")


def _as_rgb_or_rgba(image):
    mode = "RGBA" if image.has_transparency_data else "RGB"
    return image if image.mode == mode else image.convert(mode)


def _resized(image, width):
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _save_variant(image, name, storage, icc_profile):
    output = BytesIO()
    image.save(output, "WEBP", **_VARIANT_OPTIONS, **_profile_option(icc_profile))
    return storage.save(name, ContentFile(output.getvalue()))


def _load_stored(name, storage):
    with storage.open(name, "rb") as stored:
        image = Image.open(stored)
        image.load()
    return image


def build_variants(field_file, storage=None):
    """Write WebP copies of a stored image at each VARIANT_WIDTHS width below its own.

    Never upscales: an image narrower than every width gets one variant at its own width.
    Returns [{"width", "height", "name"}] sorted by width; "name" is what the storage saved.
    """
    storage = storage or default_storage
    image = _as_rgb_or_rgba(_load_stored(field_file.name, storage))
    icc_profile = _matching_icc_profile(image)
    variants = []
    for width in sorted(_variant_widths(image.width)):
        resized = _resized(image, width)
        name = _save_variant(resized, _variant_name(field_file.name, width), storage, icc_profile)
        variants.append({"width": resized.width, "height": resized.height, "name": name})
    return variants
