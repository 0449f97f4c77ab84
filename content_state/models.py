from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentChange(models.Model):
    """One scope of content that a write changed, written by the database itself (content_state/triggers.py)
    in the same transaction as the write: whatever wrote it, the admin, a bulk `update()`, a `COPY` or
    raw SQL. `content_state.versions.sync` claims these rows and renews the scopes they name."""

    scope = models.CharField(_("scope"), max_length=120)

    class Meta:
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")

    def __str__(self) -> str:
        return self.scope
