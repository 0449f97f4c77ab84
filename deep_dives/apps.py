from django.apps import AppConfig


class DeepDivesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deep_dives"
