"""Writing outputs' files: every stored file comes from `prepare_upload`, and none is left behind."""

from django.core.files.base import ContentFile
from django.db.models import Max

from cpp_portal.files import atomic_with_files, delete_file_on_commit, store_file
from knowledge.models import Attachment, Output
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
    delete_file_on_commit(attachment.file)
    delete_file_on_commit(attachment.thumbnail)
    attachment.thumbnail = None
    _fill(attachment, prepared)
    return attachment


@atomic_with_files
def attachment_remove(*, attachment: Attachment) -> None:
    # The files are removed by the post_delete handler once the deletion is committed.
    attachment.delete()


@atomic_with_files
def output_cover_set(*, output: Output, prepared: PreparedFile | None) -> None:
    """Give the output a new cover image (re-encoded, with its thumbnail), or none."""
    delete_file_on_commit(output.cover_image)
    delete_file_on_commit(output.cover_thumbnail)
    output.cover_image = output.cover_thumbnail = None
    output.cover_sha256 = ""
    if prepared is not None:
        store_file(output.cover_image, prepared.display_name, prepared.content)
        if prepared.thumbnail:
            store_file(output.cover_thumbnail, "cover.jpg", ContentFile(prepared.thumbnail))
        output.cover_sha256 = prepared.sha256
    output.save(update_fields=["cover_image", "cover_thumbnail", "cover_sha256", "updated_at"])


def _fill(attachment: Attachment, prepared: PreparedFile) -> None:
    attachment.display_name = prepared.display_name
    attachment.content_type = prepared.content_type
    attachment.size = prepared.size
    attachment.sha256 = prepared.sha256
    attachment.extracted_text = prepared.extracted_text
    store_file(attachment.file, prepared.display_name, prepared.content)
    if prepared.thumbnail:
        store_file(attachment.thumbnail, "thumbnail.jpg", ContentFile(prepared.thumbnail))
    attachment.full_clean(exclude=["output"])
    attachment.save()
