from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

router = SimpleRouter(trailing_slash=True)
for prefix, viewset, basename in views.ENDPOINTS:
    router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles as it draws: allowed on this page alone (no inline script anywhere).
    path(
        "docs/",
        csp_update({"style-src": ["'self'", "'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not_found"),
]
