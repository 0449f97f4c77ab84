from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeepDivesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deep_dives"
    verbose_name = _("Deep dives")
