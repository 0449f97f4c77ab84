from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sitewide"
    verbose_name = _("Site-wide pages")
