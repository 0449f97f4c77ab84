"""Real files, good and hostile, made in memory for the upload tests."""

import io
import os
import struct
import zipfile
import zlib

from PIL import Image, PngImagePlugin

from tests.builders import pdf_bytes, png_bytes

__all__ = ["pdf_bytes", "png_bytes"]

GPS_IFD = 0x8825
# Where a photo was taken, as metadata that re-encoding must not keep.
LOCATION = "GPS 35.68N 139.69E"


def jpeg_bytes(width: int = 64, height: int = 48, *, gps: bool = False, colour: str = "orange") -> bytes:
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 41.0, 45.0), 3: "E", 4: (137.0, 12.0, 40.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (10, 120, 200, 128)).save(buffer, "WEBP")
    return buffer.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit PNG of `width` × `height` pixels: about 100 kB that would decode to over 100 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def docx_bytes(*paragraphs: str) -> bytes:
    """A minimal Word document with one paragraph per argument."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def mp4_bytes() -> bytes:
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomavc1"
    return ftyp + struct.pack(">I", 8) + b"free"


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PHP_AS_PDF = b"<?php system($_GET['cmd']); ?>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
)


def truncated_jpeg() -> bytes:
    data = jpeg_bytes(400, 300, colour="navy")
    return data[: len(data) // 2]


def padded_pdf(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes (readers ignore what follows the end marker)."""
    data = pdf_bytes("A document of a precise size.")
    assert len(data) <= size
    return data + b"\n" * (size - len(data))


def noise_png(width: int, height: int) -> bytes:
    """A PNG that does not compress: its size grows with its pixels."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


# What each image format can carry beside its pixels, and how to read what a file carries.


def jpeg_markers(data: bytes) -> set[int]:
    """The markers of a JPEG's segments before its image data."""
    markers, position = set(), 2
    while position < len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: pixels follow
            break
        markers.add(marker)
        position += 2 + struct.unpack(">H", data[position + 2 : position + 4])[0]
    return markers


def png_chunks(data: bytes) -> set[bytes]:
    chunks, position = set(), 8
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        chunks.add(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> set[bytes]:
    chunks, position = set(), 12
    while position + 8 <= len(data):
        size = struct.unpack("<I", data[position + 4 : position + 8])[0]
        chunks.add(data[position : position + 4])
        position += 8 + size + (size & 1)
    return chunks


def jpeg_with_every_segment() -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    Image.new("RGB", (64, 48), "orange").save(
        buffer,
        "JPEG",
        exif=exif,
        comment=LOCATION,
        xmp=f"<x:xmpmeta>{LOCATION}</x:xmpmeta>".encode(),
        icc_profile=Image.new("RGB", (1, 1)).info.get("icc_profile") or b"",
    )
    data = buffer.getvalue()
    # An APP13 (Photoshop) and an APP15 segment, which Pillow does not write, just after the SOI.
    extra = b"".join(
        bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
        for marker, payload in [(0xED, b"Photoshop 3.0\x00" + LOCATION.encode()), (0xEF, LOCATION.encode())]
    )
    return data[:2] + extra + data[2:]


def png_with_every_chunk() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", LOCATION)
    info.add_text("Comment", LOCATION, zip=True)
    info.add_itxt("Author", LOCATION)
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 48), (10, 120, 200, 128)).save(buffer, "PNG", pnginfo=info, exif=exif)
    return buffer.getvalue()


def webp_with_every_chunk() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(
        buffer, "WEBP", exif=exif, xmp=f"<x:xmpmeta>{LOCATION}</x:xmpmeta>".encode()
    )
    return buffer.getvalue()


# Each format's sample, named, with how to read its metadata and all that its re-encoding may keep.
IMAGES_WITH_METADATA = [
    ("site.jpg", jpeg_with_every_segment, jpeg_markers, {0xD8, 0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD}),
    ("site.png", png_with_every_chunk, png_chunks, {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}),
    ("site.webp", webp_with_every_chunk, webp_chunks, {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}),
]
