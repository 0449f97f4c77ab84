"""Files through a real worker: an official's submission is processed by the queue, reviewed and
published; a worker killed in the middle of a job loses nothing and leaves no file behind."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from knowledge import tasks
from knowledge.models import Attachment, FileProcessing, Output
from outbox.models import OutgoingEmail
from tests import sample_files
from tests.queue.conftest import wait_for
from tests.submissions.support import submission_data, text_of, upload
from tests.submissions.test_file_processing import word_file_of_empty_paragraphs


def verify_files() -> str:
    """`manage.py verify_files`'s summary line (it fails itself on a missing or altered file)."""
    out = io.StringIO()
    call_command("verify_files", stdout=out)
    return out.getvalue().splitlines()[-1]


def test_a_submission_is_processed_reviewed_and_published(client, people, smtp_server, worker):
    client.force_login(people.official)
    response = client.post(
        "/submit/new/",
        submission_data(
            people,
            attachments=[
                upload("toyama-note.pdf", sample_files.pdf_bytes("Light rail along the old JR line")),
                upload("site-visit.jpg", sample_files.jpeg_bytes(640, 480, gps=True)),
            ],
            cover=upload("cover.jpg", sample_files.jpeg_bytes(1200, 630)),
            submit="1",
        ),
    )
    assert response.status_code == 302
    output = Output.objects.get()

    wait_for(
        lambda: (
            not Attachment.objects.exclude(processing=FileProcessing.READY).exists()
            and Output.objects.filter(cover_processing=FileProcessing.READY).exists()
        ),
        what="the files to be processed",
    )
    note = output.attachments.get(display_name="toyama-note.pdf")
    assert "Light rail along the old JR line" in note.extracted_text and note.thumbnail
    photo = output.attachments.get(display_name="site-visit.jpg")
    assert b"Test camera maker" not in photo.file.read()

    client.force_login(people.curator)
    client.post(
        f"/admin/submissions/submission/{output.pk}/change/",
        {"form": "review", "note": "Thank you", "publish_at": "", "action": "publish"},
    )
    output.refresh_from_db()
    assert output.is_published

    client.logout()
    assert "Light rail" in text_of(client.get("/search/?q=light+rail"))
    assert client.get(note.get_absolute_url()).status_code == 200
    wait_for(
        lambda: (
            OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()
            == OutgoingEmail.objects.count()
            > 0
        ),
        what="the emails",
    )
    assert verify_files().endswith("0 missing, 0 altered, 0 orphaned (0 removed).")


def test_a_worker_killed_in_the_middle_of_a_job_loses_nothing(client, people, worker_factory):
    first = worker_factory()
    client.force_login(people.official)
    # Seconds of processing (5,000,000 empty paragraphs), long enough to kill the worker in the middle.
    client.post(
        "/submit/new/",
        submission_data(people, attachments=[upload("long.docx", word_file_of_empty_paragraphs(5_000_000))]),
    )
    attachment = Attachment.objects.get()
    wait_for(
        lambda: Attachment.objects.filter(pk=attachment.pk, processing_attempts=1).exists(),
        what="the job to start",
    )

    first.kill()
    attachment.refresh_from_db()
    assert attachment.processing == FileProcessing.WAITING

    worker_factory()
    # The job is the killed worker's until Redis gives it back (after its visibility time-out): the
    # periodic sweep (run here rather than by beat) finds the file whose job was lost, older than the
    # stalled time.
    Attachment.objects.filter(pk=attachment.pk).update(
        processing_updated_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    tasks.process_waiting_files.delay()
    wait_for(
        lambda: Attachment.objects.filter(pk=attachment.pk, processing=FileProcessing.READY).exists(),
        what="the file to be processed after the restart",
    )
    attachment.refresh_from_db()
    assert attachment.processing_attempts == 2
    assert verify_files().endswith("0 missing, 0 altered, 0 orphaned (0 removed).")
