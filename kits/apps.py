from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    name = "kits"
    verbose_name = _("Deep dive kits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content_state.versions import scopes_changed
        from kits import signals

        scopes_changed.connect(signals.kits_follow_content, dispatch_uid="kits-follow-content")
