"""Every uploaded file passes through `prepare_upload` before anything is stored.

In the request, only the cheap checks: the name, the size, the real type of the file from its first
bytes and, for an image, the pixels its header declares; then the SHA-256 of what is stored. Reading
the file itself (re-encoding images, the text of PDFs and Word files, thumbnails) is the task queue's
work, within a budget (knowledge/processing.py). Files are read in chunks: an upload that Django
streamed to disk is never held in memory whole.
"""

import hashlib
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from cpp_portal.file_types import (
    ALLOWED_DESCRIPTION,
    ALLOWED_IMAGES_DESCRIPTION,
    IMAGE_TYPES,
    allowed_type,
    check_size,
    clean_display_name,
    type_label,
)
from file_processing.images import has_too_many_pixels
from knowledge.uploads.sniff import detected_type, matches

CHUNK_SIZE = 1024 * 1024


@dataclass
class PreparedFile:
    """A checked upload, ready to store (and then to process): its bytes and what is recorded of them."""

    display_name: str
    content_type: str
    content: File
    size: int
    sha256: str


def prepare_upload(upload: File, *, images_only: bool = False) -> PreparedFile:
    """Check an uploaded file and turn it into what the portal stores; refuse it with a clear message."""
    display_name = clean_display_name(upload.name or "")
    content_type = allowed_type(display_name, images_only=images_only)
    check_size(upload, display_name, content_type)
    detected = detected_type(upload)
    if not matches(content_type, detected):
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s: its contents are of another kind. Allowed: %(allowed)s."),
            code="wrong_type",
            params={
                "name": display_name,
                "type": type_label(content_type),
                "allowed": ALLOWED_IMAGES_DESCRIPTION if images_only else ALLOWED_DESCRIPTION,
            },
        )
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    if content_type in IMAGE_TYPES and has_too_many_pixels(upload, content_type, max_pixels=limit):
        raise ValidationError(
            _("“%(name)s” has too many pixels: images may have at most %(megapixels)s million."),
            code="too_many_pixels",
            params={"name": display_name, "megapixels": f"{limit / 1_000_000:g}"},
        )

    size, sha256 = _size_and_checksum(upload)
    return PreparedFile(
        display_name=display_name,
        content_type=content_type,
        content=File(upload, name=display_name),
        size=size,
        sha256=sha256,
    )


def _size_and_checksum(handle: BinaryIO) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    while chunk := handle.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return size, digest.hexdigest()
