from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentStateConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_state"
    verbose_name = _("Content state")
