"""Every uploaded file passes through `prepare_upload` before anything is stored.

It checks the name, the size and the real type of the file from its bytes; re-encodes images; extracts
the text of PDFs and Word files; makes thumbnails; and computes the SHA-256 of what will be stored. It
reads files in chunks: an upload that Django streamed to disk is never held in memory whole.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cpp_portal.file_types import (
    ALLOWED_DESCRIPTION,
    ALLOWED_IMAGES_DESCRIPTION,
    ALLOWED_TYPES,
    IMAGE_TYPES,
    VIDEO_TYPES,
    clean_display_name,
    size_limit,
    type_label,
)
from knowledge.uploads.documents import pdf_source, read_docx_text, read_pdf
from knowledge.uploads.images import reencoded_image
from knowledge.uploads.sniff import detected_type, matches

CHUNK_SIZE = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class PreparedFile:
    """A checked upload, ready to store: the bytes to keep and what the portal records about them."""

    display_name: str
    content_type: str
    content: File
    size: int
    sha256: str
    extracted_text: str = ""
    thumbnail: bytes | None = None


def prepare_upload(upload: File, *, images_only: bool = False) -> PreparedFile:
    """Check an uploaded file and turn it into what the portal stores; refuse it with a clear message."""
    display_name = clean_display_name(upload.name or "")
    content_type = _allowed_type(display_name, images_only=images_only)
    _check_size(upload, display_name, content_type)
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

    content: BinaryIO = upload
    extracted_text = ""
    thumbnail = None
    if content_type in IMAGE_TYPES:
        content, thumbnail = reencoded_image(upload, content_type, name=display_name)
    elif content_type == "application/pdf":
        extracted_text, thumbnail = read_pdf(pdf_source(upload), name=display_name)
    elif content_type == DOCX:
        extracted_text = read_docx_text(upload)

    size, sha256 = _size_and_checksum(content)
    return PreparedFile(
        display_name=display_name,
        content_type=content_type,
        content=File(content, name=display_name),
        size=size,
        sha256=sha256,
        extracted_text=extracted_text,
        thumbnail=thumbnail,
    )


def _allowed_type(display_name: str, *, images_only: bool) -> str:
    extension = PurePath(display_name).suffix.lower().lstrip(".")
    content_type = ALLOWED_TYPES.get(extension)
    if content_type is None or (images_only and content_type not in IMAGE_TYPES):
        raise ValidationError(
            _("“%(name)s” is not a type of file the portal accepts. Allowed: %(allowed)s."),
            code="type_not_allowed",
            params={
                "name": display_name,
                "allowed": ALLOWED_IMAGES_DESCRIPTION if images_only else ALLOWED_DESCRIPTION,
            },
        )
    return content_type


def _check_size(upload: File, display_name: str, content_type: str) -> None:
    size = upload.size
    if not size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": display_name})
    limit = size_limit(content_type)
    if size > limit:
        if content_type in IMAGE_TYPES:
            message = _("“%(name)s” is larger than the %(limit)s allowed for an image.")
        elif content_type in VIDEO_TYPES:
            message = _("“%(name)s” is larger than the %(limit)s allowed for a video.")
        else:
            message = _("“%(name)s” is larger than the %(limit)s allowed for a document.")
        raise ValidationError(
            message, code="too_large", params={"name": display_name, "limit": filesizeformat(limit)}
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
