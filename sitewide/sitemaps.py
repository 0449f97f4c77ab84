"""/sitemap.xml: every public page, in English and in Japanese, each with its hreflang alternates (an
output once, at its canonical address).

The index at /sitemap.xml points to one sitemap per section (/sitemap-outputs.xml, ...), each split into
pages (?p=2) small enough for the protocol's 50,000 addresses a file.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse

from cities.models import City, Theme
from deep_dives.models import DeepDive
from knowledge.models import Lesson, Output


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Counted in (page, language) pairs; each entry also lists its alternates.
    limit = 10000

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class SectionSitemap(PortalSitemap):
    """The list pages of the portal."""

    url_names = [
        "home",
        "knowledge:library",
        "knowledge:lesson_list",
        "cities:city_list",
        "deep_dives:deep_dive_list",
        "knowledge:theme_list",
    ]

    def items(self):
        return self.url_names

    def location(self, item: str) -> str:
        return reverse(item)


class OutputSitemap(PortalSitemap):
    """Each output once, at its one address for machines (`Output.get_canonical_url`): the page in the
    other interface names that address canonical, and a sitemap lists canonical addresses only."""

    i18n = False
    alternates = False
    x_default = False

    def items(self):
        return (
            Output.objects.published()
            .annotate(last_change=Greatest("updated_at", "published_at"))
            .only("slug", "language")
            .order_by("pk")
        )

    def location(self, output) -> str:
        return output.get_canonical_url()

    def lastmod(self, output):
        return output.last_change

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_change"))["latest"]


class LessonSitemap(PortalSitemap):
    def items(self):
        return Lesson.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, lesson):
        return lesson.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CitySitemap(PortalSitemap):
    def items(self):
        return City.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, city):
        return city.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class DeepDiveSitemap(PortalSitemap):
    def items(self):
        return DeepDive.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, deep_dive):
        return deep_dive.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ThemeSitemap(PortalSitemap):
    def items(self):
        return Theme.objects.only("slug").order_by("pk")


SITEMAPS = {
    "pages": SectionSitemap,
    "outputs": OutputSitemap,
    "lessons": LessonSitemap,
    "cities": CitySitemap,
    "deep-dives": DeepDiveSitemap,
    "themes": ThemeSitemap,
}
