from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
from django.utils.translation import gettext_lazy as _


class ContentStateConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_state"
    verbose_name = _("Content state")

    def ready(self) -> None:
        from content_state import triggers

        pre_migrate.connect(triggers.uninstall, sender=self, dispatch_uid="content-state-uninstall-triggers")
        post_migrate.connect(triggers.install, sender=self, dispatch_uid="content-state-install-triggers")
        # Any sender: a write through a proxy model (submissions.Submission) counts as much as one
        # through its concrete model. Only writes to tracked tables start a sync.
        post_save.connect(sync_after_write, dispatch_uid="content-state-saved")
        post_delete.connect(sync_after_write, dispatch_uid="content-state-deleted")
        m2m_changed.connect(sync_after_links_changed, dispatch_uid="content-state-links")


def _is_tracked(model) -> bool:
    from content_state.triggers import tracked_tables

    return model._meta.db_table in tracked_tables()


def sync_after_write(sender, **kwargs) -> None:
    """The change the database has just logged is renewed at once (and again after the commit)."""
    if _is_tracked(sender):
        from content_state.versions import sync

        sync()


def sync_after_links_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        sync_after_write(sender)
