import datetime
import hashlib
import secrets

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


API_TOKEN_PREFIX = "cpp_"
API_TOKENS_PER_USER = 5


def api_key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal key for the read API (`Authorization: Bearer <key>`), with which an official's scripts
    see what the official sees. Only the key's SHA-256 is kept: the key itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What the key is for, such as a city website.")
    )
    # The key's first characters, to tell keys apart on the account page and in the admin.
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new key for `user`: the saved token, and the key, which nothing can show again."""
        key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, hint=key[:10], digest=api_key_digest(key))
        return token, key
