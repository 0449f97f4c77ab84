"""Hostile and broken files sent through /submit/new/: each refused with a clear message, nothing stored."""

import io

import pytest
from django.test import override_settings
from PIL import Image

from knowledge.models import Attachment, Output
from tests import builders, sample_files
from tests.submissions.support import stored_files, submission_data, text_of, upload

pytestmark = pytest.mark.django_db

ALLOWED = "Allowed: PDF, Word, PowerPoint, Excel, JPEG, PNG, WebP and MP4 files."


def post_new(client, people, **data):
    client.force_login(people.official)
    return client.post("/submit/new/", submission_data(people, **data))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            sample_files.HTML_AS_PDF,
            f"“report.pdf” is not really a PDF: its contents are of another kind. {ALLOWED}",
        ),
        (
            "shell.pdf",
            sample_files.PHP_AS_PDF,
            f"“shell.pdf” is not really a PDF: its contents are of another kind. {ALLOWED}",
        ),
        (
            "logo.svg",
            sample_files.SVG_WITH_SCRIPT,
            f"“logo.svg” is not a type of file the portal accepts. {ALLOWED}",
        ),
        (
            "logo.png",
            sample_files.SVG_WITH_SCRIPT,
            f"“logo.png” is not really a PNG image: its contents are of another kind. {ALLOWED}",
        ),
        (
            "page.html",
            sample_files.HTML_AS_PDF,
            f"“page.html” is not a type of file the portal accepts. {ALLOWED}",
        ),
        (
            "huge.png",
            sample_files.png_bomb(),
            "“huge.png” has too many pixels: images may have at most 50 million.",
        ),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
        (
            "notes.docx",
            sample_files.pdf_bytes("A PDF in disguise"),
            "“notes.docx” is not really a Word document",
        ),
        ("clip.mp4", sample_files.HTML_AS_PDF, "“clip.mp4” is not really a MP4 video"),
    ],
    ids=[
        "html-as-pdf",
        "php-as-pdf",
        "svg",
        "svg-as-png",
        "html",
        "png-bomb",
        "empty",
        "pdf-as-docx",
        "html-as-mp4",
    ],
)
def test_a_hostile_attachment_is_refused_and_nothing_is_stored(
    client, people, media_root, name, content, message
):
    response = post_new(client, people, attachments=[upload(name, content)])

    assert response.status_code == 200
    text = text_of(response)
    assert "Nothing was saved. Please correct what is marked below." in text
    assert message in text
    assert not Output.objects.exists()
    assert stored_files(media_root) == []


def test_every_bad_file_of_a_batch_is_named_and_the_good_ones_are_not_kept(client, people, media_root):
    response = post_new(
        client,
        people,
        attachments=[
            upload("good.pdf", sample_files.pdf_bytes("Fine")),
            upload("one.pdf", sample_files.HTML_AS_PDF),
            upload("two.exe", b"MZ\x90\x00"),
        ],
    )

    text = text_of(response)
    assert "“one.pdf” is not really a PDF" in text
    assert "“two.exe” is not a type of file the portal accepts" in text
    assert not Output.objects.exists()
    assert stored_files(media_root) == []


def test_a_cover_must_be_an_image(client, people, media_root):
    response = post_new(client, people, cover=upload("cover.pdf", sample_files.pdf_bytes("Not an image")))

    assert (
        "“cover.pdf” is not a type of file the portal accepts. Allowed: JPEG, PNG and WebP images."
        in text_of(response)
    )
    assert not Output.objects.exists()
    assert stored_files(media_root) == []


@override_settings(UPLOAD_MAX_DOCUMENT_SIZE=20_000, UPLOAD_MAX_IMAGE_SIZE=20_000)
@pytest.mark.parametrize(("size", "accepted"), [(20_000, True), (20_001, False)])
def test_a_file_one_byte_over_its_limit_is_refused_and_one_at_the_limit_is_kept(
    client, people, media_root, size, accepted
):
    content = sample_files.padded_pdf(size)
    response = post_new(client, people, attachments=[upload("exact.pdf", content)])

    if accepted:
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.size == size
        assert attachment.file.read() == content
    else:
        assert "“exact.pdf” is larger than the 19.5 KB allowed for a document." in text_of(response)
        assert not Output.objects.exists()
        assert stored_files(media_root) == []


@override_settings(UPLOAD_MAX_IMAGE_SIZE=1_000)
def test_the_limits_are_shown_on_the_form_and_follow_the_settings(client, people):
    client.force_login(people.official)
    text = text_of(client.get("/submit/new/"))

    assert (
        "PDF, Word, PowerPoint and Excel documents up to 50.0 MB each; JPEG, PNG and WebP images up to "
        "1000 bytes; MP4 videos up to 500.0 MB. Up to 20 files at a time."
    ) in text
    response = post_new(client, people, cover=upload("cover.png", sample_files.noise_png(40, 40)))
    assert "“cover.png” is larger than the 1000 bytes allowed for an image." in text_of(response)


def test_a_name_with_folders_and_control_characters_is_stored_under_a_random_name(client, people, media_root):
    content = sample_files.pdf_bytes("Safe content")
    response = post_new(client, people, attachments=[upload("../../etc/pa\x07ss\x1bwd\t.pdf", content)])

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.display_name == "passwd.pdf"
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(".pdf")
    assert len(attachment.file.name) == len("attachments/") + 32 + len(".pdf")
    assert (media_root / attachment.file.name).read_bytes() == content
    assert all(".." not in path and "etc" not in path for path in stored_files(media_root))


def test_exif_and_gps_do_not_survive_re_encoding(client, people):
    original = sample_files.jpeg_bytes(64, 48, gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(sample_files.GPS_IFD)

    response = post_new(client, people, attachments=[upload("site-visit.jpg", original)])
    builders.process_files()

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = attachment.file.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"Test camera maker" not in stored
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(stored)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "text"),
    [
        (
            "note.pdf",
            sample_files.pdf_bytes("Trams bring people back to the centre."),
            "application/pdf",
            "Trams bring people back to the centre.",
        ),
        (
            "note.docx",
            sample_files.docx_bytes("First paragraph.", "Densify around stations."),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "First paragraph.\nDensify around stations.",
        ),
        (
            "figures.xlsx",
            sample_files.xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "",
        ),
        ("clip.mp4", sample_files.mp4_bytes(), "video/mp4", ""),
        ("chart.webp", sample_files.webp_bytes(), "image/webp", ""),
        ("map.png", sample_files.png_bytes(), "image/png", ""),
    ],
    ids=["pdf", "docx", "xlsx", "mp4", "webp", "png"],
)
def test_each_allowed_type_is_kept_with_its_real_type_and_text(
    client, people, name, content, content_type, text
):
    response = post_new(client, people, attachments=[upload(name, content, "application/x-whatever")])
    builders.process_files()

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type
    assert attachment.extracted_text == text
    assert bool(attachment.thumbnail) == (
        content_type == "application/pdf" or content_type.startswith("image/")
    )
