"""An email that cannot be sent changes nothing about the change it announces (issue 11, finding 1).

The mail server is real and down: the outbox's delivery through Django's SMTP backend connects to a port
where nothing listens. The notices wait in the outbox, tried again later.
"""

import socket

import pytest
from django.test import override_settings

from knowledge.models import Attachment, Output
from outbox.models import OutgoingEmail
from submissions.models import Comment
from tests import sample_files
from tests.submissions.support import downloaded, stored_files, submission_data, text_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with override_settings(
        OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port,
        EMAIL_USE_TLS=False,
    ):
        yield


def test_a_submission_with_a_file_is_kept_whole_when_mail_is_down(
    client, people, media_root, mail_server_down, django_capture_on_commit_callbacks
):
    client.force_login(people.official)
    data = submission_data(
        people, submit="1", attachments=[upload("plan.pdf", sample_files.pdf_bytes("Flood plan"))]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/new/", data, follow=True)

    assert response.status_code == 200
    assert "nothing was saved" not in text_of(response)
    output = Output.objects.get()
    assert output.status == Output.Status.SUBMITTED
    attachment = Attachment.objects.get(output=output)
    assert len(stored_files(media_root)) >= 1
    assert attachment.file.storage.exists(attachment.file.name)
    client.force_login(people.curator)
    assert downloaded(client.get(attachment.get_absolute_url())).startswith(b"%PDF")
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.WAITING, attempts=1)
    assert waiting.count() == OutgoingEmail.objects.count() >= 1
    assert "Connection refused" in waiting.first().last_error


def test_a_comment_is_stored_once_and_answered_when_mail_is_down(
    client, people, mail_server_down, django_capture_on_commit_callbacks
):
    client.force_login(people.official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/submit/new/", submission_data(people, submit="1"))
    output = Output.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/submit/{output.pk}/comments/", {"body": "Is the map final?"})

    assert response.status_code == 302
    assert Comment.objects.filter(output=output).count() == 1
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.WAITING)
    assert waiting.filter(subject__icontains="comment").exists()
