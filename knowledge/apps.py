from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from content_state.tokens import content_changed
        from knowledge.models import Attachment, Output, OutputUsage
        from knowledge.signals import delete_stored_files

        for model in (Output, Attachment):
            post_delete.connect(
                delete_stored_files, sender=model, dispatch_uid=f"delete-files-{model.__name__}"
            )

        # Any change to what the public pages show starts a new content state (content_state.tokens).
        # Usage figures are not content: they change on every visit and are never cached.
        for app_label in ("cities", "deep_dives", "knowledge"):
            for model in apps.get_app_config(app_label).get_models():
                if model is OutputUsage:
                    continue
                uid = f"content-changed-{model._meta.label}"
                post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
                    )
