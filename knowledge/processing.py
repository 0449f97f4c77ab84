"""Processing stored files in the task queue: re-encoding images, the text and thumbnail of documents.

A request stores a file after the cheap checks (knowledge/uploads) and marks it waiting; once that has
committed, a worker processes it in a child process within the budget of settings.FILE_PROCESSING_*
(file_processing/sandbox.py), then stores what came out (the re-encoded image, the thumbnail, the text)
and marks it ready, or failed with the reason, which its officials and the curators see. Until then it
is served to nobody, and its output cannot be published (submissions/services.py).

A job may run twice (a worker killed in the middle gives it back; the periodic sweep queues a file
whose job seems lost): each attempt is counted and the result of one is only kept if the file is still
the one it read. A failure that is not the file's (storage or database out of reach) is retried with
backoff; after settings.FILE_PROCESSING_ATTEMPTS attempts the file is marked failed.

Processing writes with `update()`, not `save()`: it changes no `updated_at`, so it never looks like an
edit to someone editing the output at the same time.
"""

import hashlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils import timezone

from cpp_portal.file_types import guess_content_type
from cpp_portal.files import atomic_with_files, delete_file_on_commit, store_file
from cpp_portal.processing import budget
from cpp_portal.tasks import enqueue_on_commit
from file_processing.refusals import Refused
from file_processing.sandbox import Processed, process_in_child
from knowledge.models import Attachment, FileProcessing, Output

logger = logging.getLogger(__name__)

# How many stalled files one sweep queues again, at most.
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Slot:
    """Where a kind of processed file lives: its model and the fields of the file and its processing."""

    name: str
    model: type[models.Model]
    file: str
    thumbnail: str
    checksum: str
    state: str
    problem: str
    attempts: str
    updated_at: str
    size: str | None = None
    text: str | None = None
    content_type: str | None = None

    def content_type_of(self, instance: models.Model) -> str:
        if self.content_type:
            return getattr(instance, self.content_type)
        return guess_content_type(getattr(instance, self.file).name)


ATTACHMENT = Slot(
    name="attachment",
    model=Attachment,
    file="file",
    thumbnail="thumbnail",
    checksum="sha256",
    state="processing",
    problem="processing_problem",
    attempts="processing_attempts",
    updated_at="processing_updated_at",
    size="size",
    text="extracted_text",
    content_type="content_type",
)
COVER = Slot(
    name="cover",
    model=Output,
    file="cover_image",
    thumbnail="cover_thumbnail",
    checksum="cover_sha256",
    state="cover_processing",
    problem="cover_processing_problem",
    attempts="cover_processing_attempts",
    updated_at="cover_processing_updated_at",
)
SLOTS = {slot.name: slot for slot in (ATTACHMENT, COVER)}


def mark_waiting(instance: models.Model, slot: Slot) -> None:
    """Mark a file just stored as waiting; the caller saves `instance`, then calls `queue`."""
    setattr(instance, slot.state, FileProcessing.WAITING)
    setattr(instance, slot.problem, "")
    setattr(instance, slot.attempts, 0)
    setattr(instance, slot.updated_at, timezone.now())


def queue(instance: models.Model, slot: Slot) -> None:
    """Queue the processing of the saved `instance`'s file for when the transaction has committed."""
    from knowledge.tasks import process_file

    enqueue_on_commit(process_file, slot.name, instance.pk)


def process(slot_name: str, pk: int) -> None:
    """One attempt at processing a waiting file; does nothing if it is not waiting any more."""
    slot = SLOTS[slot_name]
    stored_name = _begin_attempt(slot, pk)
    if stored_name is None:
        return
    instance = slot.model.objects.get(pk=pk)
    with tempfile.TemporaryDirectory(prefix="cpp-processing-") as folder:
        source = Path(folder) / "source"
        work_folder = Path(folder) / "work"
        work_folder.mkdir()
        with getattr(instance, slot.file).open("rb") as stored, source.open("wb") as copy:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
        try:
            processed = process_in_child(source, slot.content_type_of(instance), work_folder, budget())
        except Refused as refused:
            logger.warning("Refused %s %s (%s): %s", slot.name, pk, stored_name, refused.problem)
            _finish(slot, pk, stored_name, problem=refused.problem)
            return
        _finish(slot, pk, stored_name, processed=processed)


def process_waiting_now() -> int:
    """Process every waiting file in this process, one after the other (the demo loader's way: the same
    processing as the queue's, with the same budget). Returns how many were processed."""
    count = 0
    for slot in SLOTS.values():
        for pk in slot.model.objects.filter(**{slot.state: FileProcessing.WAITING}).values_list(
            "pk", flat=True
        ):
            process(slot.name, pk)
            count += 1
    return count


def queue_stalled_files() -> int:
    """Queue again the files waiting longer than settings.FILE_PROCESSING_STALLED_AFTER since they were
    last queued or tried: their job was lost (a broker out of reach when they were stored, a worker gone).
    Returns how many were queued."""
    from knowledge.tasks import process_file

    stalled_since = timezone.now() - settings.FILE_PROCESSING_STALLED_AFTER
    queued = 0
    for slot in SLOTS.values():
        waiting = slot.model.objects.filter(**{slot.state: FileProcessing.WAITING})
        stalled = waiting.filter(
            models.Q(**{f"{slot.updated_at}__lt": stalled_since})
            | models.Q(**{f"{slot.updated_at}__isnull": True})
        )
        pks = list(stalled.values_list("pk", flat=True)[:SWEEP_BATCH])
        slot.model.objects.filter(pk__in=pks).update(**{slot.updated_at: timezone.now()})
        for pk in pks:
            try:
                process_file.delay(slot.name, pk)
            except Exception:  # noqa: BLE001 (the next sweep tries again)
                logger.exception("Could not queue the processing of %s %s", slot.name, pk)
                return queued
            queued += 1
    return queued


def _begin_attempt(slot: Slot, pk: int) -> str | None:
    """Count an attempt and return the name of the stored file it reads, or None if there is nothing to
    do: the file is not waiting (any more), or it has used up its attempts (then it is marked failed)."""
    with transaction.atomic():
        row = (
            slot.model.objects.select_for_update()
            .filter(pk=pk, **{slot.state: FileProcessing.WAITING})
            .values(slot.file, slot.attempts)
            .first()
        )
        if row is None or not row[slot.file]:
            return None
        mine = slot.model.objects.filter(pk=pk)
        if row[slot.attempts] >= settings.FILE_PROCESSING_ATTEMPTS:
            mine.update(**{slot.state: FileProcessing.FAILED, slot.problem: "keeps_failing"})
            logger.error("Gave up processing %s %s after %s attempts", slot.name, pk, row[slot.attempts])
            return None
        mine.update(**{slot.attempts: row[slot.attempts] + 1, slot.updated_at: timezone.now()})
        return row[slot.file]


@atomic_with_files
def _finish(
    slot: Slot, pk: int, stored_name: str, *, processed: Processed | None = None, problem: str = ""
) -> None:
    instance = slot.model.objects.select_for_update().filter(pk=pk).first()
    if (
        instance is None
        or getattr(instance, slot.state) != FileProcessing.WAITING
        or getattr(instance, slot.file).name != stored_name
    ):
        # Removed, replaced or processed by another attempt meanwhile: this result is of no use.
        return
    if processed is None:
        slot.model.objects.filter(pk=pk).update(**{slot.state: FileProcessing.FAILED, slot.problem: problem})
        return
    changes: dict = {slot.state: FileProcessing.READY, slot.problem: ""}
    if processed.content is not None:
        stored = getattr(instance, slot.file)
        delete_file_on_commit(stored)
        with processed.content.open("rb") as content:
            store_file(stored, Path(stored_name).name, File(content))
        changes[slot.file] = stored.name
        changes[slot.checksum], size = _checksum_and_size(processed.content)
        if slot.size:
            changes[slot.size] = size
    thumbnail = getattr(instance, slot.thumbnail)
    delete_file_on_commit(thumbnail)
    if processed.thumbnail:
        store_file(thumbnail, "thumbnail.jpg", ContentFile(processed.thumbnail))
        changes[slot.thumbnail] = thumbnail.name
    else:
        changes[slot.thumbnail] = ""
    if slot.text:
        changes[slot.text] = processed.text
    slot.model.objects.filter(pk=pk).update(**changes)


def _checksum_and_size(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest(), path.stat().st_size
