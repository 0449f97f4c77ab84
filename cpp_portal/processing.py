"""Processing a file in a child process within its budget (file_processing/), as every app sees it: the
budget the settings give, why a file was refused in the reader's language, and the admin's field for a
cover image that is stored as it is uploaded, re-encoded first."""

import shutil
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cpp_portal.file_types import IMAGE_TYPES, allowed_type, check_size, clean_display_name
from file_processing.refusals import Refused
from file_processing.sandbox import Budget, process_in_child

# Why a file could not be processed: the codes of file_processing, and the queue's own.
PROCESSING_PROBLEMS = {
    "too_many_pixels": _("“%(name)s” has too many pixels: images may have at most %(megapixels)s million."),
    "damaged_image": _("“%(name)s” is damaged or incomplete and cannot be read as an image."),
    "damaged_pdf": _("“%(name)s” is damaged and cannot be opened as a PDF."),
    "password_pdf": _("“%(name)s” is protected by a password: upload it without the password."),
    "empty_pdf": _("“%(name)s” is a PDF without pages."),
    "over_time": _(
        "“%(name)s” takes longer to read than the %(seconds)s seconds of processor time allowed for one file."
    ),
    "over_memory": _("“%(name)s” needs more memory to read than the %(memory)s allowed for one file."),
    "over_output": _("Reading “%(name)s” gives more than the %(output)s allowed for one file."),
    "unreadable": _("“%(name)s” could not be read: the program that reads files of its kind stopped on it."),
    "keeps_failing": _("“%(name)s” could not be processed: %(attempts)s attempts failed."),
}


def processing_problem_message(problem: str, name: str) -> str:
    """The message, in the reader's language, that tells why the file `name` could not be processed."""
    message = PROCESSING_PROBLEMS.get(problem, PROCESSING_PROBLEMS["unreadable"])
    return message % {
        "name": name,
        "megapixels": f"{settings.UPLOAD_MAX_IMAGE_PIXELS / 1_000_000:g}",
        "seconds": settings.FILE_PROCESSING_CPU_SECONDS,
        "memory": filesizeformat(settings.FILE_PROCESSING_MEMORY),
        "output": filesizeformat(settings.FILE_PROCESSING_OUTPUT),
        "attempts": settings.FILE_PROCESSING_ATTEMPTS,
    }


def budget() -> Budget:
    return Budget(
        cpu_seconds=settings.FILE_PROCESSING_CPU_SECONDS,
        memory_bytes=settings.FILE_PROCESSING_MEMORY,
        output_bytes=settings.FILE_PROCESSING_OUTPUT,
        wall_seconds=settings.FILE_PROCESSING_WALL_SECONDS,
        max_pixels=settings.UPLOAD_MAX_IMAGE_PIXELS,
    )


def image_with_pixels_only(upload: UploadedFile) -> UploadedFile:
    """The uploaded image re-encoded in the child process, within the budget of one file, so that only its
    pixels are kept; refuses, with the reason, a file that is not an accepted image, too large, damaged
    or over its budget."""
    name = clean_display_name(upload.name or "")
    content_type = allowed_type(name, images_only=True)
    check_size(upload, name, content_type)
    with tempfile.TemporaryDirectory(prefix="cpp-processing-") as folder:
        source, work_folder = Path(folder) / "source", Path(folder) / "work"
        work_folder.mkdir()
        with source.open("wb") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
        try:
            processed = process_in_child(source, content_type, work_folder, budget())
            if processed.content is None:
                raise Refused("unreadable")
        except Refused as refused:
            raise ValidationError(
                processing_problem_message(refused.problem, name), code=refused.problem
            ) from None
        # In memory while small, as Django keeps uploads, an anonymous temporary file beyond that; open
        # until the form's file is stored.
        kept = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        with processed.content.open("rb") as content:
            shutil.copyfileobj(content, kept, 1024 * 1024)
    size = kept.tell()
    kept.seek(0)
    return UploadedFile(kept, name=name, content_type=content_type, size=size)


class PixelsOnlyImageField(forms.FileField):
    """The admin's field for a cover image that is stored as it is uploaded (cities, deep dives), with no
    processing by the task queue afterwards: it is re-encoded here, before the form is valid. Staff alone
    upload them, so a request may wait for it; and Django's own image field is not used, so that no
    decoder reads the file outside the child process."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return image_with_pixels_only(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(sorted(IMAGE_TYPES))
        return attrs
