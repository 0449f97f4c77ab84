"""Answering Range requests for files (RFC 9110 §14), so that downloads resume and videos seek.

`ranged` turns a whole-file response into the part asked for: one range of bytes answers 206 with
that slice; ranges that overlap or touch are merged into one first. Ranges that stay apart get the
whole file (200), which RFC 9110 allows: players and download managers ask for one range, and
multipart/byteranges would only serve a few old PDF readers. A Range that cannot be read, or in a
unit other than bytes, is ignored (200); one that starts past the end answers 416. An If-Range that
is not the response's strong ETag or exactly its Last-Modified date gets the whole file.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

from django.http import FileResponse
from django.utils.http import parse_http_date_safe

CHUNK_SIZE = 64 * 1024

_RANGE_SPEC = re.compile(r"(\d*)-(\d*)", re.ASCII)


def ranged(request, response: FileResponse, *, size: int) -> FileResponse:
    """The response, or the part of it that the request's Range header asks for; `size` is the file's."""
    response["Accept-Ranges"] = "bytes"
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    header = request.headers.get("Range")
    if header is not None and _if_range_holds(request.headers.get("If-Range"), response):
        ranges = requested_ranges(header, size)
        if ranges == []:
            _answer_unsatisfiable(response, size)
        elif ranges is not None and len(merged := coalesced(ranges)) == 1:
            _answer_part(response, *merged[0], size=size)
    if request.method == "HEAD":
        response.streaming_content = []  # the headers only, Content-Length still the body's
    return response


def starts_at_first_byte(response) -> bool:
    """Whether the response sends the file from its start: the whole file, or a part beginning at 0."""
    if response.status_code == 206:
        return response["Content-Range"].startswith("bytes 0-")
    return response.status_code == 200


def requested_ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """The satisfiable ranges of a Range header as (first, last) byte positions, clipped to the file;
    None when the header is not a valid bytes range set (to be ignored)."""
    unit, equals, range_set = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in range_set.split(",")]
    if not any(specs):
        return None
    ranges = []
    for spec in filter(None, specs):  # a list may have empty elements (RFC 9110 §5.6.1)
        found = _RANGE_SPEC.fullmatch(spec)
        if not found or found.group(1) == found.group(2) == "":
            return None
        first, last = found.groups()
        if first == "":
            suffix_length = int(last)
            if suffix_length and size:
                ranges.append((max(size - suffix_length, 0), size - 1))
            continue
        if last and int(last) < int(first):
            return None
        if int(first) < size:
            ranges.append((int(first), min(int(last), size - 1) if last else size - 1))
    return ranges


def coalesced(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges in order, those that overlap or touch merged into one."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _if_range_holds(if_range: str | None, response: FileResponse) -> bool:
    """Whether the file is still the one the client holds a part of (always, without If-Range)."""
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith('"'):
        etag = response.get("ETag", "")
        return etag.startswith('"') and if_range == etag
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return last_modified is not None and parse_http_date_safe(if_range) == last_modified


def _answer_part(response: FileResponse, first: int, last: int, *, size: int) -> None:
    file = response.file_to_stream
    response.status_code = 206
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    # No longer the file itself, so that a server's wsgi.file_wrapper does not send all of it.
    response.streaming_content = _read(file, first, last - first + 1)


def _answer_unsatisfiable(response: FileResponse, size: int) -> None:
    response.status_code = 416
    response["Content-Range"] = f"bytes */{size}"
    response["Content-Length"] = "0"
    response["Content-Type"] = "text/plain; charset=utf-8"
    response.headers.pop("Content-Disposition", None)
    response.streaming_content = []  # the file stays among the response's closers, closed with it


def _read(file: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    file.seek(start)
    while length > 0:
        chunk = file.read(min(CHUNK_SIZE, length))
        if not chunk:
            return
        length -= len(chunk)
        yield chunk
