"""Email through the outbox and a real worker: what a request announces reaches the mail server once, also
when the server was down for a while, and a request never waits for it."""

import pytest
from django.utils import timezone

from knowledge.models import Output
from outbox import tasks
from outbox.models import OutgoingEmail
from submissions.models import Comment
from tests.queue.conftest import wait_for
from tests.submissions.support import submission_data

Status = OutgoingEmail.Status


def test_a_comment_reaches_the_mail_server_once(client, people, smtp_server, worker):
    client.force_login(people.official)
    client.post("/submit/new/", submission_data(people, submit="1"))
    output = Output.objects.get()

    response = client.post(f"/submit/{output.pk}/comments/", {"body": "Is the map of the bus lines final?"})

    assert response.status_code == 302
    wait_for(lambda: not OutgoingEmail.objects.exclude(status=Status.SENT).exists(), what="the emails")
    received = [envelope for envelope in smtp_server.messages if b"bus lines final" in envelope.content]
    assert [envelope.rcpt_tos for envelope in received] == [["curator@tdlc.example"]]
    assert OutgoingEmail.objects.filter(status=Status.SENT).count() == len(smtp_server.messages)


def test_mail_down_then_up_sends_each_notice_once(client, people, smtp_server, worker_factory):
    smtp_server.stop()
    worker = worker_factory()
    client.force_login(people.official)

    response = client.post("/submit/new/", submission_data(people, submit="1"))

    assert response.status_code == 302
    assert Output.objects.get().status == Output.Status.SUBMITTED
    wait_for(lambda: OutgoingEmail.objects.filter(attempts=1, status=Status.WAITING).count() == 2)
    assert "refused" in OutgoingEmail.objects.first().last_error.lower()

    # The mail server is back, on the same port, and the retries' time has come.
    smtp_server.start()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    tasks.deliver_due_emails.delay()
    tasks.deliver_due_emails.delay()  # twice: the second sweep finds nothing left to send

    wait_for(lambda: OutgoingEmail.objects.filter(status=Status.SENT).count() == 2, what="the retries")
    worker.stop()
    assert sorted(envelope.rcpt_tos for envelope in smtp_server.messages) == [
        ["aiko@toyama.example"],
        ["curator@tdlc.example"],
    ]


@pytest.mark.parametrize("comments", [5])
def test_parallel_workers_send_nothing_twice(client, people, smtp_server, worker_factory, comments):
    client.force_login(people.official)
    client.post("/submit/new/", submission_data(people, submit="1"))
    output = Output.objects.get()
    for number in range(comments):
        client.post(f"/submit/{output.pk}/comments/", {"body": f"Question {number}"})
    # Every message is also due for a sweep at once: two workers race for each.
    worker_factory()
    worker_factory()
    tasks.deliver_due_emails.delay()
    tasks.deliver_due_emails.delay()

    wait_for(lambda: not OutgoingEmail.objects.exclude(status=Status.SENT).exists(), what="the emails")
    assert Comment.objects.count() == comments
    assert len(smtp_server.messages) == OutgoingEmail.objects.count() == comments + 2
