"""Writing outputs' files: every stored file comes from `prepare_upload`, and none is left behind. Each
is stored as it came and processed by the task queue once this has committed (knowledge/processing.py)."""

from django.db.models import Max

from cpp_portal.files import atomic_with_files, delete_file_on_commit, store_file
from knowledge import processing
from knowledge.models import Attachment, FileProcessing, Output
from knowledge.uploads import PreparedFile


@atomic_with_files
def attachment_add(*, output: Output, prepared: PreparedFile, position: int | None = None) -> Attachment:
    if position is None:
        last = output.attachments.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    attachment = Attachment(output=output, position=position)
    _fill(attachment, prepared)
    return attachment


@atomic_with_files
def attachment_replace(*, attachment: Attachment, prepared: PreparedFile) -> Attachment:
    """Put a new file in the place of an attachment's file; the old one goes once this is committed."""
    # The files as stored now: processing may have replaced them since `attachment` was read.
    stored = Attachment.objects.select_for_update().only("file", "thumbnail").get(pk=attachment.pk)
    delete_file_on_commit(stored.file)
    delete_file_on_commit(stored.thumbnail)
    attachment.thumbnail = None
    _fill(attachment, prepared)
    return attachment


@atomic_with_files
def attachment_remove(*, attachment: Attachment) -> None:
    # The files are removed by the post_delete handler once the deletion is committed.
    attachment.delete()


@atomic_with_files
def output_cover_set(*, output: Output, prepared: PreparedFile | None) -> None:
    """Give the output a new cover image (re-encoded, with its thumbnail, by the task queue), or none."""
    # The files as stored now: processing may have replaced them since `output` was read.
    stored = Output.objects.select_for_update().only("cover_image", "cover_thumbnail").get(pk=output.pk)
    delete_file_on_commit(stored.cover_image)
    delete_file_on_commit(stored.cover_thumbnail)
    output.cover_image = output.cover_thumbnail = None
    output.cover_sha256 = ""
    output.cover_processing = FileProcessing.READY
    if prepared is not None:
        store_file(output.cover_image, prepared.display_name, prepared.content)
        output.cover_sha256 = prepared.sha256
        processing.mark_waiting(output, processing.COVER)
    output.save(
        update_fields=[
            "cover_image",
            "cover_thumbnail",
            "cover_sha256",
            "cover_processing",
            "cover_processing_problem",
            "cover_processing_attempts",
            "cover_processing_updated_at",
            "updated_at",
        ]
    )
    if prepared is not None:
        processing.queue(output, processing.COVER)


def _fill(attachment: Attachment, prepared: PreparedFile) -> None:
    attachment.display_name = prepared.display_name
    attachment.content_type = prepared.content_type
    attachment.size = prepared.size
    attachment.sha256 = prepared.sha256
    attachment.extracted_text = ""
    store_file(attachment.file, prepared.display_name, prepared.content)
    processing.mark_waiting(attachment, processing.ATTACHMENT)
    attachment.full_clean(exclude=["output"])
    attachment.save()
    processing.queue(attachment, processing.ATTACHMENT)
