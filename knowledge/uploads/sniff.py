"""The real type of a file, from its first bytes (and, for Office files, the names inside the zip).

Only the types the portal accepts are recognised; anything else is None. Nothing here trusts the name
or the type the browser sent.
"""

import zipfile
from typing import BinaryIO

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The legacy Office formats share one container; its streams would tell them apart, but accepting any of
# the three for any of their extensions costs nothing: the file is only ever downloaded, never opened.
LEGACY_OFFICE = "application/x-ole-storage"
LEGACY_OFFICE_TYPES = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
# ISO base media brands of MP4 video (QuickTime's "qt  " is not MP4).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
    b"mmp4",
}
OOXML_FOLDERS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def detected_type(handle: BinaryIO) -> str | None:
    handle.seek(0)
    head = handle.read(64)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head.startswith(OLE2_SIGNATURE):
        return LEGACY_OFFICE
    if head.startswith(b"PK\x03\x04"):
        return _office_open_xml_type(handle)
    return None


def matches(expected: str, detected: str | None) -> bool:
    return detected == expected or (detected == LEGACY_OFFICE and expected in LEGACY_OFFICE_TYPES)


def _office_open_xml_type(handle: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for folder, content_type in OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return content_type
    return None
