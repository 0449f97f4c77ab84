from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

router = SimpleRouter(trailing_slash=True)
router.register("outputs", views.OutputViewSet, basename="output")
router.register("lessons", views.LessonViewSet, basename="lesson")
router.register("cities", views.CityViewSet, basename="city")
router.register("deep-dives", views.DeepDiveViewSet, basename="deep-dive")
router.register("action-plans", views.ActionPlanViewSet, basename="action-plan")
router.register("themes", views.ThemeViewSet, basename="theme")

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
