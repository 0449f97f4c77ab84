"""The root URLconf: the one module of the project package that imports the apps.

The sections of the cities and of the deep dives are put together here, because their pages come from
two apps: the lists and the files from their own app, a city's and a deep dive's page (which show every
app's content) from `sitewide`.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView, TemplateView

from cities import views as cities_views
from cpp_portal import health
from deep_dives import views as deep_dives_views
from kits import views as kits_views
from knowledge.oai import views as oai_views
from search import views as search_views
from sitewide import views as sitewide_views
from sitewide.sitemaps import SITEMAPS

cities_section = (
    [
        path("", sitewide_views.city_list, name="city_list"),
        path("<slug:slug>/", sitewide_views.city_detail, name="city_detail"),
        path("<slug:slug>/cover/", cities_views.city_cover, name="city_cover"),
    ],
    "cities",
)
deep_dives_section = (
    [
        path("", deep_dives_views.deep_dive_list, name="deep_dive_list"),
        path("<slug:slug>/", sitewide_views.deep_dive_detail, name="deep_dive_detail"),
        path("<slug:slug>/cover/", deep_dives_views.deep_dive_cover, name="deep_dive_cover"),
        path("<slug:slug>/kit.zip", kits_views.deep_dive_kit, {"variant": "light"}, name="deep_dive_kit"),
        path(
            "<slug:slug>/kit-with-videos.zip",
            kits_views.deep_dive_kit,
            {"variant": "full"},
            name="deep_dive_full_kit",
        ),
    ],
    "deep_dives",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # For machines: one address each, outside the language prefix.
    path("oai/", oai_views.endpoint, name="oai"),
    path("api/", include("api.urls")),
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
    # The admin's "Change password" is the portal's, which asks "Confirm it's you" and signs out every other
    # browser.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("", sitewide_views.home, name="home"),
    path("dashboard/", sitewide_views.dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("", include("submissions.urls")),
    path("cities/", include(cities_section)),
    path("deep-dives/", include(deep_dives_section)),
    path("", include("knowledge.urls")),
    path("search/", search_views.search, name="search"),
    prefix_default_language=False,
)
