from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from cpp_portal import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("submissions.urls")),
    path("cities/", include("cities.urls")),
    path("deep-dives/", include("deep_dives.urls")),
    path("", include("knowledge.urls")),
    prefix_default_language=False,
)
