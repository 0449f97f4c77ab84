"""RSS 2.0 and Atom feeds of newly published outputs: all of them, per theme and per city."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from cities.models import City, Theme
from cpp_portal.site_url import absolute_url
from knowledge.metadata import PUBLISHER
from knowledge.models import Attachment, Output


class OutputFeed(Feed):
    """All newly published outputs, newest first, as RSS 2.0."""

    url_name = "knowledge:output_feed"
    author_name = PUBLISHER

    def title(self, obj=None) -> str:
        return _("New in the CPP Knowledge Portal")

    def description(self, obj=None) -> str:
        return _("Knowledge outputs newly published by the City Partnership Program.")

    def link(self, obj=None) -> str:
        return absolute_url(reverse("knowledge:library"))

    def feed_url(self, obj=None) -> str:
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.slug} if obj else {}))

    def outputs(self, obj=None):
        return Output.objects.published()

    def items(self, obj=None):
        return (
            self.outputs(obj)
            .prefetch_related(
                "themes",
                Prefetch(
                    "attachments",
                    Attachment.objects.only("output_id", "content_type", "size", "display_name"),
                ),
            )
            .only("slug", "title", "summary", "authors", "licence", "published_at", "updated_at")
            .order_by("-published_at", "-pk")[: settings.FEED_SIZE]
        )

    def item_title(self, output: Output) -> str:
        return output.title

    def item_description(self, output: Output) -> str:
        return output.summary

    def item_link(self, output: Output) -> str:
        return absolute_url(output.get_absolute_url())

    def item_pubdate(self, output: Output):
        return output.published_at

    def item_updateddate(self, output: Output):
        return output.updated_at

    def item_author_name(self, output: Output) -> str:
        return ", ".join(output.author_list) or PUBLISHER

    def item_categories(self, output: Output) -> list[str]:
        return [theme.name for theme in output.themes.all()]

    def item_copyright(self, output: Output) -> str:
        return output.get_licence_display()

    def item_enclosures(self, output: Output) -> list[Enclosure]:
        # RSS 2.0 allows one enclosure an item: the first file, usually the document or the video itself.
        return self._enclosures(output)[:1]

    def _enclosures(self, output: Output) -> list[Enclosure]:
        return [
            Enclosure(
                absolute_url(attachment.get_absolute_url()), str(attachment.size), attachment.content_type
            )
            for attachment in output.attachments.all()
        ]


class ThemeOutputFeed(OutputFeed):
    url_name = "knowledge:theme_feed"

    def get_object(self, request, slug: str) -> Theme:
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme: Theme) -> str:
        return _("New on %(theme)s · CPP Knowledge Portal") % {"theme": theme.name}

    def description(self, theme: Theme) -> str:
        return _("Knowledge outputs on %(theme)s newly published by the City Partnership Program.") % {
            "theme": theme.name
        }

    def link(self, theme: Theme) -> str:
        return absolute_url(theme.get_absolute_url())

    def outputs(self, theme: Theme):
        return Output.objects.published().filter(themes=theme)


class CityOutputFeed(OutputFeed):
    url_name = "knowledge:city_feed"

    def get_object(self, request, slug: str) -> City:
        return get_object_or_404(City, slug=slug)

    def title(self, city: City) -> str:
        return _("New about %(city)s · CPP Knowledge Portal") % {"city": city.name}

    def description(self, city: City) -> str:
        return _("Knowledge outputs about %(city)s newly published by the City Partnership Program.") % {
            "city": city.name
        }

    def link(self, city: City) -> str:
        return absolute_url(city.get_absolute_url())

    def outputs(self, city: City):
        return Output.objects.published().filter(cities=city)


class AtomFeed:
    """The same feed as Atom 1.0, which carries every file of an output."""

    feed_type = Atom1Feed

    def subtitle(self, obj=None) -> str:
        return self.description(obj)

    def item_enclosures(self, output: Output) -> list[Enclosure]:
        return self._enclosures(output)


class OutputAtomFeed(AtomFeed, OutputFeed):
    url_name = "knowledge:output_feed_atom"


class ThemeOutputAtomFeed(AtomFeed, ThemeOutputFeed):
    url_name = "knowledge:theme_feed_atom"


class CityOutputAtomFeed(AtomFeed, CityOutputFeed):
    url_name = "knowledge:city_feed_atom"
