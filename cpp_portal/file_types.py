"""What the portal knows about the kinds of file it accepts: types, labels, size limits and safe names."""

import mimetypes
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {
    "application/pdf": _("PDF"),
    "application/msword": _("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word document"),
    "application/vnd.ms-powerpoint": _("PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _("PowerPoint presentation"),
    "application/vnd.ms-excel": _("Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _("Excel workbook"),
    "image/jpeg": _("JPEG image"),
    "image/png": _("PNG image"),
    "image/webp": _("WebP image"),
    "video/mp4": _("MP4 video"),
}


# What officials may upload, by extension, with the type its contents must have.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp4": "video/mp4",
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
VIDEO_TYPES = {"video/mp4"}
ALLOWED_DESCRIPTION = _("PDF, Word, PowerPoint, Excel, JPEG, PNG, WebP and MP4 files")
ALLOWED_IMAGES_DESCRIPTION = _("JPEG, PNG and WebP images")


def size_limit(content_type: str) -> int:
    if content_type in IMAGE_TYPES:
        return settings.UPLOAD_MAX_IMAGE_SIZE
    if content_type in VIDEO_TYPES:
        return settings.UPLOAD_MAX_VIDEO_SIZE
    return settings.UPLOAD_MAX_DOCUMENT_SIZE


def upload_limits_text() -> str:
    return gettext(
        "PDF, Word, PowerPoint and Excel documents up to %(document)s each; JPEG, PNG and WebP images up "
        "to %(image)s; MP4 videos up to %(video)s. Up to %(count)d files at a time."
    ) % {
        "document": filesizeformat(settings.UPLOAD_MAX_DOCUMENT_SIZE),
        "image": filesizeformat(settings.UPLOAD_MAX_IMAGE_SIZE),
        "video": filesizeformat(settings.UPLOAD_MAX_VIDEO_SIZE),
        "count": settings.UPLOAD_MAX_FILES,
    }


def allowed_type(display_name: str, *, images_only: bool = False) -> str:
    """The type an uploaded file must have, by its extension; refuses a type the portal does not accept."""
    extension = PurePath(display_name).suffix.lower().lstrip(".")
    content_type = ALLOWED_TYPES.get(extension)
    if content_type is None or (images_only and content_type not in IMAGE_TYPES):
        raise ValidationError(
            gettext("“%(name)s” is not a type of file the portal accepts. Allowed: %(allowed)s."),
            code="type_not_allowed",
            params={
                "name": display_name,
                "allowed": ALLOWED_IMAGES_DESCRIPTION if images_only else ALLOWED_DESCRIPTION,
            },
        )
    return content_type


def check_size(upload: File, display_name: str, content_type: str) -> None:
    size = upload.size
    if not size:
        raise ValidationError(gettext("“%(name)s” is empty."), code="empty", params={"name": display_name})
    limit = size_limit(content_type)
    if size > limit:
        if content_type in IMAGE_TYPES:
            message = gettext("“%(name)s” is larger than the %(limit)s allowed for an image.")
        elif content_type in VIDEO_TYPES:
            message = gettext("“%(name)s” is larger than the %(limit)s allowed for a video.")
        else:
            message = gettext("“%(name)s” is larger than the %(limit)s allowed for a document.")
        raise ValidationError(
            message, code="too_large", params={"name": display_name, "limit": filesizeformat(limit)}
        )


def is_inline_type(content_type: str) -> bool:
    """Images are re-encoded on upload and videos are played by the browser; nothing else opens inline."""
    return content_type in IMAGE_TYPES or content_type in VIDEO_TYPES


# Longer "extensions" are part of the name, not a file type worth keeping when the name is cut.
MAX_SUFFIX_LENGTH = 16


def type_label(content_type: str) -> str:
    return str(TYPE_LABELS.get(content_type, content_type or _("File")))


def guess_content_type(filename: str) -> str:
    return mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"


def clean_display_name(filename: str, *, max_length: int = 200) -> str:
    """The user's file name reduced to something safe to show and to send back in a header.

    Folders, control characters and characters that mean something in a header are dropped.
    """
    name = PurePath(filename.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"<>:|?*/;#%')
    name = name.strip(" .")
    if not name:
        return "file"
    if len(name) <= max_length:
        return name
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and len(suffix) <= MAX_SUFFIX_LENGTH:
        return stem[: max_length - len(suffix) - 1].rstrip(" .") + "." + suffix
    return name[:max_length].rstrip(" .")
