from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from content_state.versions import scopes_changed, syncing
        from knowledge.models import Attachment, Output
        from knowledge.releases import look_again_for_releases, release_due_outputs
        from knowledge.signals import delete_stored_files

        for model in (Output, Attachment):
            post_delete.connect(
                delete_stored_files, sender=model, dispatch_uid=f"delete-files-{model.__name__}"
            )
        syncing.connect(release_due_outputs, dispatch_uid="knowledge-release-due-outputs")
        scopes_changed.connect(look_again_for_releases, dispatch_uid="knowledge-look-again-for-releases")
