from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api import schema, views

        schema.document_filters(
            *(
                viewset.filterset_class
                for _, viewset, _ in views.ENDPOINTS
                if hasattr(viewset, "filterset_class")
            )
        )
