"""Files follow their records: replaced or deleted files leave storage, and `verify_files` checks the rest."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from knowledge.models import Attachment, Output
from knowledge.services import attachment_add, attachment_replace, output_cover_set
from knowledge.uploads import prepare_upload
from tests import builders, sample_files

pytestmark = pytest.mark.django_db


def stored(media_root) -> set[str]:
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def add(output: Output, name: str, content: bytes) -> Attachment:
    return attachment_add(output=output, prepared=prepare_upload(ContentFile(content, name=name)))


def verify(*args: str) -> tuple[str, bool]:
    out = io.StringIO()
    try:
        call_command("verify_files", *args, stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def test_replacing_an_attachment_removes_the_old_file(media_root, django_capture_on_commit_callbacks):
    output = builders.output("Note")
    with django_capture_on_commit_callbacks(execute=True):
        old = add(output, "v1.pdf", sample_files.pdf_bytes("Version one"))
    old.refresh_from_db()
    old_names = {old.file.name, old.thumbnail.name}

    with django_capture_on_commit_callbacks(execute=True):
        new = attachment_replace(
            attachment=old, prepared=prepare_upload(ContentFile(sample_files.pdf_bytes("Two"), name="v2.pdf"))
        )

    new.refresh_from_db()
    assert stored(media_root) == {new.file.name, new.thumbnail.name}
    assert not old_names & stored(media_root)
    assert new.display_name == "v2.pdf" and new.extracted_text == "Two"


def test_deleting_an_output_removes_all_its_files(media_root, django_capture_on_commit_callbacks):
    output = builders.output("Note")
    kept = builders.output("Another note")
    with django_capture_on_commit_callbacks(execute=True):
        add(output, "a.pdf", sample_files.pdf_bytes("A"))
        add(output, "b.png", sample_files.png_bytes())
        output_cover_set(
            output=output, prepared=prepare_upload(ContentFile(sample_files.jpeg_bytes(), name="c.jpg"))
        )
        other = add(kept, "kept.pdf", sample_files.pdf_bytes("Kept"))
    other.refresh_from_db()
    assert len(stored(media_root)) == 8

    output.refresh_from_db()  # as the admin reads it: the cover re-encoded
    with django_capture_on_commit_callbacks(execute=True):
        output.delete()

    assert stored(media_root) == {other.file.name, other.thumbnail.name}


def test_the_admin_checks_files_too_and_removes_a_replaced_one(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    output = builders.output("Note")
    with django_capture_on_commit_callbacks(execute=True):
        old = add(output, "old.pdf", sample_files.pdf_bytes("Old"))
    data = {
        "title": output.title,
        "slug": output.slug,
        "kind": output.kind,
        "summary": output.summary,
        "body": "",
        "authors": "",
        "language": "en",
        "publication_date": "2020-01-01",
        "licence": output.licence,
        "video_url": "",
        "published_at_0": "2020-01-01",
        "published_at_1": "00:00:00",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "1",
        "attachments-0-id": str(old.pk),
        "attachments-0-output": str(output.pk),
        "attachments-0-display_name": "old.pdf",
        "attachments-0-position": "0",
        "lessons-TOTAL_FORMS": "0",
        "lessons-INITIAL_FORMS": "0",
        "_save": "Save",
    }

    refused = admin_client.post(
        f"/admin/knowledge/output/{output.pk}/change/",
        {**data, "attachments-0-file": ContentFile(sample_files.HTML_AS_PDF, name="new.pdf")},
    )
    assert refused.status_code == 200
    assert "“new.pdf” is not really a PDF" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = admin_client.post(
            f"/admin/knowledge/output/{output.pk}/change/",
            {**data, "attachments-0-file": ContentFile(sample_files.pdf_bytes("New text"), name="new.pdf")},
        )
    assert accepted.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.extracted_text == "New text"
    assert stored(media_root) == {attachment.file.name, attachment.thumbnail.name}


def test_verify_files_reports_what_is_wrong_and_removes_orphans_on_request(media_root):
    output = builders.output("Note")
    good = add(output, "good.pdf", sample_files.pdf_bytes("Good"))
    altered = add(output, "altered.pdf", sample_files.pdf_bytes("Altered"))
    missing = add(output, "missing.pdf", sample_files.pdf_bytes("Missing"))
    (media_root / altered.file.name).write_bytes(b"%PDF-1.4 tampered")
    (media_root / missing.file.name).unlink()
    orphan = media_root / "attachments" / "0123456789abcdef0123456789abcdef.pdf"
    orphan.write_bytes(b"left over")

    report, ok = verify()
    assert not ok
    assert f"MISSING  {missing.file.name}  (knowledge.Attachment {missing.pk} file)" in report
    assert f"ALTERED  {altered.file.name}  (knowledge.Attachment {altered.pk} file)" in report
    assert "ORPHAN   attachments/0123456789abcdef0123456789abcdef.pdf" in report
    assert good.file.name not in report
    assert "1 missing, 1 altered, 1 orphaned (0 removed)" in report
    assert orphan.exists()

    report, _ = verify("--remove-orphans", "--grace-minutes", "0")
    assert "REMOVED  attachments/0123456789abcdef0123456789abcdef.pdf" in report
    assert not orphan.exists()
    assert (media_root / good.file.name).exists()


def test_verify_files_is_quiet_when_all_is_well(media_root):
    add(builders.output("Note"), "good.pdf", sample_files.pdf_bytes("Good"))

    report, ok = verify()

    assert ok
    assert report.strip().endswith("0 missing, 0 altered, 0 orphaned (0 removed).")
