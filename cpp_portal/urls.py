from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse_lazy
from django.views.generic import TemplateView

from cpp_portal import views
from cpp_portal.sitemaps import SITEMAPS
from knowledge.oai import views as oai_views
from search import views as search_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # For machines: one address each, outside the language prefix.
    path("oai/", oai_views.endpoint, name="oai"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

# The staff admin is in both languages too (/ja/admin/): Django translates its own screens. Its "View
# site" link leads to the home page in the admin's language.
admin.site.site_url = reverse_lazy("home")

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("submissions.urls")),
    path("cities/", include("cities.urls")),
    path("deep-dives/", include("deep_dives.urls")),
    path("", include("knowledge.urls")),
    path("search/", search_views.search, name="search"),
    prefix_default_language=False,
)
