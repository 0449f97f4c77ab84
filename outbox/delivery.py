"""Sending the outbox: each message is taken by one worker at a time, tried again with growing delays
while the mail server fails, and marked sent once the server has accepted it, so it goes out once."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)

# The wait after each failed attempt; after the last one the message is marked failed (the admin lists
# it, and a curator can send it again from there).
RETRY_DELAYS = [timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 720)]
# A message still being sent this long after a worker took it was left by a worker that stopped.
ABANDONED_AFTER = timedelta(minutes=10)
# How many due messages one sweep sends at most; the next sweep takes the rest.
SWEEP_SIZE = 200

Status = OutgoingEmail.Status


def deliver(pk: int) -> bool:
    """Send one message if it is due and no other worker has it; True if it was sent now."""
    now = timezone.now()
    taken = (
        OutgoingEmail.objects.due(now)
        .filter(pk=pk)
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not taken:
        return False
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        with get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False) as connection:
            connection.send_messages([_message(email)])
    except Exception as error:  # noqa: BLE001 (whatever the mail server or network does, try again later)
        _failed(email, error)
        return False
    OutgoingEmail.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def deliver_due() -> int:
    """Send what is due (new messages whose job was lost, retries whose time has come); the number sent."""
    now = timezone.now()
    abandoned = OutgoingEmail.objects.filter(status=Status.SENDING, claimed_at__lt=now - ABANDONED_AFTER)
    abandoned.update(status=Status.WAITING, next_attempt_at=now, last_error="The worker sending it stopped.")
    due = OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    return sum(deliver(pk) for pk in list(due[:SWEEP_SIZE]))


def send_again(emails) -> int:
    """A curator's retry of failed messages: due at once, with a fresh series of attempts."""
    return emails.filter(status=Status.FAILED).update(
        status=Status.WAITING, attempts=0, next_attempt_at=timezone.now()
    )


def _failed(email: OutgoingEmail, error: Exception) -> None:
    description = f"{type(error).__name__}: {error}"[:2000]
    if email.attempts > len(RETRY_DELAYS):
        logger.error("Email %s failed %s times and is given up: %s", email.pk, email.attempts, description)
        update = {"status": Status.FAILED}
    else:
        logger.warning("Email %s failed (attempt %s), tried again later: %s", email.pk, email.attempts, error)
        retry_at = timezone.now() + RETRY_DELAYS[email.attempts - 1]
        update = {"status": Status.WAITING, "next_attempt_at": retry_at}
    OutgoingEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(last_error=description, **update)


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers={**email.headers, "Message-ID": email.message_id},
    )
    for content, mimetype in email.alternatives:
        message.attach_alternative(content, mimetype)
    return message
