"""Re-encoding images with Pillow: only the pixels survive, and a thumbnail."""

import io
import warnings
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps, JpegImagePlugin, UnidentifiedImageError

from file_processing.refusals import Refused

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
THUMBNAIL_BOX = (480, 480)
SRGB = ImageCms.createProfile("sRGB")


def reencoded_image(source: BinaryIO, output: BinaryIO, content_type: str, *, max_pixels: int) -> bytes:
    """Write into `output` the image drawn again from its pixels alone, and return its thumbnail.

    Nothing but pixels is copied: no EXIF or GPS, no comment (JPEG COM), no APP1 to APP15 segment (XMP,
    ICC, Photoshop), no PNG text or time chunk, no WebP EXIF or XMP chunk. An image with a colour profile
    is converted to sRGB first, so that it looks the same without it. Refuses images too large to decode
    safely (decompression bombs), truncated or damaged ones.
    """
    decoded = _decoded(source, content_type, max_pixels=max_pixels)
    try:
        fmt = FORMATS[content_type]
        options: dict = {}
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
        # exif_transpose gives a new image, which is ours to strip in place.
        image = _pixels_only(_in_srgb(ImageOps.exif_transpose(decoded)))
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, fmt, **options)
        return thumbnail_jpeg(image)
    finally:
        decoded.close()


def thumbnail_jpeg(image: Image.Image) -> bytes:
    scale = min(1.0, THUMBNAIL_BOX[0] / image.width, THUMBNAIL_BOX[1] / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    thumbnail = _pixels_only(image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0))
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


def _pixels_only(image: Image.Image) -> Image.Image:
    """The image itself, its metadata forgotten: Pillow writes some of `info` back when saving (a JPEG's
    comment, a PNG's EXIF and text). Only a palette's transparency, part of the pixels, stays."""
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    return image


def _in_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    try:
        converted = ImageCms.profileToProfile(image, io.BytesIO(profile), SRGB)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A profile that cannot be read (or a mode LittleCMS does not convert) is dropped: the pixels
        # stay as they are.
        return image
    return converted or image


def _decoded(source: BinaryIO, content_type: str, *, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Opening reads only the header: the size is checked before any pixel is decoded.
            with Image.open(source, formats=[FORMATS[content_type]]) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise Refused("too_many_pixels")
                probe.verify()
            source.seek(0)
            image = Image.open(source, formats=[FORMATS[content_type]])
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise Refused("damaged_image") from None
    return image


def has_too_many_pixels(source: BinaryIO, content_type: str, *, max_pixels: int) -> bool:
    """Whether an image's header declares more than `max_pixels` (no pixel is read: a cheap first check).
    A header that cannot be read is left to the full check."""
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source, formats=[FORMATS[content_type]]) as probe:
                width, height = probe.size
    except Image.DecompressionBombError:
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return False
    finally:
        source.seek(0)
    return width * height > max_pixels
