"""Real files, good and hostile, made in memory for the upload tests."""

import io
import os
import struct
import zipfile
import zlib

from PIL import Image

from tests.builders import pdf_bytes, png_bytes

__all__ = ["pdf_bytes", "png_bytes"]

GPS_IFD = 0x8825


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
