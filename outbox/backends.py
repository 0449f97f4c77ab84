"""The email backend of the portal: every message Django sends (review notices, password resets) becomes
a row of the outbox, in the transaction of the change it announces; a worker sends it later."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from cpp_portal.tasks import enqueue_on_commit
from outbox.models import OutgoingEmail


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        now = timezone.now()
        with transaction.atomic():
            rows = OutgoingEmail.objects.bulk_create(
                [
                    OutgoingEmail(
                        subject=message.subject,
                        body=message.body,
                        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                        to=list(message.to),
                        cc=list(message.cc),
                        bcc=list(message.bcc),
                        reply_to=list(message.reply_to),
                        headers=dict(message.extra_headers),
                        # Only EmailMultiAlternatives has them: a password reset's HTML part, for instance.
                        alternatives=[list(part) for part in getattr(message, "alternatives", [])],
                        next_attempt_at=now,
                    )
                    for message in email_messages
                    if message.recipients()
                ]
            )
        from outbox.tasks import deliver_email

        for row in rows:
            enqueue_on_commit(deliver_email, row.pk)
        return len(rows)
