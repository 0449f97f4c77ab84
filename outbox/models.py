"""An email is a row first: written in the transaction of the change it announces, sent by a worker."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting to be sent, and not waiting for a retry's time to come."""
        return self.filter(status=OutgoingEmail.Status.WAITING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # The message as Django's EmailMessage holds it, one recipient list per row.
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [[content, mimetype], ...]: the HTML part of a password reset, for instance.
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # When a worker took the message; a message still "being sent" long after was left by a worker that
    # stopped, and is tried again.
    claimed_at = models.DateTimeField(_("taken by a worker at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so that a receiving server can drop a repeat."""
        return f"<cpp-portal-outbox-{self.pk}@{self.from_domain}>"

    @property
    def from_domain(self) -> str:
        address = self.from_email.rsplit("<", 1)[-1].rstrip(">")
        return address.rpartition("@")[2] or "localhost"
