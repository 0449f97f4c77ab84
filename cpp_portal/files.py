"""Sending stored files, and storing files so that a failed write leaves none behind."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from cpp_portal.ranges import ranged

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# The files stored by the unit of work that is running, so that they can be removed if it fails.
_stored_files: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_files", default=None)


def stored_file_response(
    request,
    field_file: FieldFile,
    *,
    content_type: str | None = None,
    filename: str = "",
    inline: bool,
    public: bool = False,
    sha256: str = "",
) -> HttpResponseBase:
    """Send a stored file, or the range of it asked for (`cpp_portal.ranges`); the caller has already
    checked that the visitor may have it. A file that not everyone may have (`public` false) is kept by
    no cache, shared or the browser's. A known `sha256` of the file is its strong ETag, which answers
    If-None-Match (304) and If-Range."""
    if not field_file:
        raise Http404("No file.")
    try:
        size = field_file.size
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    if sha256:
        response["ETag"] = f'"{sha256}"'
        if _client_holds(request, response["ETag"]):
            handle.close()
            return _not_modified(response)
    return ranged(request, response, size=size)


def _client_holds(request, etag: str) -> bool:
    """If-None-Match names this ETag (weakly compared, RFC 9110 §13.1.2). Django's
    get_conditional_response is not used: without a Last-Modified it refuses every If-Unmodified-Since."""
    held = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in held or etag in (tag.removeprefix("W/") for tag in held)


def _not_modified(response: FileResponse) -> HttpResponseNotModified:
    not_modified = HttpResponseNotModified()
    for header in ("ETag", "Cache-Control"):
        if header in response:
            not_modified[header] = response[header]
    return not_modified


def atomic_with_files(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in a database transaction; if it fails, also delete the files it stored.

    Database rows roll back by themselves, files do not: together, a failure leaves neither a file
    without its record nor a record without its file. Nested calls belong to the outermost one.
    """

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        committed = False

        def mark_committed() -> None:
            nonlocal committed
            committed = True

        # What fails after the commit (a callback of on_commit) must not delete the files the committed
        # records refer to: the marker runs first among this transaction's callbacks.
        with files_removed_on_error(unless=lambda: committed), transaction.atomic():
            transaction.on_commit(mark_committed)
            return function(*args, **kwargs)

    return wrapper


def store_file(field_file: FieldFile, name: str, content: File) -> None:
    """Save `content` into a file field (without saving the model), remembered for `atomic_with_files`."""
    field_file.save(name, content, save=False)
    stored = _stored_files.get()
    if stored is not None:
        stored.append((field_file.storage, field_file.name))


def delete_file_on_commit(field_file: FieldFile) -> None:
    """Delete a stored file once the transaction that stopped referring to it has committed."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: _delete_quietly(storage, name))


@contextmanager
def files_removed_on_error(unless: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Files stored inside the block (through `store_file`) are deleted again if the block raises,
    unless `unless()` says that they are in use after all (their records have committed)."""
    outer = _stored_files.get()
    stored = outer if outer is not None else []
    start = len(stored)
    token = _stored_files.set(stored) if outer is None else None
    try:
        yield
    except BaseException:
        if unless():
            raise
        for storage, name in stored[start:]:
            _delete_quietly(storage, name)
        del stored[start:]
        raise
    finally:
        if token is not None:
            _stored_files.reset(token)


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        # `manage.py verify_files` reports a file no record refers to; failing the request would not help.
        logger.exception("Could not delete the stored file %s", name)
