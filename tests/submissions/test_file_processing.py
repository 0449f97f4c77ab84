"""Files are processed by the task queue within a budget: the request only stores them; until they are
ready nobody is served them and their output cannot be published; a hostile file costs its budget and is
then refused with a message that its officials and the curators see; and nothing but pixels survives
the re-encoding of an image."""

import datetime
import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from knowledge import processing
from knowledge.models import Attachment, FileProcessing, Output
from tests import builders, sample_files
from tests.submissions.support import submission_data, text_of, upload

pytestmark = pytest.mark.django_db

QUEUE = "/admin/submissions/submission/"


def submit(client, people, *files: tuple[str, bytes], **data) -> Output:
    client.force_login(people.official)
    response = client.post(
        "/submit/new/", submission_data(people, attachments=[upload(*file) for file in files], **data)
    )
    assert response.status_code == 302, text_of(response)
    return Output.objects.latest("pk")


def publish(client, people, output: Output):
    client.force_login(people.curator)
    return client.post(
        f"{QUEUE}{output.pk}/change/",
        {"form": "review", "note": "", "publish_at": "", "action": "publish"},
        follow=True,
    )


def word_file_of_empty_paragraphs(count: int) -> bytes:
    """A small .docx whose main part is `count` empty paragraphs: megabytes of XML from kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "<w:p/>" * count
            + "</w:body></w:document>",
        )
    return buffer.getvalue()


def test_the_request_stores_the_file_and_leaves_its_processing_to_the_queue(client, people):
    output = submit(client, people, ("note.pdf", sample_files.pdf_bytes("Deep dive findings")))

    attachment = output.attachments.get()
    assert attachment.processing == FileProcessing.WAITING
    assert attachment.extracted_text == "" and not attachment.thumbnail
    page = text_of(client.get(f"/submit/{output.pk}/"))
    assert "note.pdf PDF" in page and "Being processed" in page
    # Nobody is served a file before it is processed, its own official included.
    assert client.get(attachment.get_absolute_url()).status_code == 404

    assert builders.process_files() == 1

    attachment.refresh_from_db()
    assert attachment.processing == FileProcessing.READY
    assert "Deep dive findings" in attachment.extracted_text and attachment.thumbnail
    assert client.get(attachment.get_absolute_url()).status_code == 200
    assert "Being processed" not in text_of(client.get(f"/submit/{output.pk}/"))


def test_a_curator_cannot_publish_before_the_files_are_ready(client, people):
    output = submit(client, people, ("note.pdf", sample_files.pdf_bytes("Findings")), submit="1")

    page = text_of(publish(client, people, output))

    assert (
        "“Compact city planning in Toyama” cannot be published yet: “note.pdf” are still being processed."
        in page
    )
    output.refresh_from_db()
    assert output.status == Output.Status.SUBMITTED and not output.is_published

    builders.process_files()
    publish(client, people, output)
    output.refresh_from_db()
    assert output.is_published


def test_a_damaged_file_is_refused_by_its_processing_and_both_sides_are_told(client, people):
    output = submit(
        client,
        people,
        ("photo.jpg", sample_files.truncated_jpeg()),
        ("broken.pdf", b"%PDF-1.7\n<html><script>alert(1)</script>"),
        submit="1",
    )
    builders.process_files()

    photo, broken = output.attachments.order_by("position")
    assert (photo.processing, photo.processing_problem) == (FileProcessing.FAILED, "damaged_image")
    assert (broken.processing, broken.processing_problem) == (FileProcessing.FAILED, "damaged_pdf")
    official_page = text_of(client.get(f"/submit/{output.pk}/"))
    assert "“photo.jpg” is damaged or incomplete and cannot be read as an image." in official_page
    assert "“broken.pdf” is damaged and cannot be opened as a PDF." in official_page
    assert "Remove it, or upload a repaired copy." in official_page

    curator_page = text_of(publish(client, people, output))
    assert "“photo.jpg” is damaged or incomplete and cannot be read as an image." in curator_page
    assert (
        "“Compact city planning in Toyama” cannot be published: “photo.jpg”, “broken.pdf” could not be "
        "processed." in curator_page
    )
    output.refresh_from_db()
    assert not output.is_published
    assert client.get(photo.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("budget", "problem", "message"),
    [
        (
            {"FILE_PROCESSING_CPU_SECONDS": 1},
            "over_time",
            "“empty.docx” takes longer to read than the 1 seconds of processor time allowed for one file.",
        ),
        (
            {"FILE_PROCESSING_WALL_SECONDS": 1},
            "over_time",
            "“empty.docx” takes longer to read than the 30 seconds of processor time allowed for one file.",
        ),
    ],
    ids=["cpu", "wall-clock"],
)
def test_a_hostile_word_file_costs_at_most_its_budget_and_is_refused(
    client, people, budget, problem, message
):
    # 5,000,000 empty paragraphs: 30 MB of XML in 50 kB, which takes seconds of processor time to read.
    output = submit(client, people, ("empty.docx", word_file_of_empty_paragraphs(5_000_000)))

    with override_settings(**budget):
        builders.process_files()
        page = text_of(client.get(f"/submit/{output.pk}/"))

    attachment = output.attachments.get()
    assert (attachment.processing, attachment.processing_problem) == (FileProcessing.FAILED, problem)
    assert message in page


def test_an_image_that_needs_more_memory_than_its_budget_is_refused(client, people):
    # 36 million pixels (within the pixel limit) in a 100 kB file: over 100 MB once decoded.
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(buffer, "PNG")
    output = submit(client, people, ("plain.png", buffer.getvalue()))

    with override_settings(FILE_PROCESSING_MEMORY=96 * 1024 * 1024):
        builders.process_files()
        attachment = output.attachments.get()
        message = attachment.processing_message

    assert (attachment.processing, attachment.processing_problem) == (FileProcessing.FAILED, "over_memory")
    assert message == ("“plain.png” needs more memory to read than the 96.0\xa0MB allowed for one file.")


def test_an_image_whose_re_encoding_exceeds_the_output_budget_is_refused(client, people):
    output = submit(client, people, ("noise.png", sample_files.noise_png(400, 400)))

    with override_settings(FILE_PROCESSING_OUTPUT=100 * 1024):
        builders.process_files()
        attachment = output.attachments.get()
        message = attachment.processing_message

    assert (attachment.processing, attachment.processing_problem) == (FileProcessing.FAILED, "over_output")
    assert message == "Reading “noise.png” gives more than the 100.0\xa0KB allowed for one file."


def test_a_file_whose_processing_keeps_failing_is_marked_failed_after_its_attempts(client, people):
    output = submit(client, people, ("note.pdf", sample_files.pdf_bytes("Findings")))
    attachment = output.attachments.get()
    # The stored file is gone (storage out of reach): every attempt fails, and is counted.
    attachment.file.storage.delete(attachment.file.name)

    with override_settings(FILE_PROCESSING_ATTEMPTS=3):
        for _attempt in range(3):
            with pytest.raises(FileNotFoundError):
                processing.process("attachment", attachment.pk)
            attachment.refresh_from_db()
            assert attachment.processing == FileProcessing.WAITING
        processing.process("attachment", attachment.pk)

        attachment.refresh_from_db()
        assert (attachment.processing, attachment.processing_problem) == (
            FileProcessing.FAILED,
            "keeps_failing",
        )
        assert attachment.processing_attempts == 3
        assert "“note.pdf” could not be processed: 3 attempts failed." in text_of(
            client.get(f"/submit/{output.pk}/")
        )


def test_the_sweep_queues_again_only_the_files_whose_job_was_lost(
    client, people, django_capture_on_commit_callbacks
):
    output = submit(
        client,
        people,
        ("lost.pdf", sample_files.pdf_bytes("Lost job")),
        ("recent.pdf", sample_files.pdf_bytes("Recent job")),
    )
    lost, recent = output.attachments.order_by("position")
    Attachment.objects.filter(pk=lost.pk).update(
        processing_updated_at=timezone.now() - datetime.timedelta(minutes=10)
    )

    # The queue runs its jobs at once in the tests: the one queued again is processed.
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.queue_stalled_files() == 1

    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.processing == FileProcessing.READY and "Lost job" in lost.extracted_text
    assert recent.processing == FileProcessing.WAITING


def test_a_cover_waits_for_processing_before_it_is_shown(client, people):
    output = submit(client, people, cover=upload("cover.jpg", sample_files.jpeg_bytes(1200, 630, gps=True)))

    assert output.cover_processing == FileProcessing.WAITING
    assert client.get(f"/knowledge/{output.slug}/cover/").status_code == 404
    assert "Cover image: Being processed" in text_of(client.get(f"/submit/{output.pk}/"))

    builders.process_files()

    output.refresh_from_db()
    assert output.cover_processing == FileProcessing.READY and output.cover_thumbnail
    response = client.get(f"/knowledge/{output.slug}/cover/")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert dict(image.getexif()) == {}


# Every metadata segment goes: what each format can carry beside its pixels.


@pytest.mark.parametrize(
    ("name", "make", "metadata_of", "kept_only"),
    sample_files.IMAGES_WITH_METADATA,
    ids=["jpeg", "png", "webp"],
)
def test_re_encoding_keeps_nothing_but_pixels(client, people, name, make, metadata_of, kept_only):
    original = make()
    assert sample_files.LOCATION.encode() in original or b"Test camera maker" in original
    output = submit(client, people, (name, original))

    builders.process_files()

    attachment = output.attachments.get()
    stored = attachment.file.read()
    assert metadata_of(stored) <= kept_only, metadata_of(stored) - kept_only
    assert sample_files.LOCATION.encode() not in stored and b"Test camera maker" not in stored
    assert attachment.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 48)
    thumbnail = attachment.thumbnail.read()
    assert metadata_of is not sample_files.jpeg_markers or sample_files.jpeg_markers(thumbnail) <= kept_only
    assert sample_files.LOCATION.encode() not in thumbnail
