"""Checking and re-encoding uploaded images with Pillow, and making thumbnails."""

import io
import tempfile
import warnings
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
THUMBNAIL_BOX = (480, 480)
# Images are re-encoded in memory up to this size, then in a temporary file.
SPOOL_SIZE = 8 * 1024 * 1024


def reencoded_image(handle: BinaryIO, content_type: str, *, name: str) -> tuple[BinaryIO, bytes]:
    """The image drawn again from its pixels, without EXIF, GPS or any other metadata, and its thumbnail.

    Refuses images too large to decode safely (decompression bombs), truncated or damaged ones.
    """
    decoded = _decoded(handle, content_type, name=name)
    try:
        fmt = FORMATS[content_type]
        options: dict = {}
        if decoded.info.get("icc_profile"):
            options["icc_profile"] = decoded.info["icc_profile"]
        if fmt == "JPEG":
            # The original's quantisation tables and subsampling: the same quality, not a bigger file.
            options.update(
                qtables=getattr(decoded, "quantization", None) or None,
                subsampling=JpegImagePlugin.get_sampling(decoded),
                optimize=True,
            )
            if options["subsampling"] == -1:
                del options["subsampling"]
        elif fmt == "WEBP":
            options.update(quality=85)
        image = ImageOps.exif_transpose(decoded)
        if fmt == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        output = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)  # noqa: SIM115 (returned open, closed by its user)
        image.save(output, fmt, **options)
        output.seek(0)
        return output, thumbnail_jpeg(image)
    finally:
        decoded.close()


def thumbnail_jpeg(image: Image.Image) -> bytes:
    thumbnail = image.copy()
    thumbnail.thumbnail(THUMBNAIL_BOX)
    if thumbnail.mode in ("RGBA", "LA", "P", "PA"):
        thumbnail = thumbnail.convert("RGBA")
        background = Image.new("RGB", thumbnail.size, "white")
        background.paste(thumbnail, mask=thumbnail.getchannel("A"))
        thumbnail = background
    elif thumbnail.mode != "RGB":
        thumbnail = thumbnail.convert("RGB")
    buffer = io.BytesIO()
    thumbnail.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def _decoded(handle: BinaryIO, content_type: str, *, name: str) -> Image.Image:
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    too_large = ValidationError(
        _("“%(name)s” has too many pixels: images may have at most %(megapixels)s million."),
        code="too_many_pixels",
        params={"name": name, "megapixels": f"{limit / 1_000_000:g}"},
    )
    damaged = ValidationError(
        _("“%(name)s” is damaged or incomplete and cannot be read as an image."),
        code="damaged_image",
        params={"name": name},
    )
    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Opening reads only the header: the size is checked before any pixel is decoded.
            with Image.open(handle, formats=[FORMATS[content_type]]) as probe:
                width, height = probe.size
                if width * height > limit:
                    raise too_large
                probe.verify()
            handle.seek(0)
            image = Image.open(handle, formats=[FORMATS[content_type]])
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise damaged from None
    return image
