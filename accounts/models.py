import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.user_agents import describe_user_agent


def _expired(now: datetime.datetime) -> models.Q:
    return models.Q(last_seen__lte=now - settings.SESSION_IDLE_TIMEOUT) | models.Q(
        signed_in_at__lte=now - settings.SESSION_ABSOLUTE_TIMEOUT
    )


class UserSessionQuerySet(models.QuerySet):
    def active(self):
        """Sessions that have not run past either time-out (accounts/sessions.py)."""
        return self.exclude(_expired(timezone.now()))

    def expired(self):
        """Sessions whose browser never came back: their rows stay until the user next signs in."""
        return self.filter(_expired(timezone.now()))


class UserSession(models.Model):
    """One signed-in browser, so that its user can see it and end it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.device}"

    @property
    def device(self) -> str:
        return describe_user_agent(self.user_agent)
