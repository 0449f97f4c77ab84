"""What the portal knows about the kinds of file that outputs carry."""

import mimetypes
import unicodedata
from pathlib import PurePath

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
